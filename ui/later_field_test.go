package ui

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestABadFlagOfALaterStepOpensThatStepsForm: --bucket Acme_Bad does not
// fail step 1; the wizard reaches step 4 and opens its form with the rule
// under the bucket, where it can be fixed and the run goes on.
func TestABadFlagOfALaterStepOpensThatStepsForm(t *testing.T) {
	w := newWorld(t, worldOpts{plan: func(p *steps.Plan) { p.Bucket = "Acme_Bad" }})
	for n := 1; n <= 3; n++ {
		w.walk(n)
	}
	w.atStep(4)
	w.until("step 4's form", func() bool { return w.m.phase == phaseForm })
	contains(t, w.formText(), "uppercase letters are not allowed")
	w.m.form.FocusKey("bucket")
	for range len("Acme_Bad") {
		w.press("backspace")
	}
	w.typeText(w.sb.Plan().Bucket)
	w.walk(4)
	w.atStep(5)
	if got := w.m.s.RawPlan().Bucket; got != w.sb.Plan().Bucket {
		t.Errorf("the bucket is %q after the fix", got)
	}
	if strings.Contains(w.screen(), "Acme_Bad") {
		t.Errorf("the bad bucket is still on screen:\n%s", w.screen())
	}
}

// TestTheLinePromptsAskALaterStepsBadFlagAtItsStep: in the line prompts a
// bad --bucket does not fail step 1 either: step 4 asks the bucket with the
// rule, and the run finishes with the bucket typed there.
func TestTheLinePromptsAskALaterStepsBadFlagAtItsStep(t *testing.T) {
	lr := lineWalk{edit: func(p *steps.Plan) { p.Bucket = "Acme_Bad" }, answer: func(p string, transcript func() string) string {
		switch {
		case strings.HasPrefix(p, "What next"):
			return "quit"
		case strings.HasPrefix(p, "S3 bucket"):
			return sandbox.Bucket
		}
		return confirmEverything(p, transcript)
	}}.run(t)
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, lr.out)
	}
	if strings.Contains(lr.out, "[failed]") {
		t.Errorf("a step failed:\n%s", lr.out)
	}
	if !strings.Contains(lr.out, "[done] step 13 (Create)") {
		t.Errorf("the run did not finish:\n%s", lr.out)
	}
}

// TestABadAccountAIsFixedWhereItIsRefused: --account-a is asked at step 9,
// but STS (step 5) reads it to tell Account B from Account A; a bad one
// given at the start stops step 5, whose form then shows the Account A
// field with its rule, so it can be fixed there.
func TestABadAccountAIsFixedWhereItIsRefused(t *testing.T) {
	w := newWorld(t, worldOpts{plan: func(p *steps.Plan) { p.AccountA = "44445555666" }})
	for n := 1; n <= 4; n++ {
		w.walk(n)
	}
	w.until("step 5's form", func() bool { return w.m.number() == 5 && w.m.phase == phaseForm })
	if w.m.form.Field("accountA") == nil {
		t.Fatalf("step 5's form has no Account A field:\n%s", w.screen())
	}
	contains(t, w.formText(), "12-digit")
	w.m.form.FocusKey("accountA")
	w.press("ctrl+u")
	w.typeText(sandbox.AccountA)
	w.walk(5)
	w.atStep(6)
	if got := w.m.s.RawPlan().AccountA; got != sandbox.AccountA {
		t.Errorf("Account A is %q after the fix", got)
	}
}
