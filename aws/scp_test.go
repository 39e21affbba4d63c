package aws_test

import (
	"context"
	"strings"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// regionSCP is the common "stay in our regions" guardrail: deny everything but the global
// services outside us-east-2.
const regionSCP = `{"Version":"2012-10-17","Statement":[{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"OnlyOhio","Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*",
 "Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-2"]}}}]}`

func guideRole(t *testing.T, w *world, c *bslaws.Client) *bslaws.Role {
	t.Helper()
	ctx := context.Background()
	doc, err := iampolicy.Permissions("aws", bucketName, iampolicy.PermissionsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pol, err := c.EnsurePolicy(ctx, bslaws.PolicySpec{Name: "backup", Document: doc}, false)
	if err != nil {
		t.Fatal(err)
	}
	role := ensureRole(t, c, roleSpec())
	if _, err := c.AttachPolicyTo(ctx, role, pol.ARN); err != nil {
		t.Fatal(err)
	}
	return role
}

// TestTheSimulatorIsToldTheRegionSoARegionSCPDoesNotDenyTheBucketsRegion: without
// aws:RequestedRegion in the context, a region-conditioned SCP denies every S3 and EC2
// action in the simulator although the real calls, in the bucket's region, succeed.
func TestTheSimulatorIsToldTheRegionSoARegionSCPDoesNotDenyTheBucketsRegion(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	role := guideRole(t, w, c)
	w.emu.SetServiceControlPolicies(accountB, regionSCP)
	checks := bslaws.GuideActions("aws", bucketName, iampolicy.PermissionsOptions{})
	denied, err := c.SimulateRoleInRegion(context.Background(), role.ARN, bucketRegion, checks)
	if err != nil || len(denied) != 0 {
		t.Fatalf("simulation in the bucket's region under a region SCP: %v, %v; want every action allowed", denied, err)
	}
	denied, err = c.SimulateRoleInRegion(context.Background(), role.ARN, "eu-west-1", checks)
	if err != nil || len(denied) != len(checks) {
		t.Fatalf("simulation in eu-west-1: %d denials of %d, %v", len(denied), len(checks), err)
	}
	for _, d := range denied {
		if !d.Uncertain() || d.Cause != bslaws.CauseOrganizations || !strings.Contains(d.String(), "AWS Organizations") {
			t.Errorf("denial %+v: want it attributed to Organizations", d)
		}
	}
}

// TestADenialForMissingContextValuesIsUncertain: a policy whose Allow needs a key the
// simulation cannot fill is a warning naming the key, not a fault of the role.
func TestADenialForMissingContextValuesIsUncertain(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	spec := roleSpec()
	role := ensureRole(t, c, spec)
	w.emu.AddRolePolicy(accountB, spec.Name, `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}`)
	ctx := context.Background()
	denied, err := c.SimulateRoleInRegion(ctx, role.ARN, bucketRegion,
		[]bslaws.ActionCheck{{Action: "s3:ListBucket", Resource: "arn:aws:s3:::" + bucketName}})
	if err != nil || len(denied) != 1 {
		t.Fatalf("denials %v, %v", denied, err)
	}
	if d := denied[0]; !d.Uncertain() || !strings.Contains(d.Cause, "aws:SourceVpce") {
		t.Errorf("denial %+v: want it uncertain, naming aws:SourceVpce", d)
	}
	// An action no statement grants stays certain.
	denied, err = c.SimulateRoleInRegion(ctx, role.ARN, bucketRegion,
		[]bslaws.ActionCheck{{Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::" + bucketName}})
	if err != nil || len(denied) != 1 || denied[0].Uncertain() {
		t.Errorf("a plain implicit deny: %+v, %v", denied, err)
	}
}
