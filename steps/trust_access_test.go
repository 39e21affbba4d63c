package steps_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// verdicts maps each row's caller to its verdict after the change.
func verdicts(ev *steps.TrustEvaluation) map[string]string {
	out := map[string]string{}
	for _, r := range ev.Rows {
		out[r.Who()] = r.After.Decision()
	}
	return out
}

func TestPlanShowsWhoCanAssumeTheRoleAfterEachTrustChange(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.AccountA = "444455556666"
	pvs, err := steps.PlanAll(context.Background(), w.session(p))
	if err != nil {
		t.Fatal(err)
	}
	ev := steps.LastTrustEvaluation(pvs)
	if ev == nil {
		t.Fatal("no preview carries a trust evaluation")
	}
	want := map[string]string{
		"Palette, your external ID":       "allowed",
		"Palette, a wrong external ID":    "denied",
		"Palette, no external ID":         "denied",
		"Account A 444455556666":          "allowed",
		"a stranger account 999999999999": "denied",
	}
	got := verdicts(ev)
	for who, d := range want {
		if got[who] != d {
			t.Errorf("%s: %q, want %q (all: %v)", who, got[who], d, got)
		}
	}
	if !strings.Contains(ev.Policy, "444455556666") {
		t.Errorf("the evaluated policy is not the one step 9 leaves: %s", ev.Policy)
	}
	// A new role is created with Account A's statement (Desired's
	// NewRoleTrust): step 6's preview shows Account A's row turning from
	// denied to allowed, and step 9 says there is nothing to append.
	var step6, step9 *steps.Preview
	for _, pv := range pvs {
		switch pv.ID {
		case steps.StepRole:
			step6 = pv
		case steps.StepAppendAccountA:
			step9 = pv
		}
	}
	if step6 == nil || step6.TrustEvaluation == nil {
		t.Fatal("step 6 has no trust evaluation")
	}
	for _, r := range step6.TrustEvaluation.Rows {
		if r.Caller == "Account A" && (r.Before.Allowed || !r.After.Allowed || !r.Changed()) {
			t.Errorf("Account A row = %+v", r)
		}
	}
	if !strings.Contains(step6.Render(), "who can assume the role (evaluated):") {
		t.Error("the text preview has no table")
	}
	if step9 == nil || len(step9.Calls) != 0 || !strings.Contains(strings.Join(step9.Facts, "\n"), "step 6 creates the role with Account A's statement") {
		t.Fatalf("step 9 = %+v, want no call and the reason", step9)
	}
}

// A statement that lint passes, because it names a condition on the
// principal's organization, but that lets everyone in: ForAllValues holds
// when the request has no such key, as a stranger's has not. Only the
// evaluated document shows it, and the role is not adopted.
func TestATrustThatLetsAStrangerInIsRefusedThoughLintPassesIt(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	role := "bslwiz-" + p.LocationName
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + sandbox.PaletteAccount + `:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + w.sb.Tenant.ExternalID + `"}}},` +
		`{"Sid":"Org","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":"o-acme/*"}}}]}`
	if _, err := w.iam().CreateRole(context.Background(), &iam.CreateRoleInput{RoleName: sdkaws.String(role),
		AssumeRolePolicyDocument: sdkaws.String(doc)}); err != nil {
		t.Fatal(err)
	}
	w.sb.AWS.ResetCalls()
	_, err := steps.PlanAll(context.Background(), w.session(p))
	var tle *steps.TrustLintError
	if !errors.As(err, &tle) || !strings.Contains(err.Error(), "an account it does not name") || !strings.Contains(err.Error(), `Sid "Org"`) {
		t.Fatalf("plan: err = %v, want a TrustLintError naming the stranger and the statement", err)
	}
	if err := w.run(w.session(p), ""); !errors.As(err, &tle) {
		t.Fatalf("apply: err = %v, want a TrustLintError", err)
	}
	w.assertNoMutatingCall()
}
