package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/palette"
)

// accountBWhere labels Account B calls in previews.
func accountBWhere(id aws.Identity) string { return id.Account + " (Account B)" }

// paletteSts returns Palette's account and external ID: fetched in step 5,
// or given in the plan.
func (s *Session) paletteSts() (string, string, error) {
	if sts, ok := s.Sts(); ok {
		return sts.AccountID, sts.ExternalID, nil
	}
	p := s.Plan()
	if p.PaletteAccountID != "" && p.ExternalID != "" {
		return p.PaletteAccountID, p.ExternalID, nil
	}
	return "", "", fmt.Errorf("the account ID and external ID of Palette are not known yet (%s)", s.stepRef(StepSTS))
}

// intend records, before a mutating call, that bslwiz is about to make it, so
// a crash between the call and the journal write still lets resume and undo
// know that bslwiz made what they find.
func (s *Session) intend(what Intent) error {
	if s.journal() == nil {
		return nil
	}
	now := s.now().UTC()
	s.journal().Update(func(d *JournalData) {
		if !slices.Contains(d.Intents, what) {
			d.Intents = append(d.Intents, what)
		}
		if d.IntentsAt == nil {
			d.IntentsAt = map[Intent]time.Time{}
		}
		if _, ok := d.IntentsAt[what]; !ok {
			d.IntentsAt[what] = now
		}
	})
	return s.journal().Save()
}

// clockSkew is how far this machine's clock may be behind IAM's: a resource
// IAM dates a little before the intent was recorded may still be the one
// the intended call made.
const clockSkew = 5 * time.Minute

// provenOurs reports whether a resource bslwiz found, after intending to
// create it, is the one it made: it carries this location's tag, and IAM
// made it after the intent was recorded (when the journal knows when). An
// intent alone never proves it: the call may have failed while another
// resource of that name existed, or a later plan may name a stranger's.
func (s *Session) provenOurs(what Intent, tags map[string]string, created time.Time) bool {
	if tags[TagLocation] != s.Plan().LocationName || s.journal() == nil {
		return false
	}
	at, ok := s.journal().Snapshot().IntentsAt[what]
	return !ok || created.IsZero() || !created.Before(at.Add(-clockSkew))
}

// intended reports whether an intent was recorded and not yet resolved.
func (s *Session) intended(what Intent) bool {
	return s.journal() != nil && slices.Contains(s.journal().Snapshot().Intents, what)
}

// record updates the journal after a call succeeded, clears the intent and
// saves.
func (s *Session) record(what Intent, step StepID, action, detail string, fn func(*JournalData)) error {
	if s.journal() == nil {
		return nil
	}
	now := s.now().UTC()
	s.journal().Update(func(d *JournalData) {
		if fn != nil {
			fn(d)
		}
		d.Intents = slices.DeleteFunc(d.Intents, func(x Intent) bool { return x == what })
		d.Events = append(d.Events, EventRecord{At: now, Step: step, Action: action, Detail: detail})
	})
	return s.journal().Save()
}

// abandon clears an intent after its call failed with a definite answer
// from the service (nothing was made); after a timeout or a dropped
// connection the call may have gone through, so the intent stays.
func (s *Session) abandon(what Intent, err error) {
	if s.journal() == nil || !definiteFailure(err) {
		return
	}
	s.journal().Update(func(d *JournalData) {
		d.Intents = slices.DeleteFunc(d.Intents, func(x Intent) bool { return x == what })
	})
	_ = s.journal().Save()
}

func definiteFailure(err error) bool {
	var coded interface{ ErrorCode() string }
	var pe *palette.APIError
	return errors.As(err, &coded) || errors.As(err, &pe)
}

// changeTrust makes a read-modify-write trust change, journaled as pending
// before the call and as done after it, so a crash in between still leaves
// undo the document to restore.
func (s *Session) changeTrust(ctx context.Context, c AccountB, step StepID, role, before, after, why string, progress func(Progress)) error {
	if s.journal() != nil {
		s.journal().Update(func(j *JournalData) {
			j.Trust = append(j.Trust, TrustRecord{At: s.now().UTC(), Step: step, Role: role, Before: before, After: after, Pending: true})
		})
		if err := s.journal().Save(); err != nil {
			return err
		}
	}
	err := c.UpdateTrustPolicy(ctx, role, before, after, retryProgress(step, progress))
	if err != nil {
		var changed *aws.TrustChangedError
		if errors.As(err, &changed) {
			s.setCachedTrust(changed.Current) // preview again from what is there now
		}
		if definiteFailure(err) || changed != nil {
			s.dropPendingTrust(role, after)
		}
		return err
	}
	// A write that raced another one: what bslwiz added is put back beside
	// the other writer's edit, and the journal says so.
	restored, base, err := c.ReconcileTrust(ctx, role, before, after, retryProgress(step, progress))
	if err != nil {
		return err
	}
	if restored > 0 {
		progress(Progress{Step: step, Message: fmt.Sprintf("someone wrote the trust policy of %s right after bslwiz; "+
			"restored bslwiz's %d statement(s) beside their edit", role, restored)})
		why += fmt.Sprintf("; restored %d statement(s) a concurrent write removed", restored)
	}
	final := after
	if restored > 0 {
		if now, err := c.GetTrustPolicy(ctx, role); err == nil {
			final = now
		}
	}
	s.setCachedTrust(final)
	return s.record("", step, "update trust policy", role+": "+why, func(j *JournalData) {
		for i := len(j.Trust) - 1; i >= 0; i-- {
			if j.Trust[i].Pending && j.Trust[i].Role == role && j.Trust[i].After == after {
				j.Trust[i].Pending = false
				j.Trust[i].After = final // what the role holds now: undo walks back from it
				if restored > 0 {
					j.Trust[i].Before = base // undo keeps the other writer's edit
				}
				j.Trust[i].At = s.now().UTC()
				break
			}
		}
		j.LastIAMChange = s.now().UTC()
	})
}

func (s *Session) dropPendingTrust(role, after string) {
	if s.journal() == nil {
		return
	}
	s.journal().Update(func(j *JournalData) {
		j.Trust = slices.DeleteFunc(j.Trust, func(r TrustRecord) bool { return r.Pending && r.Role == role && r.After == after })
	})
	_ = s.journal().Save()
}

// sameNamesAsJournal refuses a plan that would make this location's journal
// forget what bslwiz created: another role or policy name, or another account,
// than the ones it recorded as created.
func (s *Session) sameNamesAsJournal(p Plan) error {
	if s.journal() == nil {
		return nil
	}
	cr := s.journal().Snapshot().Created
	loc := p.LocationName
	if cr.RoleCreated && cr.RoleName != "" && !strings.EqualFold(cr.RoleName, p.RoleName) {
		return fmt.Errorf("the journal of %s records role %s, which bslwiz created; keep --role-name %s, or run 'bslwiz undo %s' first",
			loc, cr.RoleName, cr.RoleName, loc)
	}
	if cr.PolicyCreated && cr.PolicyARN != "" && !strings.HasSuffix(cr.PolicyARN, ":policy"+p.PolicyPath+p.PolicyName) {
		return fmt.Errorf("the journal of %s records policy %s, which bslwiz created; keep its name and path, or run 'bslwiz undo %s' first",
			loc, cr.PolicyARN, loc)
	}
	if id, ok := s.Identity(); ok && cr.Account != "" && (cr.RoleCreated || cr.PolicyCreated) && cr.Account != id.Account {
		return fmt.Errorf("the journal of %s records changes in account %s, but you are signed in to %s", loc, cr.Account, id.Account)
	}
	return nil
}

type roleStepData struct {
	policyDoc   string
	policy      aws.PolicyState
	drift       bool
	trustDoc    string // trust for a new role
	role        *aws.Role
	trustBefore string // adopted role lacking Palette's statement
	trustAfter  string
	dropped     orphanDrop // deleted principals the trust change drops
	attach      bool
}

func stepRole() Step {
	return Step{
		ID: StepRole, Title: "Account B policy and role",
		Screen: Screen{Busy: "Reading the policy and the role in Account B"},
		Guide: "In Account B, create the IAM policy of the guide and a role for \"Another AWS account\" (Palette's account) " +
			"with \"Require external ID\", and attach the policy.",
		Fields:  []string{"policyName", "policyPath", "roleName", "rolePath", "roleDescription", "permissionsBoundary", "maxSessionDuration", "tagging", "kmsKeyArn"},
		Mutates: true,
		Checks:  []CheckID{CheckCaller, CheckBucketEncryption, CheckTrust, CheckPermissions},
		prefetch: func(ctx context.Context, s *Session) {
			if s.connectedAWS() != nil {
				s.prefetchRoleReads(ctx)
			}
		},
		preview: previewRole,
		apply:   applyRole,
	}
}

func previewRole(ctx context.Context, s *Session) (*Preview, error) {
	c, err := s.AWSClient(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.guardAccount(c); err != nil {
		return nil, err
	}
	id := c.Identity()
	p := s.Plan()
	acct, ext, err := s.paletteSts()
	if err != nil {
		return nil, err
	}
	if err := s.sameNamesAsJournal(p); err != nil {
		return nil, err
	}
	if err := s.bucketStops(ctx); err != nil {
		return nil, err
	}
	p = s.Plan() // with the bucket's key, when it has one
	want, err := Desired(p)
	if err != nil {
		return nil, err
	}
	d := &roleStepData{policyDoc: want.PolicyDocument, trustDoc: want.NewRoleTrust}
	where := accountBWhere(id)
	pv := &Preview{data: d, Facts: append(roleBucketFacts(p, s.BucketFacts()), sessionLengthFact(p.MaxSessionDuration))}
	// The policy and the role are independent: read both at once, or take
	// what was read ahead (Engine.Prefetch, the first wave of the run).
	r := s.takeRoleReads(ctx, c, p)
	if r == nil {
		rr := readRoleAndPolicy(ctx, c, p)
		r = &rr
	}
	role, roleErr := r.role, r.roleErr
	if d.policy, err = r.policy, r.polErr; err != nil {
		return nil, err
	}
	policyARN := d.policy.ARN
	if !d.policy.Exists {
		policyARN = want.PolicyARN
		if note := s.forgotten("policy", p.PolicyName); note != "" {
			pv.Warnings = append(pv.Warnings, note)
		}
		pv.Calls = append(pv.Calls, Call{"iam", "CreatePolicy", "policy " + p.PolicyPath + p.PolicyName, where})
		pv.Documents = append(pv.Documents, Document{"permissions policy " + p.PolicyName, mustCanonical(d.policyDoc)})
	} else if !iampolicy.Equivalent(d.policy.Document, d.policyDoc) {
		if d.policy.Versions >= 5 {
			return nil, fmt.Errorf("policy %s has other permissions and already 5 versions (IAM's limit): adding one would delete an old version that undo could not bring back; "+
				"delete a version you no longer need, or choose another --policy-name", policyARN)
		}
		d.drift = true
		pv.Calls = append(pv.Calls, Call{"iam", "CreatePolicyVersion", fmt.Sprintf("policy %s (set as default; %d of 5 versions exist)", policyARN, d.policy.Versions), where})
		pv.Documents = append(pv.Documents, Document{"new default version of " + p.PolicyName, mustCanonical(d.policyDoc)})
		diff := iampolicy.LineDiff(mustCanonical(d.policy.Document), mustCanonical(d.policyDoc), 3)
		pv.Warnings = append(pv.Warnings, "policy "+p.PolicyName+" exists with other permissions; confirming adds a new default version:\n"+diff.Unified())
	} else {
		pv.Facts = append(pv.Facts, "policy "+policyARN+" exists with the guide's permissions ("+s.origin(policyARN, createdPolicy)+")")
	}

	switch err := roleErr; {
	case errors.Is(err, aws.ErrNotFound):
		if note := s.forgotten("role", p.RoleName); note != "" {
			pv.Warnings = append(pv.Warnings, note)
		}
		trusts := "trusts Palette " + acct + " with external ID"
		if p.AccountA != "" {
			// Made whole at once: step 9 then has nothing to read, append or write.
			trusts += ", and Account A " + p.AccountA
		}
		pv.Calls = append(pv.Calls, Call{"iam", "CreateRole", "role " + p.RolePath + p.RoleName + " (" + trusts + ")", where})
		pv.Documents = append(pv.Documents, Document{"trust policy of " + p.RoleName, mustCanonical(d.trustDoc)})
		pv.Change = newTrustChange("", d.trustDoc)
		if pv.TrustEvaluation, err = s.trustChangeEvaluation(id.Partition, p.RoleName, want.RoleARN, "", d.trustDoc); err != nil {
			return nil, err
		}
		// What step 9 would say of Account A's statement, said where it is made.
		nt, err := iampolicy.ParseTrust(d.trustDoc)
		if err != nil {
			return nil, err
		}
		ws, err := lintTrust(nt, p.RoleName, acct, ext)
		if err != nil {
			return nil, err
		}
		pv.Warnings = append(pv.Warnings, ws...)
		if err := s.analyzeTrustChange(ctx, pv, p.RoleName, "", d.trustDoc, -1); err != nil {
			return nil, err
		}
		d.attach = true
	case err != nil:
		return nil, err
	default:
		d.role = role
		pv.Facts = append(pv.Facts, "role "+role.ARN+" exists ("+s.origin(role.ARN, createdRole)+")")
		rt, err := iampolicy.ParseTrust(role.TrustPolicy)
		if err != nil {
			return nil, fmt.Errorf("trust policy of %s: %w", role.Name, err)
		}
		changed := rt.EnsurePalette(id.Partition, acct, ext)
		if changed {
			d.dropped = orphanDrop(rt.DropOrphans())
		}
		// Adopting a role whose trust lets Palette in without the external
		// ID would attach the bucket's policy to a confused deputy.
		ws, err := lintTrust(rt, role.Name, acct, ext)
		if err != nil {
			return nil, err
		}
		pv.Warnings = append(pv.Warnings, ws...)
		// Adopting is trusting what the role's trust lets in: evaluated
		// whether or not Palette's statement is added.
		if pv.TrustEvaluation, err = s.trustChangeEvaluation(id.Partition, role.Name, role.ARN, role.TrustPolicy, rt.JSON()); err != nil {
			return nil, err
		}
		if changed {
			d.trustBefore, d.trustAfter = role.TrustPolicy, rt.JSON()
			if err := iampolicy.CheckTrustSize(d.trustAfter, p.TrustSizeLimit); err != nil {
				return nil, err
			}
			pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy", "role " + role.Name + " (" + d.dropped.call() + "adds Palette's statement, keeps the rest)", where})
			pv.Change = newTrustChange(d.trustBefore, d.trustAfter)
			if err := s.analyzeTrustChange(ctx, pv, role.Name, d.trustBefore, d.trustAfter, rt.Len()-1); err != nil {
				return nil, err
			}
			if len(d.dropped) > 0 {
				pv.Warnings = append(pv.Warnings, d.dropped.warning())
			}
		}
		d.attach = !slices.Contains(role.AttachedPolicyARNs, policyARN)
	}
	if !d.policy.Exists || d.drift {
		if err := s.analyzeDocument(ctx, pv, "permissions policy "+p.PolicyName, d.policyDoc, aws.PermissionsPolicy); err != nil {
			return nil, err
		}
	}
	if d.attach {
		pv.Calls = append(pv.Calls, Call{"iam", "AttachRolePolicy", "policy " + p.PolicyName + " to role " + p.RoleName, where})
	} else {
		pv.Facts = append(pv.Facts, "policy "+p.PolicyName+" is attached to role "+p.RoleName)
	}
	return pv, nil
}

func applyRole(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error {
	d, ok := pv.data.(*roleStepData)
	if !ok {
		return errors.New("preview carries no role data")
	}
	c, err := s.AWSClient(ctx)
	if err != nil {
		return err
	}
	if err := s.guardAccount(c); err != nil {
		return err
	}
	// An intent left by an earlier run that crashed after the call means
	// what exists now was made by bslwiz.
	policyIntended, roleIntended, attachIntended := s.intended(IntentCreatePolicy), s.intended(IntentCreateRole), s.intended(IntentAttachPolicy)
	if pv.NoChange {
		// Everything exists as planned: adopt it, call nothing. What an
		// earlier run intended to make counts as made only when its tag
		// and create date prove it.
		policyOurs := policyIntended && s.provenOurs(IntentCreatePolicy, d.policy.Tags, d.policy.CreateDate)
		roleOurs := roleIntended && s.provenOurs(IntentCreateRole, d.role.Tags, d.role.CreateDate)
		s.mu.Lock()
		s.role, s.policyARN = d.role, d.policy.ARN
		s.trust = d.role.TrustPolicy
		s.mu.Unlock()
		return s.record("", StepRole, "adopt policy and role", d.role.ARN, func(j *JournalData) {
			if j.Created.RoleARN != d.role.ARN {
				j.Created.RoleCreated = false
			}
			if j.Created.PolicyARN != d.policy.ARN {
				j.Created.PolicyCreated, j.Created.PolicyAttached = false, false
			}
			j.Created.RoleName, j.Created.RoleARN, j.Created.PolicyARN = d.role.Name, d.role.ARN, d.policy.ARN
			j.Created.PolicyCreated = j.Created.PolicyCreated || policyOurs
			j.Created.RoleCreated = j.Created.RoleCreated || roleOurs
			j.Created.PolicyAttached = j.Created.PolicyAttached || attachIntended
			j.Intents = slices.DeleteFunc(j.Intents, func(x Intent) bool {
				return x == IntentCreatePolicy || x == IntentCreateRole || x == IntentAttachPolicy
			})
		})
	}
	if !d.policy.Exists {
		if err := s.intend(IntentCreatePolicy); err != nil {
			return err
		}
	}
	if d.role == nil {
		if err := s.intend(IntentCreateRole); err != nil {
			return err
		}
	}

	// The policy and the role do not depend on each other: make both at once.
	progress(Progress{Step: StepRole, Message: roleStepMessage(d)})
	var (
		pr              aws.PolicyResult
		role            *aws.Role
		policyErr, rErr error
		wg              sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		pr, policyErr = ensurePolicy(ctx, s, c, d, policyIntended)
	}()
	role, rErr = ensureRole(ctx, s, c, d, roleIntended, progress)
	wg.Wait()
	if err := errors.Join(policyErr, rErr); err != nil {
		return err
	}
	s.mu.Lock()
	s.role, s.policyARN = role, pr.ARN
	s.mu.Unlock()

	if d.trustAfter != "" && !role.Created {
		progress(Progress{Step: StepRole, Message: "adding Palette's statement to the trust policy of " + role.Name})
		if err := s.changeTrust(ctx, c, StepRole, role.Name, d.trustBefore, d.trustAfter, "added Palette's statement"+d.dropped.event(), progress); err != nil {
			return err
		}
	}

	p := s.Plan()
	progress(Progress{Step: StepRole, Message: "attaching " + p.PolicyName + " to " + role.Name})
	wasAttached := slices.Contains(role.AttachedPolicyARNs, pr.ARN)
	if !wasAttached {
		if err := s.intend(IntentAttachPolicy); err != nil {
			return err
		}
	}
	attached, err := c.AttachPolicyTo(ctx, role, pr.ARN)
	if err != nil {
		s.abandon(IntentAttachPolicy, err)
		return err
	}
	s.mu.Lock()
	if !slices.Contains(s.role.AttachedPolicyARNs, pr.ARN) {
		s.role.AttachedPolicyARNs = append(s.role.AttachedPolicyARNs, pr.ARN)
	}
	s.mu.Unlock()
	return s.record(IntentAttachPolicy, StepRole, "attach policy", pr.ARN+" to "+role.Name, func(j *JournalData) {
		// The flag belongs to this role and policy: an earlier run's flag for
		// other names never carries over (sameNamesAsJournal refuses those).
		j.Created.PolicyAttached = attached || attachIntended || (j.Created.PolicyAttached && wasAttached)
		if attached {
			j.LastIAMChange = s.now().UTC()
		}
	})
}

// roleStepMessage says what step 6 makes and what it adopts.
func roleStepMessage(d *roleStepData) string {
	policy := "adopting the policy"
	switch {
	case !d.policy.Exists:
		policy = "creating the policy"
	case d.drift:
		policy = "adding the policy's new default version"
	}
	role := "adopting the role"
	if d.role == nil {
		role = "creating the role"
	}
	return policy + "; " + role
}

func ensurePolicy(ctx context.Context, s *Session, c AccountB, d *roleStepData, intended bool) (aws.PolicyResult, error) {
	p := s.Plan()
	pr, err := c.EnsurePolicy(ctx, aws.PolicySpec{Name: p.PolicyName, Path: p.PolicyPath,
		Description: p.PolicyDescription(),
		Document:    d.policyDoc, Tags: p.Tags(), KnownAbsent: !d.policy.Exists}, d.drift)
	if err != nil {
		s.abandon(IntentCreatePolicy, err)
		return pr, err
	}
	if pr.Drift != nil && !d.drift {
		return pr, fmt.Errorf("policy %s changed since the preview; preview again", pr.ARN)
	}
	// CreatePolicy answered EntityAlreadyExists (a retried request whose
	// first reply was lost, or an earlier run that crashed) or found one:
	// it is bslwiz's only when its tag and create date say so.
	created := pr.Created
	if !created && (intended || s.intended(IntentCreatePolicy)) {
		st, err := c.GetPolicyByARN(ctx, pr.ARN)
		if err != nil {
			return pr, err
		}
		created = s.provenOurs(IntentCreatePolicy, st.Tags, st.CreateDate)
	}
	return pr, s.record(IntentCreatePolicy, StepRole, policyAction(pr), pr.ARN, func(j *JournalData) {
		same := j.Created.PolicyARN == pr.ARN
		j.Created.PolicyARN = pr.ARN
		j.Created.PolicyCreated = created || (same && j.Created.PolicyCreated)
		if !same {
			j.Created.PolicyVersion, j.Created.PolicyPreviousDefault = "", ""
		}
		if pr.NewVersion != "" {
			j.Created.PolicyVersion = pr.NewVersion
			j.Created.PolicyPreviousDefault = d.policy.DefaultVersion
		}
		if pr.Created || pr.NewVersion != "" {
			j.LastIAMChange = s.now().UTC()
		}
	})
}

func ensureRole(ctx context.Context, s *Session, c AccountB, d *roleStepData, intended bool, progress func(Progress)) (*aws.Role, error) {
	p := s.Plan()
	role, err := c.EnsureRole(ctx, aws.RoleSpec{Name: p.RoleName, Path: p.RolePath, Description: p.RoleDescription,
		TrustPolicy: d.trustDoc, PermissionsBoundary: p.PermissionsBoundary, Tags: p.Tags(),
		MaxSessionDuration: int32(p.MaxSessionDuration), Progress: retryProgress(StepRole, progress), KnownAbsent: d.role == nil})
	if err != nil {
		s.abandon(IntentCreateRole, err)
		return nil, err
	}
	if d.role == nil && !role.Created && !s.provenOurs(IntentCreateRole, role.Tags, role.CreateDate) {
		// The preview saw no such role (read then, or read ahead while the
		// step before was on screen): one that appeared since is not
		// bslwiz's, and its trust has not been read, linted or shown.
		s.abandon(IntentCreateRole, errRoleAppeared)
		return nil, fmt.Errorf("role %s appeared since the preview, and bslwiz did not make it; preview again: %w", role.Name, errRoleAppeared)
	}
	s.setCachedTrust(role.TrustPolicy)
	// As for the policy: an adopted role is bslwiz's only when its tag and
	// create date prove that the intended CreateRole made it.
	created := role.Created || ((intended || s.intended(IntentCreateRole)) && s.provenOurs(IntentCreateRole, role.Tags, role.CreateDate))
	action := "adopt role"
	if role.Created {
		action = "create role"
	}
	return role, s.record(IntentCreateRole, StepRole, action, role.ARN, func(j *JournalData) {
		same := j.Created.RoleARN == role.ARN
		j.Created.RoleName, j.Created.RoleARN = role.Name, role.ARN
		j.Created.RoleCreated = created || (same && j.Created.RoleCreated)
		if role.Created {
			j.Trust = append(j.Trust, TrustRecord{At: s.now().UTC(), Step: StepRole, Role: role.Name, After: d.trustDoc})
			j.LastIAMChange = s.now().UTC()
		}
	})
}

// errRoleAppeared is a role that did not exist at the preview and does at
// the create: another writer's. It is a definite answer (nothing was made).
var errRoleAppeared = roleAppearedError{}

type roleAppearedError struct{}

func (roleAppearedError) Error() string     { return "EntityAlreadyExists" }
func (roleAppearedError) ErrorCode() string { return "EntityAlreadyExists" }

func policyAction(pr aws.PolicyResult) string {
	switch {
	case pr.Created:
		return "create policy"
	case pr.NewVersion != "":
		return "create policy version " + pr.NewVersion
	}
	return "adopt policy"
}

func retryProgress(step StepID, progress func(Progress)) func(aws.RetryStatus) {
	return func(r aws.RetryStatus) {
		reason := "not visible yet"
		if r.Err != nil {
			reason = firstLine(r.Err.Error())
		}
		progress(Progress{Step: step, Message: "waiting for IAM to propagate",
			Retry: &Retry{Attempt: r.Attempt, Elapsed: r.Elapsed, Remaining: r.Remaining, Next: r.Wait, Reason: reason}})
	}
}

// aimAccountA makes the trust let the plan's Account A in: bslwiz's own
// Account A statement (it created the role, or its journal recorded step 9's
// append to this role) is pointed at the plan's principal when that changed
// since (narrowed from the whole account to a role, say, which the old
// statement would otherwise go on admitting, and more); otherwise the
// statement is appended unless one already admits it. added is the index of
// the statement that changed, for Access Analyzer's CheckNoNewAccess.
func (s *Session) aimAccountA(t *iampolicy.Trust, partition, role, principal string) (changed bool, added int, retargeted bool, err error) {
	if s.ownsAccountAStatement(role) {
		i, err := t.RetargetAccountA(partition, principal)
		if err != nil {
			return false, -1, false, err
		}
		if i >= 0 {
			return true, i, true, nil
		}
	}
	if changed, err = t.EnsureAccountA(partition, principal); err != nil {
		return false, -1, false, err
	}
	return changed, t.Len() - 1, false, nil
}

// ownsAccountAStatement reports whether the Account A statement in role's
// trust is bslwiz's: it created the role (with NewRoleTrust), or its journal
// recorded step 9's append to this role.
func (s *Session) ownsAccountAStatement(role string) bool {
	if s.roleMadeByBslwiz() {
		return true
	}
	j := s.journal()
	if j == nil {
		return false
	}
	for _, r := range j.Snapshot().Trust {
		if r.Role == role && r.Step == StepAppendAccountA && !r.Pending {
			return true
		}
	}
	return false
}

// aimCall says what step 9's write does to the document.
func aimCall(retargeted bool, principal string) string {
	if retargeted {
		return "bslwiz's Account A statement now names " + principal + "; replaces the whole document: read, change, write"
	}
	return "replaces the whole document: read, append, write"
}

// createdWithAccountA is why step 9 changes nothing on a role that step 6
// created: Desired's NewRoleTrust had Account A's statement.
const createdWithAccountA = "step 6 created the role with Account A's statement beside Palette's, in one call, so there is nothing to read, append or write"

// asCreated reports whether the role's trust is still the one bslwiz's step
// 6 created it with (Desired's NewRoleTrust): step 6's preview showed that
// document and its warnings, and step 9 has nothing to add to it. A trust
// someone edited since is not.
func (s *Session) asCreated(trust string) bool {
	if !s.roleMadeByBslwiz() {
		return false
	}
	want, err := Desired(s.Plan())
	return err == nil && iampolicy.Equivalent(trust, want.NewRoleTrust)
}

// roleMadeByBslwiz reports whether bslwiz's step 6 created the role: in this
// run, or in the run the journal records (going back, or resuming, adopts
// it).
func (s *Session) roleMadeByBslwiz() bool {
	s.mu.Lock()
	r := s.role
	s.mu.Unlock()
	if r == nil {
		return false
	}
	if r.Created {
		return true
	}
	j := s.journal()
	if j == nil {
		return false
	}
	c := j.Snapshot().Created
	return c.RoleCreated && c.RoleARN == r.ARN
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func mustCanonical(doc string) string {
	c, err := iampolicy.Canonicalize(doc)
	if err != nil {
		return doc
	}
	return c
}

func stepReview() Step {
	return Step{
		ID: StepReview, Title: "Review the role",
		Screen: Screen{Busy: "Reviewing the role and simulating its permissions"},
		Guide:  "Review the new role in Account B: its ARN, the attached policy, and what the policy allows.",
		Checks: []CheckID{CheckPermissions, CheckBucketPolicy},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			c, err := s.AWSClient(ctx)
			if err != nil {
				return nil, err
			}
			p := s.Plan()
			role, err := s.currentRole(ctx, p.RoleName)
			if err != nil {
				return nil, err
			}
			pv := &Preview{Facts: []string{"role ARN: " + role.ARN}}
			for _, a := range role.AttachedPolicyARNs {
				pv.Facts = append(pv.Facts, "attached: "+a)
			}
			all, err := s.simulate(ctx, c, role.ARN, p.Region, aws.GuideActions(c.Identity().Partition, p.Bucket, permissionsOptions(p)))
			// Denials by Organizations or for missing context values may not
			// hold for the real call: warnings; Palette's validate decides.
			denied, uncertain := aws.SplitDenials(all)
			for _, dn := range uncertain {
				pv.Warnings = append(pv.Warnings, "the simulator denies "+dn.String()+"; Palette's validate (step 12) will tell")
			}
			switch {
			case err != nil:
				pv.Warnings = append(pv.Warnings, "could not simulate the role's permissions: "+err.Error())
			case len(denied) > 0:
				var lines []string
				for _, dn := range denied {
					lines = append(lines, dn.String())
				}
				return nil, &PermissionsDeniedError{Role: role.Name, Denied: lines}
			case len(uncertain) == 0:
				pv.Facts = append(pv.Facts, "simulation: every action of the guide is allowed")
			}
			return pv, nil
		},
		hypothetical: reviewFrom,
	}
}

func stepCurrentTrust() Step {
	return Step{
		ID: StepCurrentTrust, Title: "Current trust relationships",
		Screen: Screen{Busy: "Reading the role's trust policy"},
		Guide:  "The role's Trust relationships already trust Palette, with your external ID. This is the policy as it is now.",
		Checks: []CheckID{CheckTrust},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			p := s.Plan()
			doc, err := s.currentTrust(ctx, p.RoleName)
			if err != nil {
				return nil, err
			}
			t, err := iampolicy.ParseTrust(doc)
			if err != nil {
				return nil, err
			}
			pv := &Preview{Documents: []Document{{"trust policy of " + p.RoleName, t.Canonical()}}}
			pv.Facts = append(pv.Facts, statements(t.Len()))
			ws, err := lintTrust(t, p.RoleName, p.PaletteAccountID, p.ExternalID)
			if err != nil {
				return nil, err
			}
			// A role step 6 created whole had these warnings on its preview.
			if !s.asCreated(doc) {
				pv.Warnings = append(pv.Warnings, ws...)
			}
			return pv, nil
		},
		hypothetical: currentTrustFrom,
	}
}

type trustStepData struct {
	before, after string
	dropped       orphanDrop // deleted principals the change drops
}

func stepAppendAccountA() Step {
	return Step{
		ID: StepAppendAccountA, Title: "Append Account A",
		Screen: Screen{Busy: "Reading the trust policy and appending Account A"},
		Guide: "Edit the trust policy: append a statement that lets AWS Account A (the cluster's account, or one of its roles) " +
			"assume the role. Everything already in the policy stays.",
		Fields:  []string{"accountA", "cluster", "trustSizeLimit"},
		Mutates: true,
		Checks:  []CheckID{CheckTrust, CheckAccessAnalyzer},
		preview: withAccountANeeds(func(ctx context.Context, s *Session) (*Preview, error) {
			c, err := s.AWSClient(ctx)
			if err != nil {
				return nil, err
			}
			if err := s.guardAccount(c); err != nil {
				return nil, err
			}
			p := s.Plan()
			id := c.Identity()
			before, err := s.currentTrust(ctx, p.RoleName)
			if err != nil {
				return nil, err
			}
			t, err := iampolicy.ParseTrust(before)
			if err != nil {
				return nil, err
			}
			changed, added, retargeted, err := s.aimAccountA(t, id.Partition, p.RoleName, p.AccountA)
			if err != nil {
				return nil, err
			}
			d := &trustStepData{before: before}
			if changed {
				d.dropped = orphanDrop(t.DropOrphans())
			}
			pv := &Preview{data: d}
			after := t.JSON()
			pv.Change = newTrustChange(before, after)
			if pv.TrustEvaluation, err = s.trustChangeEvaluation(id.Partition, p.RoleName, s.roleARNOfPlan(), before, after); err != nil {
				return nil, err
			}
			if !changed {
				fact := "the trust policy already lets Account A " + p.AccountA + " assume the role"
				if s.asCreated(before) {
					fact += ": " + createdWithAccountA
				}
				pv.Facts = append(pv.Facts, fact)
				return pv, nil
			}
			if err := iampolicy.CheckTrustSize(after, p.TrustSizeLimit); err != nil {
				return nil, err
			}
			d.after = after
			pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy",
				"role " + p.RoleName + " (" + d.dropped.call() + aimCall(retargeted, p.AccountA) + ")", accountBWhere(id)})
			if len(d.dropped) > 0 {
				pv.Warnings = append(pv.Warnings, d.dropped.warning())
			}
			// The document as it would be written: a finding of Error
			// severity refuses the change, whichever statement it is in.
			ws, err := lintTrust(t, p.RoleName, p.PaletteAccountID, p.ExternalID)
			if err != nil {
				return nil, err
			}
			pv.Warnings = append(pv.Warnings, ws...)
			if err := s.analyzeTrustChange(ctx, pv, p.RoleName, before, after, added); err != nil {
				return nil, err
			}
			return pv, nil
		}),
		hypothetical: hypotheticalWithAccountANeeds(appendFrom),
		apply: func(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error {
			d, _ := pv.data.(*trustStepData)
			if d == nil || d.after == "" {
				return nil
			}
			c, err := s.AWSClient(ctx)
			if err != nil {
				return err
			}
			if err := s.guardAccount(c); err != nil {
				return err
			}
			p := s.Plan()
			progress(Progress{Step: StepAppendAccountA, Message: "updating the trust policy of " + p.RoleName})
			return s.changeTrust(ctx, c, StepAppendAccountA, p.RoleName, d.before, d.after, "appended Account A "+p.AccountA+d.dropped.event(), progress)
		},
	}
}
