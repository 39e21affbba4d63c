package steps

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
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
	return "", "", fmt.Errorf("Palette's account ID and external ID are not known yet (step 5)")
}

// intend records, before a mutating call, that bslwiz is about to make it, so
// a crash between the call and the journal write still lets resume and undo
// know that bslwiz made what they find.
func (s *Session) intend(what string) error {
	if s.Journal == nil {
		return nil
	}
	s.Journal.Update(func(d *JournalData) {
		if !slices.Contains(d.Intents, what) {
			d.Intents = append(d.Intents, what)
		}
	})
	return s.Journal.Save()
}

// intended reports whether an intent was recorded and not yet resolved.
func (s *Session) intended(what string) bool {
	return s.Journal != nil && slices.Contains(s.Journal.Snapshot().Intents, what)
}

// record updates the journal after a call succeeded, clears the intent and
// saves.
func (s *Session) record(what string, step int, action, detail string, fn func(*JournalData)) error {
	if s.Journal == nil {
		return nil
	}
	now := s.now().UTC()
	s.Journal.Update(func(d *JournalData) {
		if fn != nil {
			fn(d)
		}
		d.Intents = slices.DeleteFunc(d.Intents, func(x string) bool { return x == what })
		if step == 6 || step == 9 {
			d.LastIAMChange = now
		}
		d.Events = append(d.Events, EventRecord{At: now, Step: step, Action: action, Detail: detail})
	})
	return s.Journal.Save()
}

type roleStepData struct {
	policyDoc   string
	policy      aws.PolicyState
	drift       bool
	trustDoc    string // trust for a new role
	role        *aws.Role
	trustBefore string // adopted role lacking Palette's statement
	trustAfter  string
	attach      bool
}

func stepRole() Step {
	return Step{
		Number: 6, Title: "Account B policy and role",
		Guide: "In Account B, create the IAM policy of the guide and a role for \"Another AWS account\" (Palette's account) " +
			"with \"Require external ID\", and attach the policy.",
		Fields:  []string{"policyName", "policyPath", "roleName", "rolePath", "roleDescription", "permissionsBoundary", "maxSessionDuration", "tagging", "kmsKeyArn"},
		Mutates: true,
		Checks:  []CheckID{CheckCaller, CheckTrust, CheckPermissions},
		preview: previewRole,
		apply:   applyRole,
	}
}

func previewRole(ctx context.Context, s *Session) (*Preview, error) {
	c, err := s.AWSClient(ctx)
	if err != nil {
		return nil, err
	}
	id := c.Identity()
	p := s.Plan()
	acct, ext, err := s.paletteSts()
	if err != nil {
		return nil, err
	}
	d := &roleStepData{}
	d.policyDoc, err = iampolicy.Permissions(id.Partition, p.Bucket, permissionsOptions(p))
	if err != nil {
		return nil, err
	}
	if err := iampolicy.CheckManagedPolicySize(d.policyDoc); err != nil {
		return nil, err
	}
	t := iampolicy.NewTrust()
	t.EnsurePalette(id.Partition, acct, ext)
	d.trustDoc = t.JSON()
	if err := iampolicy.CheckTrustSize(d.trustDoc, p.TrustSizeLimit); err != nil {
		return nil, err
	}

	where := accountBWhere(id)
	pv := &Preview{data: d}
	// The policy and the role are independent: read both at once.
	var (
		role    *aws.Role
		roleErr error
		wg      sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		role, roleErr = c.GetRole(ctx, p.RoleName)
	}()
	d.policy, err = c.GetPolicy(ctx, p.PolicyName, p.PolicyPath)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	policyARN := d.policy.ARN
	if !d.policy.Exists {
		policyARN = fmt.Sprintf("arn:%s:iam::%s:policy%s%s", id.Partition, id.Account, p.PolicyPath, p.PolicyName)
		pv.Calls = append(pv.Calls, Call{"iam", "CreatePolicy", "policy " + p.PolicyPath + p.PolicyName, where})
		pv.Documents = append(pv.Documents, Document{"permissions policy " + p.PolicyName, mustCanonical(d.policyDoc)})
	} else if !iampolicy.Equivalent(d.policy.Document, d.policyDoc) {
		d.drift = true
		pv.Calls = append(pv.Calls, Call{"iam", "CreatePolicyVersion", fmt.Sprintf("policy %s (set as default; %d of 5 versions exist)", policyARN, d.policy.Versions), where})
		pv.Documents = append(pv.Documents, Document{"new default version of " + p.PolicyName, mustCanonical(d.policyDoc)})
		diff := iampolicy.LineDiff(mustCanonical(d.policy.Document), mustCanonical(d.policyDoc), 3)
		pv.Warnings = append(pv.Warnings, "policy "+p.PolicyName+" exists with other permissions; confirming adds a new default version:\n"+diff.Unified())
	} else {
		pv.Facts = append(pv.Facts, "policy "+policyARN+" exists with the guide's permissions (adopted)")
	}

	switch err := roleErr; {
	case errors.Is(err, aws.ErrNotFound):
		pv.Calls = append(pv.Calls, Call{"iam", "CreateRole", "role " + p.RolePath + p.RoleName + " (trusts Palette " + acct + " with external ID)", where})
		pv.Documents = append(pv.Documents, Document{"trust policy of " + p.RoleName, mustCanonical(d.trustDoc)})
		pv.Trust = newTrustChange("", d.trustDoc)
		d.attach = true
	case err != nil:
		return nil, err
	default:
		d.role = role
		pv.Facts = append(pv.Facts, "role "+role.ARN+" exists (adopted)")
		rt, err := iampolicy.ParseTrust(role.TrustPolicy)
		if err != nil {
			return nil, fmt.Errorf("trust policy of %s: %w", role.Name, err)
		}
		if rt.EnsurePalette(id.Partition, acct, ext) {
			d.trustBefore, d.trustAfter = role.TrustPolicy, rt.JSON()
			if err := iampolicy.CheckTrustSize(d.trustAfter, p.TrustSizeLimit); err != nil {
				return nil, err
			}
			pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy", "role " + role.Name + " (adds Palette's statement, keeps the rest)", where})
			pv.Trust = newTrustChange(d.trustBefore, d.trustAfter)
		}
		d.attach = !slices.Contains(role.AttachedPolicyARNs, policyARN)
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
	// An intent left by an earlier run that crashed after the call means
	// what exists now was made by bslwiz.
	policyIntended, roleIntended, attachIntended := s.intended("create-policy"), s.intended("create-role"), s.intended("attach-policy")
	if !d.policy.Exists {
		if err := s.intend("create-policy"); err != nil {
			return err
		}
	}
	if d.role == nil {
		if err := s.intend("create-role"); err != nil {
			return err
		}
	}

	// The policy and the role do not depend on each other: make both at once.
	progress(Progress{Step: 6, Message: "creating the policy and the role"})
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
		progress(Progress{Step: 6, Message: "adding Palette's statement to the trust policy of " + role.Name})
		if err := c.UpdateTrustPolicy(ctx, role.Name, d.trustBefore, d.trustAfter, retryProgress(6, progress)); err != nil {
			return err
		}
		if err := s.record("", 6, "update trust policy", role.Name+": added Palette's statement", func(j *JournalData) {
			j.Trust = append(j.Trust, TrustRecord{At: s.now().UTC(), Step: 6, Role: role.Name, Before: d.trustBefore, After: d.trustAfter})
		}); err != nil {
			return err
		}
		s.setCachedTrust(d.trustAfter)
	}

	p := s.Plan()
	progress(Progress{Step: 6, Message: "attaching " + p.PolicyName + " to " + role.Name})
	wasAttached := slices.Contains(role.AttachedPolicyARNs, pr.ARN)
	if !wasAttached {
		if err := s.intend("attach-policy"); err != nil {
			return err
		}
	}
	attached, err := c.AttachPolicy(ctx, role.Name, pr.ARN)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if !slices.Contains(s.role.AttachedPolicyARNs, pr.ARN) {
		s.role.AttachedPolicyARNs = append(s.role.AttachedPolicyARNs, pr.ARN)
	}
	s.mu.Unlock()
	return s.record("attach-policy", 6, "attach policy", pr.ARN+" to "+role.Name, func(j *JournalData) {
		if attached || attachIntended {
			j.Created.PolicyAttached = true
		}
	})
}

func ensurePolicy(ctx context.Context, s *Session, c *aws.Client, d *roleStepData, intended bool) (aws.PolicyResult, error) {
	p := s.Plan()
	pr, err := c.EnsurePolicy(ctx, aws.PolicySpec{Name: p.PolicyName, Path: p.PolicyPath,
		Description: "Velero backups to s3://" + p.Bucket + " for Palette location " + p.LocationName + " (bslwiz)",
		Document:    d.policyDoc, Tags: p.Tags()}, d.drift)
	if err != nil {
		return pr, err
	}
	if pr.Drift != nil && !d.drift {
		return pr, fmt.Errorf("policy %s changed since the preview; preview again", pr.ARN)
	}
	created := pr.Created || intended
	return pr, s.record("create-policy", 6, policyAction(pr), pr.ARN, func(j *JournalData) {
		j.Created.PolicyARN = pr.ARN
		if created {
			j.Created.PolicyCreated = true
		}
		if pr.NewVersion != "" {
			j.Created.PolicyVersion = pr.NewVersion
			j.Created.PolicyPreviousDefault = d.policy.DefaultVersion
		}
	})
}

func ensureRole(ctx context.Context, s *Session, c *aws.Client, d *roleStepData, intended bool, progress func(Progress)) (*aws.Role, error) {
	p := s.Plan()
	role, err := c.EnsureRole(ctx, aws.RoleSpec{Name: p.RoleName, Path: p.RolePath, Description: p.RoleDescription,
		TrustPolicy: d.trustDoc, PermissionsBoundary: p.PermissionsBoundary, Tags: p.Tags(),
		MaxSessionDuration: int32(p.MaxSessionDuration), Progress: retryProgress(6, progress)})
	if err != nil {
		return nil, err
	}
	s.setCachedTrust(role.TrustPolicy)
	created := role.Created || intended
	action := "adopt role"
	if role.Created {
		action = "create role"
	}
	return role, s.record("create-role", 6, action, role.ARN, func(j *JournalData) {
		j.Created.RoleName, j.Created.RoleARN = role.Name, role.ARN
		if created {
			j.Created.RoleCreated = true
			if role.Created {
				j.Trust = append(j.Trust, TrustRecord{At: s.now().UTC(), Step: 6, Role: role.Name, After: d.trustDoc})
			}
		}
	})
}

func policyAction(pr aws.PolicyResult) string {
	switch {
	case pr.Created:
		return "create policy"
	case pr.NewVersion != "":
		return "create policy version " + pr.NewVersion
	}
	return "adopt policy"
}

func retryProgress(step int, progress func(Progress)) func(aws.RetryStatus) {
	return func(r aws.RetryStatus) {
		reason := "not visible yet"
		if r.Err != nil {
			reason = firstLine(r.Err.Error())
		}
		progress(Progress{Step: step, Message: "waiting for IAM to propagate",
			Retry: &Retry{Attempt: r.Attempt, Elapsed: r.Elapsed, Remaining: r.Remaining, Next: r.Wait, Reason: reason}})
	}
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
		Number: 7, Title: "Review the role",
		Guide:  "Review the new role in Account B: its ARN, the attached policy, and what the policy allows.",
		Checks: []CheckID{CheckPermissions},
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
			denied, err := c.SimulateRole(ctx, role.ARN, aws.GuideActions(c.Identity().Partition, p.Bucket, permissionsOptions(p)))
			switch {
			case err != nil:
				pv.Warnings = append(pv.Warnings, "could not simulate the role's permissions: "+err.Error())
			case len(denied) > 0:
				var lines []string
				for _, dn := range denied {
					lines = append(lines, fmt.Sprintf("%s on %s: %s", dn.Action, dn.Resource, dn.Decision))
				}
				return nil, fmt.Errorf("the role's policies do not allow every action of the guide:\n  %s", strings.Join(lines, "\n  "))
			default:
				pv.Facts = append(pv.Facts, "simulation: every action of the guide is allowed")
			}
			return pv, nil
		},
	}
}

func stepCurrentTrust() Step {
	return Step{
		Number: 8, Title: "Current trust relationships",
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
			pv.Facts = append(pv.Facts, fmt.Sprintf("%d statement(s)", t.Len()))
			for _, f := range t.Lint(p.PaletteAccountID) {
				if f.Severity == iampolicy.Error {
					return nil, fmt.Errorf("trust policy of %s: %s", p.RoleName, f.Message)
				}
				pv.Warnings = append(pv.Warnings, f.Message)
			}
			return pv, nil
		},
	}
}

type trustStepData struct{ before, after string }

func stepAppendAccountA() Step {
	return Step{
		Number: 9, Title: "Append Account A",
		Guide: "Edit the trust policy: append a statement that lets AWS Account A (the cluster's account, or one of its roles) " +
			"assume the role. Everything already in the policy stays.",
		Fields:  []string{"accountA", "trustSizeLimit"},
		Mutates: true,
		Checks:  []CheckID{CheckTrust},
		preview: func(ctx context.Context, s *Session) (*Preview, error) {
			c, err := s.AWSClient(ctx)
			if err != nil {
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
			changed, err := t.EnsureAccountA(id.Partition, p.AccountA)
			if err != nil {
				return nil, err
			}
			pv := &Preview{data: &trustStepData{before: before}}
			after := t.JSON()
			pv.Trust = newTrustChange(before, after)
			if !changed {
				pv.Facts = append(pv.Facts, "the trust policy already lets Account A "+p.AccountA+" assume the role")
				return pv, nil
			}
			if err := iampolicy.CheckTrustSize(after, p.TrustSizeLimit); err != nil {
				return nil, err
			}
			pv.data.(*trustStepData).after = after
			pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy",
				"role " + p.RoleName + " (replaces the whole document: read, append, write)", accountBWhere(id)})
			for _, f := range t.Lint(p.PaletteAccountID) {
				if f.Severity != iampolicy.Error {
					pv.Warnings = append(pv.Warnings, f.Message)
				}
			}
			return pv, nil
		},
		apply: func(ctx context.Context, s *Session, pv *Preview, progress func(Progress)) error {
			d, _ := pv.data.(*trustStepData)
			if d == nil || d.after == "" {
				return nil
			}
			c, err := s.AWSClient(ctx)
			if err != nil {
				return err
			}
			p := s.Plan()
			progress(Progress{Step: 9, Message: "updating the trust policy of " + p.RoleName})
			if err := c.UpdateTrustPolicy(ctx, p.RoleName, d.before, d.after, retryProgress(9, progress)); err != nil {
				var changed *aws.TrustChangedError
				if errors.As(err, &changed) {
					s.setCachedTrust(changed.Current) // preview again from what is there now
				}
				return err
			}
			s.setCachedTrust(d.after)
			return s.record("", 9, "update trust policy", p.RoleName+": appended Account A "+p.AccountA, func(j *JournalData) {
				j.Trust = append(j.Trust, TrustRecord{At: s.now().UTC(), Step: 9, Role: p.RoleName, Before: d.before, After: d.after})
			})
		},
	}
}
