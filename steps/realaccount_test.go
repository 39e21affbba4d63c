package steps_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestTheRegionIsDetectedWithoutSigningForAnOptInRegion: with --region left out the bucket's
// region is asked from the region the client signed in, never af-south-1 (the first row of
// the region table, disabled in an account until someone enables it).
func TestTheRegionIsDetectedWithoutSigningForAnOptInRegion(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.Region = ""
	s := w.session(p)
	if err := w.run(s, steps.StepSTS); err != nil {
		t.Fatalf("steps 1-5 with no region: %v", err)
	}
	if got := s.Plan().Region; got != sandbox.BucketRegion {
		t.Errorf("detected region %q, want %s", got, sandbox.BucketRegion)
	}
}

// TestInGovCloudEveryARNIsGovCloudsAndNoRegionIsNeeded runs all thirteen steps in an
// aws-us-gov sandbox, where nothing names a region: sign-in, detection, the role, Palette's
// STS account for aws-us-gov and the location's credentials.partition must all follow.
func TestInGovCloudEveryARNIsGovCloudsAndNoRegionIsNeeded(t *testing.T) {
	w := newWorld(t, sandbox.Options{Partition: "aws-us-gov"})
	p := w.sb.Plan()
	s := w.session(p)
	if err := w.run(s, steps.StepCreate); err != nil {
		t.Fatalf("all steps in GovCloud: %v", err)
	}
	j := s.Journal.Snapshot()
	if !strings.HasPrefix(j.Created.RoleARN, "arn:aws-us-gov:iam::") || !strings.HasPrefix(j.Created.PolicyARN, "arn:aws-us-gov:iam::") {
		t.Errorf("created %s and %s", j.Created.RoleARN, j.Created.PolicyARN)
	}
	if got := s.Plan().Region; got != w.sb.BucketRegion {
		t.Errorf("region %q, want the bucket's %s", got, w.sb.BucketRegion)
	}
	if id, _ := s.Identity(); !strings.HasPrefix(id.ARN, "arn:aws-us-gov:") {
		t.Errorf("signed in as %s", id.ARN)
	}
}

// TestAccountIDPrincipalsThatIAMStoresAsRootARNsStillCountAsPresent: IAM rewrites
// "AWS": "210987654321" to the root ARN. A role whose trust already names Palette (with the
// external ID) and Account A by account ID is adopted without a trust change, and undo
// leaves it as it was.
func TestAccountIDPrincipalsThatIAMStoresAsRootARNsStillCountAsPresent(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.RoleName = "backup-writer"
	// The tenant's external ID is only known once Palette is asked for it.
	ext := w.sb.Tenant.ExternalID
	trust := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":{"AWS":"` + sandbox.PaletteAccount + `"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + ext + `"}}},` +
		`{"Effect":"Allow","Principal":{"AWS":["` + sandbox.AccountA + `"]},"Action":"sts:AssumeRole"}]}`
	w.sb.AWS.AddRole(sandbox.AccountB, p.RoleName, trust)
	role, err := w.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: &p.RoleName})
	if err != nil {
		t.Fatal(err)
	}
	stored := *role.Role.AssumeRolePolicyDocument
	if strings.Contains(stored, `%22`+sandbox.AccountA+`%22`) || !strings.Contains(stored, "root") {
		t.Fatalf("the emulator kept the account ID as sent: %s", stored)
	}
	s := w.session(p)
	if err := w.run(s, steps.StepCreate); err != nil {
		t.Fatal(err)
	}
	for _, c := range w.sb.AWS.MutatingCalls() {
		if c.Action == "UpdateAssumeRolePolicy" {
			t.Fatalf("the trust policy was rewritten although it named both accounts: %+v", c)
		}
	}
	undo(t, w.session(p))
	role, err = w.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: &p.RoleName})
	if err != nil {
		t.Fatal(err)
	}
	if !iampolicy.Equivalent(*role.Role.AssumeRolePolicyDocument, trust) {
		t.Errorf("trust after undo: %s", *role.Role.AssumeRolePolicyDocument)
	}
}

// TestARegionSCPOnAccountBDoesNotStopStepSeven: Account B is a member account whose SCP
// denies everything outside the bucket's region but global services. The real calls are
// all allowed, so the wizard must not stop on what the simulator says without context.
func TestARegionSCPOnAccountBDoesNotStopStepSeven(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	w.sb.AWS.SetServiceControlPolicies(sandbox.AccountB, `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":"*","Resource":"*"},
	 {"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*",
	  "Condition":{"StringNotEquals":{"aws:RequestedRegion":["`+sandbox.BucketRegion+`"]}}}]}`)
	if err := w.run(w.session(w.sb.Plan()), steps.StepCreate); err != nil {
		t.Fatalf("all steps under a region SCP: %v", err)
	}
}
