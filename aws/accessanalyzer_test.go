package aws_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
)

const (
	aaTrustBefore = `{"Version":"2012-10-17","Statement":[{"Sid":"Palette","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-5f1c9e"}}}]}`
	aaTrustAfter  = `{"Version":"2012-10-17","Statement":[{"Sid":"Palette","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-5f1c9e"}}},{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
)

func TestValidatePolicyThroughTheEmulator(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	tests := []struct {
		name  string
		doc   string
		kind  bslaws.PolicyKind
		codes []string
	}{
		{"the guide's trust is clean", aaTrustAfter, bslaws.TrustPolicy, nil},
		{"no Version", `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`, bslaws.PermissionsPolicy, []string{"WARNING MISSING_VERSION"}},
		{"an empty condition and no action", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":[],"Condition":{"StringEquals":{}}}}`, bslaws.TrustPolicy,
			[]string{"SUGGESTION EMPTY_ARRAY_ACTION", "SUGGESTION EMPTY_OBJECT_CONDITION"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := c.ValidatePolicy(ctx, tt.doc, tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Type+" "+f.IssueCode)
				if f.Details == "" || f.LearnMore == "" {
					t.Errorf("finding without details or link: %+v", f)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.codes, ",") {
				t.Errorf("findings %v, want %v", got, tt.codes)
			}
		})
	}

	w.emu.SetAccessAnalyzerFindings(awstest.AnalyzerFinding{Type: "ERROR", IssueCode: "INVALID_ARN_ACCOUNT", Details: "forced"})
	fs, err := c.ValidatePolicy(ctx, aaTrustAfter, bslaws.TrustPolicy)
	if err != nil || len(fs) != 1 || !fs[0].Blocking() || fs[0].IssueCode != "INVALID_ARN_ACCOUNT" {
		t.Fatalf("forced finding: %+v, %v", fs, err)
	}
}

func TestCheckNoNewAccessThroughTheEmulator(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	na, err := c.CheckNoNewAccess(ctx, aaTrustBefore, aaTrustAfter)
	if err != nil {
		t.Fatal(err)
	}
	if na.Pass || len(na.Reasons) != 1 || na.Reasons[0].StatementIndex != 1 || na.Reasons[0].StatementID != "A" {
		t.Fatalf("appending A: %+v", na)
	}
	na, err = c.CheckNoNewAccess(ctx, aaTrustAfter, aaTrustAfter)
	if err != nil || !na.Pass || len(na.Reasons) != 0 {
		t.Fatalf("no change: %+v, %v", na, err)
	}
}

func TestAccessAnalyzerWithoutPermissionIsDeniedNotFailed(t *testing.T) {
	w := newWorld(t)
	ro := w.emu.AddUser(accountB, "reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","sts:GetCallerIdentity"],"Resource":"*"}]}`)
	o := w.options(ro)
	c, err := bslaws.Connect(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ValidatePolicy(context.Background(), aaTrustAfter, bslaws.TrustPolicy)
	if !errors.Is(err, bslaws.ErrAccessAnalyzerDenied) || !strings.Contains(err.Error(), "access-analyzer:ValidatePolicy") {
		t.Fatalf("err = %v, want ErrAccessAnalyzerDenied", err)
	}
	_, err = c.CheckNoNewAccess(context.Background(), aaTrustBefore, aaTrustAfter)
	if !errors.Is(err, bslaws.ErrAccessAnalyzerDenied) {
		t.Fatalf("err = %v, want ErrAccessAnalyzerDenied", err)
	}
}

func TestAccessAnalyzerFaultsAreAWSShaped(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	w.emu.SetFault("access-analyzer:ValidatePolicy", awstest.Fault{ServerError: 10})
	_, err := c.ValidatePolicy(context.Background(), aaTrustAfter, bslaws.TrustPolicy)
	if err == nil || !strings.Contains(err.Error(), "InternalServerException") {
		t.Fatalf("err = %v, want InternalServerException", err)
	}
}

func TestCheckNoNewAccessPassesADroppedPrincipal(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	before := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","AROAEXAMPLEEXAMPLE123"]},"Action":"sts:AssumeRole"}]}`
	after := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
	if na, err := c.CheckNoNewAccess(context.Background(), before, after); err != nil || !na.Pass {
		t.Fatalf("dropping a principal: %+v, %v", na, err)
	}
	if na, err := c.CheckNoNewAccess(context.Background(), after, before); err != nil || na.Pass {
		t.Fatalf("adding a principal: %+v, %v", na, err)
	}
}
