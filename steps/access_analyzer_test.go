package steps_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

func analyzerCheck(t *testing.T, s *steps.Session) steps.CheckResult {
	t.Helper()
	for _, r := range s.RunChecks(context.Background(), nil, nil) {
		if r.ID == steps.CheckAccessAnalyzer {
			return r
		}
	}
	t.Fatal("no Access Analyzer check")
	return steps.CheckResult{}
}

func TestAccessAnalyzerIsOffUnlessAskedFor(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	s := w.session(p)
	if err := w.run(s, ""); err != nil {
		t.Fatal(err)
	}
	for _, c := range w.sb.AWS.Calls() {
		if c.Service == "access-analyzer" {
			t.Fatalf("Access Analyzer was called without --access-analyzer: %+v", c)
		}
	}
	if r := analyzerCheck(t, s); r.Status != steps.StatusSkipped || !strings.Contains(r.Reason, "--access-analyzer") {
		t.Fatalf("check = %+v, want skipped, naming the flag", r)
	}
}

func TestAccessAnalyzerChecksEveryTrustChange(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.AccessAnalyzer = true
	// An existing role that trusts Palette alone, so that step 9 changes
	// its trust (a role bslwiz creates has Account A's statement already).
	w.sb.AWS.AddRole(sandbox.AccountB, "bslwiz-"+p.LocationName, `{"Version":"2012-10-17","Statement":[`+
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+sandbox.PaletteAccount+`:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"`+w.sb.Tenant.ExternalID+`"}}}]}`)
	s := w.session(p)
	var facts []string
	r := &steps.Runner{Session: s, Confirm: func(_ context.Context, pv *steps.Preview) (bool, error) {
		facts = append(facts, pv.Facts...)
		return true, nil
	}}
	if err := r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(facts, "\n")
	for _, want := range []string{"finds nothing to report in the trust policy", "finds nothing to report in the permissions policy",
		"(CheckNoNewAccess): new access only in statement 2, the statement bslwiz adds"} {
		if !strings.Contains(all, want) {
			t.Errorf("previews lack %q:\n%s", want, all)
		}
	}
	if c := analyzerCheck(t, s); c.Status != steps.StatusOK {
		t.Errorf("check = %+v", c)
	}
}

func TestAnAccessAnalyzerErrorStopsThePlanBeforeAnyChange(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	w.sb.AWS.SetAccessAnalyzerFindings(awstest.AnalyzerFinding{Type: "ERROR", IssueCode: "INVALID_PRINCIPAL", Details: "forced by the test"})
	p := w.sb.Plan()
	p.AccessAnalyzer = true
	w.sb.AWS.ResetCalls()
	_, err := steps.PlanAll(context.Background(), w.session(p))
	var ae *steps.AnalyzerError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "ERROR INVALID_PRINCIPAL: forced by the test") {
		t.Fatalf("plan: err = %v, want an AnalyzerError with the finding", err)
	}
	s := w.session(p)
	if err := w.run(s, ""); !errors.As(err, &ae) {
		t.Fatalf("apply: err = %v, want an AnalyzerError", err)
	}
	w.assertNoMutatingCall()
	if c := analyzerCheck(t, s); c.Status != steps.StatusFail || !strings.Contains(c.Reason, "INVALID_PRINCIPAL") {
		t.Errorf("check = %+v, want fail", c)
	}

	w.sb.AWS.SetAccessAnalyzerFindings(awstest.AnalyzerFinding{Type: "SECURITY_WARNING", IssueCode: "TRUST_POLICY_WIDE", Details: "forced"})
	s = w.session(p)
	pvs, err := steps.PlanAll(context.Background(), s)
	if err != nil {
		t.Fatalf("a security warning must not stop the plan: %v", err)
	}
	found := false
	for _, pv := range pvs {
		found = found || strings.Contains(strings.Join(pv.Warnings, "\n"), "SECURITY_WARNING TRUST_POLICY_WIDE")
	}
	if !found {
		t.Error("the security warning is not among the preview's warnings")
	}
	if c := analyzerCheck(t, s); c.Status != steps.StatusWarn {
		t.Errorf("check = %+v, want warn", c)
	}
}

func TestNoPermissionForAccessAnalyzerIsASkippedCheck(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	w.sb.AWS.SetServiceControlPolicies(sandbox.AccountB,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"access-analyzer:*","Resource":"*"}]}`)
	p := w.sb.Plan()
	p.AccessAnalyzer = true
	s := w.session(p)
	if err := w.run(s, ""); err != nil {
		t.Fatalf("a missing permission for Access Analyzer failed the run: %v", err)
	}
	if c := analyzerCheck(t, s); c.Status != steps.StatusSkipped || !strings.Contains(c.Reason, "no permission for access-analyzer:ValidatePolicy") {
		t.Fatalf("check = %+v, want skipped with the reason", c)
	}
}
