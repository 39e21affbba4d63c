package steps

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/palette"
)

type undoData struct {
	j            JournalData
	trustRestore *TrustRecord // restore Before of the first change after bslwiz adopted the role
	trustNow     string
}

// UndoPreview reads the journal and what exists now, and lists the calls
// that would undo the run: delete the Palette location bslwiz created,
// restore the trust policy it changed, detach the policy it attached, delete
// the role and policy it created. What bslwiz only adopted stays.
func (s *Session) UndoPreview(ctx context.Context) (*Preview, error) {
	if s.Journal == nil {
		return nil, errors.New("undo needs the journal of the run")
	}
	j := s.Journal.Snapshot()
	d := &undoData{j: j}
	pv := &Preview{Step: 0, Title: "Undo " + j.Location, Mutates: true, data: d}
	cr := j.Created

	if cr.LocationCreated && cr.LocationUID != "" {
		pc, err := s.undoPalette()
		if err != nil {
			return nil, err
		}
		if _, err := pc.GetS3Location(ctx, cr.LocationUID); errors.Is(err, palette.ErrNotFound) {
			pv.Facts = append(pv.Facts, "location "+cr.LocationUID+" is already gone")
		} else if err != nil {
			return nil, err
		} else {
			pv.Calls = append(pv.Calls, Call{"palette", "DELETE /v1/users/assets/locations/s3/" + cr.LocationUID, "location " + j.Location, s.paletteWhereFor(j)})
		}
	}

	var c *aws.Client
	needAWS := cr.RoleName != "" || cr.PolicyARN != ""
	if needAWS {
		var err error
		c, err = s.AWSClient(ctx)
		if err != nil {
			return nil, err
		}
		if cr.Account != "" && c.Identity().Account != cr.Account {
			return nil, &aws.WrongAccountError{Got: c.Identity().Account, Want: cr.Account}
		}
	}
	where := ""
	if c != nil {
		where = accountBWhere(c.Identity())
	}

	roleGone := false
	if cr.RoleName != "" {
		role, err := c.GetRole(ctx, cr.RoleName)
		switch {
		case errors.Is(err, aws.ErrNotFound):
			roleGone = true
			pv.Facts = append(pv.Facts, "role "+cr.RoleName+" is already gone")
		case err != nil:
			return nil, err
		default:
			d.trustNow = role.TrustPolicy
			if !cr.RoleCreated {
				// Adopted role: put its trust policy back as it was.
				var first, last *TrustRecord
				for i := range j.Trust {
					if j.Trust[i].Role == cr.RoleName && j.Trust[i].Before != "" {
						if first == nil {
							first = &j.Trust[i]
						}
						last = &j.Trust[i]
					}
				}
				if first != nil {
					if !iampolicy.Equivalent(role.TrustPolicy, last.After) && !iampolicy.Equivalent(role.TrustPolicy, first.Before) {
						return nil, &aws.TrustChangedError{Current: role.TrustPolicy,
							Diff: iampolicy.LineDiff(mustCanonical(last.After), mustCanonical(role.TrustPolicy), 3)}
					}
					if !iampolicy.Equivalent(role.TrustPolicy, first.Before) {
						d.trustRestore = first
						pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy", "role " + cr.RoleName + " (restore the trust policy from before bslwiz)", where})
						pv.Trust = newTrustChange(role.TrustPolicy, first.Before)
					}
				}
			}
			if cr.PolicyAttached && cr.PolicyARN != "" && containsString(role.AttachedPolicyARNs, cr.PolicyARN) {
				pv.Calls = append(pv.Calls, Call{"iam", "DetachRolePolicy", cr.PolicyARN + " from role " + cr.RoleName, where})
			}
			if cr.RoleCreated {
				for _, a := range role.AttachedPolicyARNs {
					if a != cr.PolicyARN || !cr.PolicyAttached {
						return nil, fmt.Errorf("role %s has policy %s attached, which bslwiz did not attach; detach it first or keep the role", cr.RoleName, a)
					}
				}
				pv.Calls = append(pv.Calls, Call{"iam", "DeleteRole", "role " + cr.RoleName, where})
			}
		}
	}
	_ = roleGone
	if cr.PolicyARN != "" {
		st, err := c.GetPolicyByARN(ctx, cr.PolicyARN)
		switch {
		case err != nil:
			return nil, err
		case !st.Exists:
			pv.Facts = append(pv.Facts, "policy "+cr.PolicyARN+" is already gone")
		case cr.PolicyCreated:
			pv.Calls = append(pv.Calls, Call{"iam", "DeletePolicy", cr.PolicyARN + " (and its versions)", where})
		case cr.PolicyVersion != "" && cr.PolicyPreviousDefault != "":
			pv.Calls = append(pv.Calls,
				Call{"iam", "SetDefaultPolicyVersion", cr.PolicyARN + " back to " + cr.PolicyPreviousDefault, where},
				Call{"iam", "DeletePolicyVersion", cr.PolicyARN + " " + cr.PolicyVersion, where})
		}
	}
	if len(pv.Calls) == 0 {
		pv.NoChange = true
		pv.Facts = append(pv.Facts, "nothing to undo")
	}
	return pv, nil
}

// Undo makes the calls UndoPreview listed, in that order, recording each in
// the journal.
func (s *Session) Undo(ctx context.Context, pv *Preview, progress func(Progress)) error {
	d, ok := pv.data.(*undoData)
	if !ok {
		return errors.New("undo needs its preview")
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	cr := d.j.Created
	for _, call := range pv.Calls {
		progress(Progress{Message: call.String()})
		var err error
		switch call.Action {
		case "SetDefaultPolicyVersion":
			c, _ := s.AWSClient(ctx)
			err = c.SetDefaultPolicyVersion(ctx, cr.PolicyARN, cr.PolicyPreviousDefault)
		case "DeletePolicyVersion":
			c, _ := s.AWSClient(ctx)
			err = c.DeletePolicyVersion(ctx, cr.PolicyARN, cr.PolicyVersion)
		case "UpdateAssumeRolePolicy":
			c, _ := s.AWSClient(ctx)
			err = c.UpdateTrustPolicy(ctx, cr.RoleName, d.trustNow, d.trustRestore.Before, retryProgress(0, progress))
		case "DetachRolePolicy":
			c, _ := s.AWSClient(ctx)
			err = c.DetachPolicy(ctx, cr.RoleName, cr.PolicyARN)
		case "DeleteRole":
			c, _ := s.AWSClient(ctx)
			err = c.DeleteRole(ctx, cr.RoleName)
		case "DeletePolicy":
			c, _ := s.AWSClient(ctx)
			err = c.DeletePolicy(ctx, cr.PolicyARN)
		default: // the Palette delete
			var pc *palette.Client
			pc, err = s.undoPalette()
			if err == nil {
				err = pc.DeleteS3Location(ctx, cr.LocationUID)
				if errors.Is(err, palette.ErrNotFound) {
					err = nil
				}
			}
		}
		if err != nil {
			return fmt.Errorf("undo: %w", err)
		}
		s.Journal.Event(s.now(), 0, "undo", call.String())
		if err := s.Journal.Save(); err != nil {
			return err
		}
	}
	now := s.now().UTC()
	s.Journal.Update(func(j *JournalData) {
		j.Undone = &now
		j.Created = Created{}
		j.Done = nil
		j.Trust = nil
		j.Intents = nil
		j.LastIAMChange = time.Time{}
	})
	return s.Journal.Save()
}

// undoPalette returns a Palette client scoped as the journal says.
func (s *Session) undoPalette() (*palette.Client, error) {
	if c, err := s.PaletteClient(); err == nil {
		return c, nil
	}
	j := s.Journal.Snapshot()
	p := s.Plan()
	if j.Palette.Endpoint != "" {
		p.PaletteEndpoint = j.Palette.Endpoint
	}
	c, err := s.newPaletteClient(p)
	if err != nil {
		return nil, err
	}
	if j.Palette.ProjectUID != "" {
		c = c.InProject(j.Palette.ProjectUID)
	}
	return c, nil
}

func (s *Session) paletteWhereFor(j JournalData) string {
	if j.Palette.Scope == "tenant" {
		return "Palette " + j.Palette.Endpoint + ", tenant scope"
	}
	return "Palette " + j.Palette.Endpoint + ", project " + j.Palette.ProjectName
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
