package steps_test

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

func resultOf(rs []steps.CheckResult, id steps.CheckID) steps.CheckResult {
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	return steps.CheckResult{}
}

// The live panel once sent a 70-character role name to GetRole and showed
// IAM's raw ValidationError: a value that breaks a local rule is never asked
// about remotely, and the check shows the rule.
func TestNoRemoteCheckRunsOnAValueThatBreaksARule(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.RoleName = strings.Repeat("r", 70)
	s := w.session(p)
	ctx := context.Background()
	if _, err := s.AWSClient(ctx); err != nil {
		t.Fatal(err)
	}
	w.sb.AWS.ResetCalls()
	rs := s.RunChecks(ctx, []steps.CheckID{steps.CheckTrust, steps.CheckPermissions}, nil)
	for _, id := range []steps.CheckID{steps.CheckTrust, steps.CheckPermissions} {
		r := resultOf(rs, id)
		if r.Status != steps.StatusFail || !strings.Contains(r.Reason, "at most 64 characters") || strings.Contains(r.Reason, "ValidationError") {
			t.Errorf("%s: %s %q, want the rule", id, r.Status, r.Reason)
		}
	}
	if calls := w.sb.AWS.Calls(); len(calls) > 0 {
		t.Fatalf("checks called AWS about a name that breaks a rule: %+v", calls)
	}
}

// status blamed a missing permission (the simulator's NoSuchEntity read as
// "needs iam:SimulatePrincipalPolicy") when the role was simply gone, and
// still called its name check "Location name is free" once the location
// was made.
func TestAMissingRoleIsReportedMissing(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	s := w.session(p)
	if err := w.run(s, ""); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rs := s.RunChecks(ctx, []steps.CheckID{steps.CheckName}, nil)
	if r := resultOf(rs, steps.CheckName); r.Status != steps.StatusOK || r.Name != "Location is in Palette" {
		t.Errorf("name check after creation: %q %s %q", r.Name, r.Status, r.Reason)
	}

	c := w.iam()
	role := sdkaws.String(s.Plan().RoleName)
	att, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: role})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range att.AttachedPolicies {
		if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: role, PolicyArn: a.PolicyArn}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: role}); err != nil {
		t.Fatal(err)
	}
	all := []steps.CheckID{steps.CheckTrust, steps.CheckPermissions, steps.CheckValidate}
	rs = s.RunChecks(ctx, all, nil)
	for _, id := range all {
		r := resultOf(rs, id)
		if r.Status != steps.StatusFail || !strings.Contains(r.Reason, "is missing") || strings.Contains(r.Reason, "SimulatePrincipalPolicy") {
			t.Errorf("%s with the role deleted: %s %q, want it reported missing", id, r.Status, r.Reason)
		}
	}
}

// While IAM propagates bslwiz's change, Palette's validate refusing is
// "waiting", not a red failure; once the window has passed, a refusal fails.
func TestValidateWhileIAMPropagatesIsWaiting(t *testing.T) {
	w := newWorld(t, sandbox.Options{PropagationDelay: time.Hour})
	s := w.session(w.sb.Plan())
	if err := w.run(s, steps.StepFillARN); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := resultOf(s.RunChecks(ctx, []steps.CheckID{steps.CheckValidate}, nil), steps.CheckValidate)
	if r.Status != steps.StatusPending || !strings.HasPrefix(r.Reason, "waiting: IAM is propagating") || r.Detail == "" {
		t.Fatalf("validate during propagation: %s %q (detail %q), want waiting", r.Status, r.Reason, r.Detail)
	}
	w.clock.Advance(s.PropagationTimeout + time.Second)
	r = resultOf(s.RunChecks(ctx, []steps.CheckID{steps.CheckValidate}, nil), steps.CheckValidate)
	if r.Status != steps.StatusFail {
		t.Fatalf("validate after the propagation window: %s %q, want fail", r.Status, r.Reason)
	}
}

// Resuming a sandbox run meets new emulators, which never saw what the
// earlier process made: the role step says so instead of landing on it
// without a word.
func TestAResumedSandboxRunSaysTheEmulatorsForgot(t *testing.T) {
	first := newWorld(t, sandbox.Options{})
	s := first.session(first.sb.Plan())
	if err := first.run(s, steps.StepRole); err != nil {
		t.Fatal(err)
	}
	if err := s.Journal.Save(); err != nil {
		t.Fatal(err)
	}
	s.Journal.Close()
	second := newWorld(t, sandbox.Options{})
	second.dir = first.dir
	s2 := second.session(second.sb.Plan())
	if _, err := s2.Gather(context.Background(), steps.AllFacts); err != nil {
		t.Fatal(err)
	}
	e := steps.NewEngine(s2, steps.EngineOptions{})
	if !e.JumpTo(steps.StepRole) {
		t.Fatal("cannot go to the role step")
	}
	pv, err := e.Preview(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, w := range pv.Warnings {
		if strings.Contains(w, "was made by this run before, in emulators that ended with that bslwiz process") {
			found++
		}
	}
	if found != 2 {
		t.Fatalf("the role step does not say the emulators forgot the role and the policy: %q", pv.Warnings)
	}
}

// Palette's validate writes a probe object: the live panel of a step never
// runs it (only its own step does, and `status`), whatever the plan.
func TestNoStepsLivePanelRunsPalettesValidate(t *testing.T) {
	for _, p := range []steps.Plan{{}, {Scope: "tenant"}, {AccountA: "444455556666"}} {
		for _, st := range steps.Steps(p) {
			for _, id := range st.Checks {
				if id == steps.CheckValidate {
					t.Errorf("step %s's live panel runs Palette's validate", st.ID)
				}
			}
		}
	}
}
