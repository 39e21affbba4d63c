package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/palette"
)

// TagLocation is the tag bslwiz puts on what it creates in Account B; undo
// deletes a role only when the tag names the journal's location.
const TagLocation = "bslwiz:location"

type undoData struct {
	cr           Created      // what bslwiz made, with crash intents resolved
	trustRestore *TrustRecord // the Before of the first change to an adopted role
	trustNow     string
}

// UndoPreview reads the journal and what exists now, and lists the calls
// that would undo the run: delete the Palette location bslwiz created,
// restore the trust policy it changed, detach the policy it attached, delete
// the role and policy it created. What bslwiz only adopted stays. Intents a
// crash left unresolved are resolved here from the plan's names, so a crash
// between a call and its journal record is undone too.
//
// It refuses before any call when undo could not finish: a role with
// policies bslwiz did not attach, a trust policy changed by someone else
// since, a policy whose default version moved on.
func (s *Session) UndoPreview(ctx context.Context) (*Preview, error) {
	if s.journal() == nil {
		return nil, errors.New("undo needs the journal of the run")
	}
	j := s.journal().Snapshot()
	p := s.Plan()
	d := &undoData{cr: j.Created}
	cr := &d.cr
	pv := &Preview{Step: 0, Title: "Undo " + j.Location, Mutates: true, data: d}

	var pc *palette.Client
	if cr.LocationUID != "" || slices.Contains(j.Intents, "create-location") {
		var err error
		if pc, err = s.undoPalette(); err != nil {
			return nil, err
		}
	}
	if cr.LocationUID == "" && slices.Contains(j.Intents, "create-location") {
		locs, err := pc.ListLocations(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range locs {
			if l.Name == j.Location {
				cr.LocationUID, cr.LocationCreated = l.UID, true
				pv.Facts = append(pv.Facts, "location "+l.Name+" was created by a run that stopped before recording it")
			}
		}
	}
	if cr.LocationCreated && cr.LocationUID != "" {
		if _, err := pc.GetS3Location(ctx, cr.LocationUID); errors.Is(err, palette.ErrNotFound) {
			pv.Facts = append(pv.Facts, "location "+cr.LocationUID+" is already gone")
		} else if err != nil {
			return nil, err
		} else {
			pv.Calls = append(pv.Calls, Call{"palette", "DELETE /v1/users/assets/locations/s3/" + cr.LocationUID, "location " + j.Location, s.paletteWhereFor(j)})
		}
	}

	awsIntents := slices.ContainsFunc(j.Intents, func(x string) bool { return x != "create-location" })
	if cr.RoleName == "" && cr.PolicyARN == "" && !awsIntents && !slices.ContainsFunc(j.Trust, func(r TrustRecord) bool { return r.Before != "" }) {
		return finishUndoPreview(pv), nil
	}
	c, err := s.AWSClient(ctx)
	if err != nil {
		return nil, err
	}
	if cr.Account != "" && c.Identity().Account != cr.Account {
		return nil, &aws.WrongAccountError{Got: c.Identity().Account, Want: cr.Account, ARN: c.Identity().ARN}
	}
	where := accountBWhere(c.Identity())
	if cr.RoleName == "" && slices.Contains(j.Intents, "create-role") {
		cr.RoleName, cr.RoleCreated = p.RoleName, true
	}
	if cr.PolicyARN == "" && slices.Contains(j.Intents, "create-policy") {
		cr.PolicyARN, cr.PolicyCreated = c.PolicyARN(p.PolicyName, p.PolicyPath), true
	}
	if slices.Contains(j.Intents, "attach-policy") {
		cr.PolicyAttached = true
	}

	if cr.RoleName != "" {
		if err := s.undoRolePreview(ctx, c, j, d, pv, where); err != nil {
			return nil, err
		}
	}
	if cr.PolicyARN != "" {
		st, err := c.GetPolicyByARN(ctx, cr.PolicyARN)
		switch {
		case err != nil:
			return nil, err
		case !st.Exists:
			if cr.PolicyCreated {
				pv.Facts = append(pv.Facts, "policy "+cr.PolicyARN+" is already gone")
			}
		case cr.PolicyCreated:
			pv.Calls = append(pv.Calls, Call{"iam", "DeletePolicy", cr.PolicyARN + " (and its versions)", where})
		case cr.PolicyVersion != "" && cr.PolicyPreviousDefault != "":
			if st.DefaultVersion != cr.PolicyVersion {
				return nil, fmt.Errorf("policy %s: its default version is now %s, not %s which bslwiz added; undo leaves it alone — set the default yourself",
					cr.PolicyARN, st.DefaultVersion, cr.PolicyVersion)
			}
			pv.Calls = append(pv.Calls,
				Call{"iam", "SetDefaultPolicyVersion", cr.PolicyARN + " back to " + cr.PolicyPreviousDefault, where},
				Call{"iam", "DeletePolicyVersion", cr.PolicyARN + " " + cr.PolicyVersion, where})
		}
	}
	return finishUndoPreview(pv), nil
}

func finishUndoPreview(pv *Preview) *Preview {
	if len(pv.Calls) == 0 {
		pv.NoChange = true
		pv.Facts = append(pv.Facts, "nothing to undo")
	}
	return pv
}

// undoRolePreview adds the role's part of the undo: restore the trust policy
// of an adopted role, detach the policy bslwiz attached, delete the role
// bslwiz created (only when its tag names this location).
func (s *Session) undoRolePreview(ctx context.Context, c *aws.Client, j JournalData, d *undoData, pv *Preview, where string) error {
	cr := &d.cr
	role, err := c.GetRole(ctx, cr.RoleName)
	if errors.Is(err, aws.ErrNotFound) {
		pv.Facts = append(pv.Facts, "role "+cr.RoleName+" is already gone")
		return nil
	}
	if err != nil {
		return err
	}
	d.trustNow = role.TrustPolicy
	if cr.RoleCreated && role.Tags[TagLocation] != j.Location {
		// Only a role tagged for this location is bslwiz's to delete.
		pv.Warnings = append(pv.Warnings, fmt.Sprintf("role %s has no tag %s=%s: bslwiz did not create it, so undo keeps it", role.Name, TagLocation, j.Location))
		cr.RoleCreated = false
	}
	if !cr.RoleCreated {
		if err := s.undoTrustPreview(j, d, role, pv, where); err != nil {
			return err
		}
	}
	attachedByUs := cr.PolicyAttached && cr.PolicyARN != "" && slices.Contains(role.AttachedPolicyARNs, cr.PolicyARN)
	if attachedByUs {
		pv.Calls = append(pv.Calls, Call{"iam", "DetachRolePolicy", cr.PolicyARN + " from role " + cr.RoleName, where})
	}
	if !cr.RoleCreated {
		return nil
	}
	for _, a := range role.AttachedPolicyARNs {
		if a != cr.PolicyARN || !attachedByUs {
			return fmt.Errorf("role %s has policy %s attached, which bslwiz did not attach; detach it first or keep the role", cr.RoleName, a)
		}
	}
	inline, err := c.InlinePolicies(ctx, cr.RoleName)
	if err != nil {
		return err
	}
	if len(inline) > 0 {
		return fmt.Errorf("role %s has inline policies bslwiz did not add (%v); remove them first or keep the role", cr.RoleName, inline)
	}
	pv.Calls = append(pv.Calls, Call{"iam", "DeleteRole", "role " + cr.RoleName, where})
	return nil
}

// undoTrustPreview restores an adopted role's trust policy to what it was
// before bslwiz's first change, if it is still what bslwiz left.
func (s *Session) undoTrustPreview(j JournalData, d *undoData, role *aws.Role, pv *Preview, where string) error {
	// Walk back from the policy as it is: a pending record (a crash after
	// the call) counts as applied when the document it wrote is the one the
	// next change started from, or the current one.
	var applied []TrustRecord
	expect := role.TrustPolicy
	for i := len(j.Trust) - 1; i >= 0; i-- {
		r := j.Trust[i]
		if r.Role != role.Name || r.Before == "" {
			continue
		}
		if r.Pending && !iampolicy.Equivalent(r.After, expect) {
			continue
		}
		applied = append([]TrustRecord{r}, applied...)
		expect = r.Before
	}
	if len(applied) == 0 {
		return nil
	}
	first, last := applied[0], applied[len(applied)-1]
	if iampolicy.Equivalent(role.TrustPolicy, first.Before) {
		return nil
	}
	if !iampolicy.Equivalent(role.TrustPolicy, last.After) {
		return &aws.TrustChangedError{Role: role.Name, Current: role.TrustPolicy,
			Diff: iampolicy.LineDiff(mustCanonical(last.After), mustCanonical(role.TrustPolicy), 3)}
	}
	d.trustRestore = &first
	pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy", "role " + role.Name + " (restore the trust policy from before bslwiz)", where})
	pv.Trust = newTrustChange(role.TrustPolicy, first.Before)
	return nil
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
	cr := d.cr
	for _, call := range pv.Calls {
		progress(Progress{Message: call.String()})
		var err error
		if call.Service == "palette" {
			var pc *palette.Client
			if pc, err = s.undoPalette(); err == nil {
				if err = pc.DeleteS3Location(ctx, cr.LocationUID); errors.Is(err, palette.ErrNotFound) {
					err = nil
				}
			}
		} else {
			var c *aws.Client
			if c, err = s.AWSClient(ctx); err == nil {
				err = undoIAMCall(ctx, c, call.Action, cr, d, progress)
			}
		}
		if err != nil {
			return fmt.Errorf("undo: %w", err)
		}
		s.journal().Event(s.now(), 0, "undo", call.String())
		if err := s.journal().Save(); err != nil {
			return err
		}
	}
	now := s.now().UTC()
	s.journal().Update(func(j *JournalData) {
		j.Undone = &now
		j.Created = Created{}
		j.Done = nil
		j.Trust = nil
		j.Intents = nil
		j.LastIAMChange = time.Time{}
	})
	return s.journal().Save()
}

func undoIAMCall(ctx context.Context, c *aws.Client, action string, cr Created, d *undoData, progress func(Progress)) error {
	switch action {
	case "SetDefaultPolicyVersion":
		return c.SetDefaultPolicyVersion(ctx, cr.PolicyARN, cr.PolicyPreviousDefault)
	case "DeletePolicyVersion":
		return c.DeletePolicyVersion(ctx, cr.PolicyARN, cr.PolicyVersion)
	case "UpdateAssumeRolePolicy":
		return c.UpdateTrustPolicy(ctx, cr.RoleName, d.trustNow, d.trustRestore.Before, retryProgress(0, progress))
	case "DetachRolePolicy":
		return c.DetachPolicy(ctx, cr.RoleName, cr.PolicyARN)
	case "DeleteRole":
		return c.DeleteRole(ctx, cr.RoleName)
	case "DeletePolicy":
		return c.DeletePolicy(ctx, cr.PolicyARN)
	}
	return fmt.Errorf("unknown undo call %s", action)
}

// undoPalette returns a Palette client scoped as the journal says.
func (s *Session) undoPalette() (*palette.Client, error) {
	if c, err := s.PaletteClient(); err == nil {
		return c, nil
	}
	j := s.journal().Snapshot()
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
