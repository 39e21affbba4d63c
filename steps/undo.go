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
	cr           Created // what bslwiz made, with crash intents resolved
	trustRestore string  // the Before of the first change to an adopted role, less its orphans
	trustNow     string
	ops          []undoOp // one for each call of the preview, in order
}

// undoOp is one change of an undo, as the engine makes it; the preview's
// Call is how it is shown.
type undoOp int

// The changes undo makes.
const (
	undoDeleteLocation undoOp = iota + 1
	undoRestoreTrust
	undoDetachPolicy
	undoDeleteRole
	undoDeletePolicy
	undoSetDefaultVersion
	undoDeletePolicyVersion
)

// plan adds op to the undo, shown as call.
func (d *undoData) plan(pv *Preview, op undoOp, call Call) {
	d.ops = append(d.ops, op)
	pv.Calls = append(pv.Calls, call)
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
	pv := &Preview{Title: "Undo " + j.Location, Mutates: true, data: d}

	var pc PaletteAPI
	if cr.LocationUID != "" || slices.Contains(j.Intents, IntentCreateLocation) {
		var err error
		if pc, err = s.undoPalette(); err != nil {
			return nil, err
		}
	}
	if cr.LocationUID == "" && slices.Contains(j.Intents, IntentCreateLocation) {
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
		loc, err := pc.GetS3Location(ctx, cr.LocationUID)
		switch {
		case errors.Is(err, palette.ErrNotFound):
			pv.Facts = append(pv.Facts, "location "+cr.LocationUID+" is already gone")
		case err != nil:
			return nil, err
		case loc.Name != j.Location || (j.Plan.Bucket != "" && loc.Bucket != j.Plan.Bucket):
			// The journal is a file: what it names must be what bslwiz made.
			return nil, fmt.Errorf("the journal names location uid %s, but that is %q on s3://%s, not %q on s3://%s: "+
				"undo deletes nothing on a journal that does not match what exists; check %s", cr.LocationUID,
				loc.Name, loc.Bucket, j.Location, j.Plan.Bucket, s.journal().Path())
		default:
			d.plan(pv, undoDeleteLocation, Call{"palette", "DELETE /v1/users/assets/locations/s3/" + cr.LocationUID, "location " + j.Location, s.paletteWhereFor(j)})
		}
	}

	if err := s.undoAccountAPreview(ctx, j, d, pv); err != nil {
		return nil, err
	}
	awsIntents := slices.ContainsFunc(j.Intents, func(x Intent) bool { return x != IntentCreateLocation && x != IntentAccountAGrant })
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
	if cr.RoleName == "" && slices.Contains(j.Intents, IntentCreateRole) {
		cr.RoleName, cr.RoleCreated = p.RoleName, true
	}
	if cr.PolicyARN == "" && slices.Contains(j.Intents, IntentCreatePolicy) {
		cr.PolicyARN, cr.PolicyCreated = c.PolicyARN(p.PolicyName, p.PolicyPath), true
	}
	if slices.Contains(j.Intents, IntentAttachPolicy) {
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
		case cr.PolicyCreated && st.Tags[TagLocation] != j.Location:
			// Only a policy tagged for this location is bslwiz's to delete,
			// whatever the journal says.
			pv.Warnings = append(pv.Warnings, fmt.Sprintf("policy %s has no tag %s=%s: bslwiz did not create it, so undo keeps it",
				cr.PolicyARN, TagLocation, j.Location))
		case cr.PolicyCreated:
			d.plan(pv, undoDeletePolicy, Call{"iam", "DeletePolicy", cr.PolicyARN + " (and its versions)", where})
		case cr.PolicyVersion != "" && cr.PolicyPreviousDefault != "":
			if st.DefaultVersion != cr.PolicyVersion {
				return nil, fmt.Errorf("policy %s: its default version is now %s, not %s which bslwiz added; undo leaves it alone — set the default yourself",
					cr.PolicyARN, st.DefaultVersion, cr.PolicyVersion)
			}
			d.plan(pv, undoSetDefaultVersion, Call{"iam", "SetDefaultPolicyVersion", cr.PolicyARN + " back to " + cr.PolicyPreviousDefault, where})
			d.plan(pv, undoDeletePolicyVersion, Call{"iam", "DeletePolicyVersion", cr.PolicyARN + " " + cr.PolicyVersion, where})
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
func (s *Session) undoRolePreview(ctx context.Context, c AccountB, j JournalData, d *undoData, pv *Preview, where string) error {
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
		d.plan(pv, undoDetachPolicy, Call{"iam", "DetachRolePolicy", cr.PolicyARN + " from role " + cr.RoleName, where})
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
	d.plan(pv, undoDeleteRole, Call{"iam", "DeleteRole", "role " + cr.RoleName, where})
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
	restore, dropped, err := restorableTrust(first.Before)
	if err != nil {
		return err
	}
	// What undo writes back comes from the journal, a file: it must pass the
	// lint every trust bslwiz writes passes (no Palette without the external
	// ID, no "*"), whatever the journal says it was.
	rt, err := iampolicy.ParseTrust(restore)
	if err != nil {
		return fmt.Errorf("the journal's trust policy from before bslwiz: %w", err)
	}
	acct, ext := j.Palette.STSAccountID, j.Palette.ExternalID
	if acct == "" { // a version 1 journal kept them in the plan
		acct, ext = s.Plan().PaletteAccountID, s.Plan().ExternalID
	}
	if _, err := lintTrust(rt, role.Name, acct, ext); err != nil {
		return fmt.Errorf("undo will not write back the journal's trust policy from before bslwiz: %w", err)
	}
	if iampolicy.Equivalent(role.TrustPolicy, first.Before) || iampolicy.Equivalent(role.TrustPolicy, restore) {
		return nil
	}
	if !iampolicy.Equivalent(role.TrustPolicy, last.After) {
		return s.undoForeignTrustPreview(d, role, restore, last.After, acct, ext, pv, where)
	}
	d.trustRestore = restore
	what := "restore the trust policy from before bslwiz"
	if len(dropped) > 0 {
		what += ", less the orphaned " + dropped.principals()
		pv.Warnings = append(pv.Warnings, "undo cannot restore "+dropped.names()+": IAM refuses to save a deleted principal's unique ID; "+
			"it restores the rest of the trust policy")
	}
	d.plan(pv, undoRestoreTrust, Call{"iam", "UpdateAssumeRolePolicy", "role " + role.Name + " (" + what + ")", where})
	pv.Change = newTrustChange(role.TrustPolicy, restore)
	return nil
}

// restorableTrust is the trust policy undo writes back for before: before
// itself, less the unique IDs of deleted principals (which IAM refuses to
// save), and those it left out.
func restorableTrust(before string) (string, orphanDrop, error) {
	t, err := iampolicy.ParseTrust(before)
	if err != nil {
		return "", nil, fmt.Errorf("the journal's trust policy from before bslwiz: %w", err)
	}
	dropped := orphanDrop(t.DropOrphans())
	if len(dropped) == 0 {
		return before, nil, nil
	}
	return t.JSON(), dropped, nil
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
	if len(d.ops) != len(pv.Calls) {
		return errors.New("undo: the preview's calls and changes disagree; preview again")
	}
	for i, call := range pv.Calls {
		op := d.ops[i]
		progress(Progress{Message: call.String()})
		var err error
		if op == undoAccountAGrant {
			err = s.undoAccountAGrant(ctx, cr)
		} else if op == undoDeleteLocation {
			var pc PaletteAPI
			if pc, err = s.undoPalette(); err == nil {
				if err = pc.DeleteS3Location(ctx, cr.LocationUID); errors.Is(err, palette.ErrNotFound) {
					err = nil
				}
			}
		} else {
			var c AccountB
			if c, err = s.AWSClient(ctx); err == nil {
				err = undoIAMCall(ctx, c, op, cr, d, progress)
			}
		}
		if err != nil {
			return fmt.Errorf("undo: %w", err)
		}
		s.journal().Event(s.now(), "", "undo", call.String())
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

func undoIAMCall(ctx context.Context, c AccountB, op undoOp, cr Created, d *undoData, progress func(Progress)) error {
	switch op {
	case undoSetDefaultVersion:
		return c.SetDefaultPolicyVersion(ctx, cr.PolicyARN, cr.PolicyPreviousDefault)
	case undoDeletePolicyVersion:
		return c.DeletePolicyVersion(ctx, cr.PolicyARN, cr.PolicyVersion)
	case undoRestoreTrust:
		return c.UpdateTrustPolicy(ctx, cr.RoleName, d.trustNow, d.trustRestore, retryProgress("", progress))
	case undoDetachPolicy:
		return c.DetachPolicy(ctx, cr.RoleName, cr.PolicyARN)
	case undoDeleteRole:
		return c.DeleteRole(ctx, cr.RoleName)
	case undoDeletePolicy:
		return c.DeletePolicy(ctx, cr.PolicyARN)
	}
	return fmt.Errorf("undo: unknown change %d", op)
}

// undoPalette returns a Palette client scoped as the journal says.
func (s *Session) undoPalette() (PaletteAPI, error) {
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

// undoForeignTrustPreview is the undo of a trust change that others edited
// since bslwiz wrote it: writing back the document from before bslwiz would
// throw their edit away, so undo removes only the statements bslwiz added
// (and puts back what it replaced), keeps everything else, and shows that
// difference for confirmation.
func (s *Session) undoForeignTrustPreview(d *undoData, role *aws.Role, before, wrote, acct, ext string, pv *Preview, where string) error {
	safe, removed, restored, err := iampolicy.Revert(before, wrote, role.TrustPolicy)
	if err != nil {
		return fmt.Errorf("role %s: %w", role.Name, err)
	}
	if removed == 0 && restored == 0 {
		pv.Facts = append(pv.Facts, "the trust policy of role "+role.Name+" was changed by someone else and no longer holds bslwiz's statements: undo leaves it as it is")
		return nil
	}
	st, err := iampolicy.ParseTrust(safe)
	if err != nil {
		return fmt.Errorf("role %s: the trust policy without bslwiz's statements: %w", role.Name, err)
	}
	if _, err := lintTrust(st, role.Name, acct, ext); err != nil {
		return fmt.Errorf("undo will not write the trust policy of role %s without bslwiz's statements: %w", role.Name, err)
	}
	d.trustRestore = safe
	pv.Warnings = append(pv.Warnings, fmt.Sprintf("the trust policy of role %s changed since bslwiz wrote it: undo keeps that edit and removes only the %s bslwiz added; the difference below is what it writes",
		role.Name, Plural(removed, "statement")))
	what := "remove bslwiz's " + Plural(removed, "statement") + ", keep the others"
	if restored > 0 {
		what += ", put back " + Plural(restored, "statement") + " bslwiz replaced"
	}
	d.plan(pv, undoRestoreTrust, Call{"iam", "UpdateAssumeRolePolicy", "role " + role.Name + " (" + what + ")", where})
	pv.Change = newTrustChange(role.TrustPolicy, safe)
	return nil
}

// Plural is n and noun, with an s when n is not 1: "1 check", "2 checks".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
