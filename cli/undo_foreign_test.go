package cli

import (
	"context"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// A colleague edits the trust policy of a role bslwiz adopted, after bslwiz
// added its statements. Undo once refused ("changed since it was previewed;
// review the new difference") with no difference shown and nothing to
// confirm. Now it shows the difference it writes, and --yes removes only
// bslwiz's statements: the colleague's survives, through the IAM emulator
// over HTTP.
func TestUndoAfterAForeignTrustEditKeepsTheirStatement(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	ctx := context.Background()
	c := sandboxIAM(env)
	const (
		role     = "velero-shared"
		original = `{"Version":"2012-10-17","Statement":[{"Sid":"Ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
		theirs   = `{"Sid":"Ops","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}`
	)
	if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String(role), AssumeRolePolicyDocument: sdkaws.String(original)}); err != nil {
		t.Fatal(err)
	}
	trust := func() string {
		out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(role)})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := iampolicy.ParseTrust(*out.Role.AssumeRolePolicyDocument)
		if err != nil {
			t.Fatal(err)
		}
		return doc.JSON()
	}
	state := t.TempDir()
	r := bslwiz(t, env, "", "apply", "--yes", "--name", "shared", "--role-name", role, "--bucket", "acme-velero-backups",
		"--account-a", "444455556666", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	withBslwiz := trust()
	if iampolicy.Equivalent(withBslwiz, original) {
		t.Fatalf("apply did not change the adopted role's trust: %s", withBslwiz)
	}
	// The colleague's edit: their statement beside bslwiz's.
	edited := strings.TrimSuffix(withBslwiz, "]}") + "," + theirs + "]}"
	if _, err := c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: sdkaws.String(role), PolicyDocument: sdkaws.String(edited)}); err != nil {
		t.Fatal(err)
	}

	// Without --yes and without a terminal: the preview shows the diff, and nothing changes.
	r = bslwiz(t, env, "", "undo", "shared", "--state-dir", state)
	if r.code != ExitUsage || !strings.Contains(r.out, "trust policy diff") || !strings.Contains(r.out, "keeps that edit") {
		t.Fatalf("undo preview: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if strings.Contains(r.out+r.err, "changed the trust policy of role") {
		t.Fatalf("undo still asks to confirm what it does not show:\n%s%s", r.out, r.err)
	}
	if got := trust(); !iampolicy.Equivalent(got, edited) {
		t.Fatalf("a preview changed the trust policy: %s", got)
	}

	r = bslwiz(t, env, "", "undo", "shared", "--yes", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("undo exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	want := strings.TrimSuffix(original, "]}") + "," + theirs + "]}"
	if got := trust(); !iampolicy.Equivalent(got, want) {
		t.Fatalf("after undo the trust policy is\n%s\nwant the original with their statement:\n%s", got, want)
	}
}

// status tells a role that is gone as missing, not as a permission, and
// --debug shows each check's detail under its line.
func TestStatusTellsAMissingRoleAndItsDetailUnderDebug(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	ctx := context.Background()
	state := t.TempDir()
	r := bslwiz(t, env, "", "apply", "--yes", "--name", "gone-role", "--bucket", "acme-velero-backups", "--account-a", "444455556666", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s", r.code, r.err)
	}
	c := sandboxIAM(env)
	role := sdkaws.String("bslwiz-gone-role")
	if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: role, PolicyArn: sdkaws.String("arn:aws:iam::111122223333:policy/bslwiz-gone-role-backup")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: role}); err != nil {
		t.Fatal(err)
	}
	r = bslwiz(t, env, "", "status", "gone-role", "--state-dir", state, "--debug")
	if r.code != ExitValidation || !strings.Contains(r.out, "role bslwiz-gone-role is missing") || strings.Contains(r.out, "SimulatePrincipalPolicy") {
		t.Fatalf("status exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, "detail: GetRole answered NoSuchEntity") {
		t.Fatalf("--debug shows no detail:\n%s", r.out)
	}
}
