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

// assertNoMutatingCall fails when either emulator saw a change.
func (w *world) assertNoMutatingCall() {
	w.t.Helper()
	if m := w.sb.AWS.MutatingCalls(); len(m) != 0 {
		w.t.Fatalf("mutating AWS calls were made: %+v", m)
	}
	for _, c := range w.sb.Palette.Calls() {
		if c.Mutating {
			w.t.Fatalf("mutating Palette call was made: %+v", c)
		}
	}
}

func TestPalettesAccountInAnyFormIsRefusedAsAccountABeforeAnyChange(t *testing.T) {
	cases := []struct{ name, accountA, rule string }{
		{"Palette's ID", sandbox.PaletteAccount, "Palette's own account"},
		{"Palette's root ARN", "arn:aws:iam::" + sandbox.PaletteAccount + ":root", "Palette's own account"},
		{"a role in Palette's account", "arn:aws:iam::" + sandbox.PaletteAccount + ":role/palette-sts", "Palette's own account"},
		{"a user in Palette's account", "arn:aws:iam::" + sandbox.PaletteAccount + ":user/palette", "must name a role"},
		{"Account B's ID", sandbox.AccountB, "Account B itself"},
		{"Account B's root ARN", "arn:aws:iam::" + sandbox.AccountB + ":root", "Account B itself"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, sandbox.Options{})
			p := w.sb.Plan()
			p.AccountA = tc.accountA
			w.sb.AWS.ResetCalls()
			err := w.run(w.session(p), "")
			var ipe *steps.InvalidPlanError
			if !errors.As(err, &ipe) {
				t.Fatalf("err = %v, want an InvalidPlanError", err)
			}
			if !strings.Contains(err.Error(), tc.rule) {
				t.Fatalf("error %q does not name the rule %q", err, tc.rule)
			}
			w.assertNoMutatingCall()
		})
	}
}

func TestPlanRefusesPalettesRootAsAccountALikeApply(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.AccountA = "arn:aws:iam::" + sandbox.PaletteAccount + ":root"
	_, err := steps.PlanAll(context.Background(), w.session(p))
	var ipe *steps.InvalidPlanError
	if !errors.As(err, &ipe) || !strings.Contains(err.Error(), "Palette's own account") {
		t.Fatalf("plan: err = %v, want the rule that refuses Palette's account", err)
	}
}

// An existing role whose trust already lets Palette's account in without the
// external ID (beside a correct statement) must not be adopted: attaching the
// bucket's policy to it would hand the bucket to every Palette tenant.
func TestARoleTrustingPaletteWithoutTheExternalIDIsNotAdopted(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	role := "bslwiz-" + p.LocationName
	open := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + sandbox.PaletteAccount + `:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + w.sb.Tenant.ExternalID + `"}}},` +
		`{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + sandbox.PaletteAccount + `:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := w.iam().CreateRole(context.Background(), &iam.CreateRoleInput{RoleName: sdkaws.String(role),
		AssumeRolePolicyDocument: sdkaws.String(open)}); err != nil {
		t.Fatal(err)
	}
	w.sb.AWS.ResetCalls()
	err := w.run(w.session(p), "")
	var tle *steps.TrustLintError
	if !errors.As(err, &tle) || !strings.Contains(err.Error(), `Sid "Open"`) {
		t.Fatalf("err = %v, want a TrustLintError naming the open statement", err)
	}
	if steps.FailureOf(err) != steps.FailureTrustUnsafe {
		t.Fatalf("FailureOf = %v", steps.FailureOf(err))
	}
	w.assertNoMutatingCall()
}
