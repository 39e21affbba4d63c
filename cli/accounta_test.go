package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/internal/testenv"
	"github.com/bslwiz/bslwiz/steps"
)

const sandboxAccountARole = "arn:aws:iam::444455556666:role/SpectroCloudRole"

// accountASandbox serves `bslwiz sandbox` and points this process's SDK at
// its profiles file, as a user who pasted its exports would be.
func accountASandbox(t *testing.T) map[string]string {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	if env["AWS_SHARED_CREDENTIALS_FILE"] == "" {
		t.Fatalf("bslwiz sandbox did not print AWS_SHARED_CREDENTIALS_FILE")
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", env["AWS_SHARED_CREDENTIALS_FILE"])
	return env
}

func authorizationsOf(t *testing.T, out string) map[string]steps.Authorization {
	t.Helper()
	var res Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	m := map[string]steps.Authorization{}
	for _, a := range res.Authorizations {
		m[a.ID] = a
	}
	return m
}

// TestApplyWithAccountAProfileGrantsTheOtherHalfAndUndoRemovesIt is the
// issue's first "done when": the real aws CLI, as account-a, simulates
// sts:AssumeRole by A's role on B's new role as allowed after apply, and
// denied again after undo.
func TestApplyWithAccountAProfileGrantsTheOtherHalfAndUndoRemovesIt(t *testing.T) {
	awsCLI := testenv.AWSCLI(t)
	env := accountASandbox(t)
	state := t.TempDir()
	plan := []string{"--name", "grant-a", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--account-a", sandboxAccountARole, "--account-a-profile", "account-a", "--state-dir", state}
	simulate := func() string {
		cmd := exec.Command(awsCLI, "--profile", "account-a", "--endpoint-url", env["AWS_ENDPOINT_URL"], "iam", "simulate-principal-policy",
			"--policy-source-arn", sandboxAccountARole, "--action-names", "sts:AssumeRole",
			"--resource-arns", "arn:aws:iam::111122223333:role/bslwiz-grant-a",
			"--query", "EvaluationResults[0].EvalDecision", "--output", "text")
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(awsCLI)+":"+os.Getenv("PATH"), "AWS_PAGER=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws iam simulate-principal-policy: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := simulate(); got != "implicitDeny" {
		t.Fatalf("before apply the sandbox's SpectroCloudRole is %s, want implicitDeny (no grant)", got)
	}
	r := bslwiz(t, env, "", append([]string{"apply", "--yes", "--output", "json"}, plan...)...)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, `"grant-account-a"`) {
		t.Errorf("apply ran no grant step:\n%s", r.out)
	}
	auths := authorizationsOf(t, r.out)
	for _, id := range []string{steps.AuthPaletteBucket, steps.AuthClusterBucket} {
		if auths[id].Status != steps.AuthOK {
			t.Errorf("authorization %s = %+v, want ok", id, auths[id])
		}
	}
	if got := simulate(); got != "allowed" {
		t.Fatalf("after apply the aws CLI simulates %s, want allowed", got)
	}
	r = bslwiz(t, env, "", "undo", "grant-a", "--yes", "--state-dir", state, "--account-a-profile", "account-a")
	if r.code != ExitOK {
		t.Fatalf("undo exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, "DeleteRolePolicy inline policy bslwiz-grant-a-assume of role SpectroCloudRole — in 444455556666 (Account A)") {
		t.Errorf("undo did not say it deletes the grant in Account A:\n%s", r.out)
	}
	if got := simulate(); got != "implicitDeny" {
		t.Fatalf("after undo the aws CLI simulates %s, want implicitDeny", got)
	}
}

// TestALocationPaletteValidatesWhileAccountACannotAssumeFailsAuthorization3:
// Palette's validate proves only that Palette can assume the role; with
// Account A's credentials, status finds that A's role may not, and says
// why and how to fix it (exit 3).
func TestALocationPaletteValidatesWhileAccountACannotAssumeFailsAuthorization3(t *testing.T) {
	env := accountASandbox(t)
	state := t.TempDir()
	plan := []string{"--bucket", "acme-velero-backups", "--region", "us-east-2", "--account-a", sandboxAccountARole, "--state-dir", state}
	r := bslwiz(t, env, "", append([]string{"apply", "--yes", "--output", "json", "--name", "no-grant"}, plan...)...)
	if r.code != ExitOK {
		t.Fatalf("apply without Account A's profile: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	auths := authorizationsOf(t, r.out)
	if a := auths[steps.AuthPaletteBucket]; a.Status != steps.AuthOK {
		t.Fatalf("Palette's side = %+v, want ok (validate passed)", a)
	}
	if a := auths[steps.AuthClusterBucket]; a.Status != steps.AuthUnknown || !strings.Contains(a.Reason, "--account-a-profile") {
		t.Errorf("without Account A's credentials (3) = %+v, want unknown naming --account-a-profile", a)
	}
	r = bslwiz(t, env, "", append([]string{"status", "no-grant", "--output", "json", "--account-a-profile", "account-a"}, plan...)...)
	if r.code != ExitValidation {
		t.Fatalf("status exit %d, want %d\n%s\n%s", r.code, ExitValidation, r.out, r.err)
	}
	a := authorizationsOf(t, r.out)[steps.AuthClusterBucket]
	for _, want := range []string{"no identity policy in Account A allows " + sandboxAccountARole, "fix:", "aws iam put-role-policy --role-name SpectroCloudRole --policy-name bslwiz-no-grant-assume"} {
		if a.Status != steps.AuthFailed || !strings.Contains(a.Reason, want) {
			t.Errorf("(3) = %+v, want failed with %q", a, want)
		}
	}
}

// TestPlanWithClusterDerivesAccountAFromPalette: --cluster demo-cluster,
// without --account-a, reads Account A from the cluster's STS cloud account
// in Palette, and finds authorization (1) there.
func TestPlanWithClusterDerivesAccountAFromPalette(t *testing.T) {
	env := accountASandbox(t)
	state := t.TempDir()
	r := bslwiz(t, env, "", "plan", "--output", "json", "--name", "by-cluster", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--cluster", "demo-cluster", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("plan --cluster: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	var res Result
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatal(err)
	}
	// The new role is created with the derived Account A's statement.
	var trustCall string
	for _, st := range res.Steps {
		for _, c := range st.Calls {
			if st.ID == steps.StepRole && strings.Contains(c, "iam:CreateRole") && strings.Contains(c, "and Account A 444455556666") {
				trustCall = c
			}
		}
	}
	if trustCall == "" {
		t.Fatalf("plan has no trust change for Account A:\n%s", r.out)
	}
	if !strings.Contains(r.out, "arn:aws:iam::444455556666:root") || !strings.Contains(r.out, "some principal in 444455556666") {
		t.Errorf("plan --cluster demo-cluster did not derive Account A 444455556666:\n%s", r.out)
	}
	if a := authorizationsOf(t, r.out)[steps.AuthPaletteCluster]; a.Status != steps.AuthOK || !strings.Contains(a.Reason, "444455556666") {
		t.Errorf("authorization (1) = %+v, want ok for 444455556666", a)
	}

	r = bslwiz(t, env, "", "plan", "--name", "by-cluster", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--cluster", "no-such-cluster", "--state-dir", state)
	if r.code != ExitValidation || !strings.Contains(r.err, `Cluster "no-such-cluster": is not a cluster of project Default (its clusters: demo-cluster)`) {
		t.Errorf("an unknown cluster: exit %d, %s", r.code, r.err)
	}
	r = bslwiz(t, env, "", "plan", "--name", "by-cluster", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--cluster", "demo-cluster", "--account-a", "123456789012", "--state-dir", state)
	if r.code != ExitValidation || !strings.Contains(r.err, "runs in account 444455556666") {
		t.Errorf("--account-a against the cluster's account: exit %d, %s", r.code, r.err)
	}
}

// TestTheProbeWritesFromAccountAWhenTheTrustNamesItsRoot: with the whole
// account trusted, Account A's admin assumes B's role and writes and
// deletes a probe object with a checksum; with a role ARN trusted, the
// probe says why the operator cannot run it.
func TestTheProbeWritesFromAccountAWhenTheTrustNamesItsRoot(t *testing.T) {
	env := accountASandbox(t)
	state := t.TempDir()
	probeOf := func(name, accountA string) steps.Authorization {
		t.Helper()
		r := bslwiz(t, env, "", "apply", "--yes", "--output", "json", "--name", name, "--bucket", "acme-velero-backups", "--region", "us-east-2",
			"--account-a", accountA, "--account-a-profile", "account-a", "--state-dir", state)
		if r.code != ExitOK {
			t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
		}
		return authorizationsOf(t, r.out)[steps.AuthProbe]
	}
	a := probeOf("probe-root", "444455556666")
	if a.Status != steps.AuthOK || !strings.Contains(a.Reason, "assumed-role/bslwiz-probe-root/") ||
		!strings.Contains(a.Reason, "s3://acme-velero-backups/bslwiz-probe/probe-root-") || !strings.Contains(a.Reason, "SHA-256") {
		t.Errorf("probe with A's root trusted = %+v", a)
	}
	a = probeOf("probe-role", sandboxAccountARole)
	if a.Status != steps.AuthUnknown || !strings.Contains(a.Reason, "cannot assume the role") {
		t.Errorf("probe with A's role trusted = %+v, want unknown saying why", a)
	}
}

// TestAWSCLIExportGrantsInAccountAWithItsProfile: the aws CLI script, run
// with Account B's keys and the plan's Account A profile, makes the grant
// in Account A too, and a second run changes nothing.
func TestAWSCLIExportGrantsInAccountAWithItsProfile(t *testing.T) {
	awsCLI := testenv.AWSCLI(t)
	env := accountASandbox(t)
	r := bslwiz(t, env, "", "export", "--format", "awscli", "--name", "cli-grant", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--account-a", sandboxAccountARole, "--account-a-profile", "account-a", "--state-dir", t.TempDir())
	if r.code != ExitOK {
		t.Fatalf("export exit %d: %s", r.code, r.err)
	}
	script := filepath.Join(t.TempDir(), "bslwiz.sh")
	if err := os.WriteFile(script, []byte(r.out), 0o700); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		cmd := exec.Command("bash", script)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(awsCLI)+":"+os.Getenv("PATH"), "AWS_PAGER=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the awscli export failed: %v\n%s", err, out)
		}
	}
	cmd := exec.Command(awsCLI, "--profile", "account-a", "--endpoint-url", env["AWS_ENDPOINT_URL"], "iam", "get-role-policy",
		"--role-name", "SpectroCloudRole", "--policy-name", "bslwiz-cli-grant-assume", "--query", "PolicyDocument.Statement[0].Resource", "--output", "text")
	cmd.Env = append(os.Environ(), "AWS_PAGER=")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "arn:aws:iam::111122223333:role/bslwiz-cli-grant" {
		t.Fatalf("the grant in Account A: %v %s", err, out)
	}
}

// TestAuthorization1FailsWithoutACloudAccountForAccountA: Palette has no
// AWS cloud account for the plan's Account A, so it cannot administer a
// cluster there; the reason says how to add one. With Account A's profile,
// the grant step lists the roles workloads assume as candidates.
func TestAuthorization1FailsWithoutACloudAccountForAccountA(t *testing.T) {
	env := accountASandbox(t)
	r := bslwiz(t, env, "", "plan", "--output", "json", "--name", "no-cloud", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--account-a", "123456789012", "--state-dir", t.TempDir())
	if r.code != ExitOK {
		t.Fatalf("plan exit %d: %s", r.code, r.err)
	}
	a := authorizationsOf(t, r.out)[steps.AuthPaletteCluster]
	if a.Status != steps.AuthFailed || !strings.Contains(a.Reason, "no AWS cloud account for Account A 123456789012") || !strings.Contains(a.Reason, "Cloud Accounts") {
		t.Errorf("authorization (1) = %+v, want failed with the fix", a)
	}
	r = bslwiz(t, env, "", "plan", "--name", "cands", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--account-a", "444455556666", "--account-a-profile", "account-a", "--state-dir", t.TempDir())
	if r.code != ExitOK || !strings.Contains(r.out, "candidates in Account A, roles that EC2 instances or an OIDC provider may assume: "+sandboxAccountARole+" (EC2 instances)") {
		t.Errorf("plan with a 12-digit Account A and its profile: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	_, grant, ok := strings.Cut(r.out, "Grant in Account A")
	if !ok {
		t.Fatalf("no grant step in the plan:\n%s", r.out)
	}
	if strings.Contains(grant, "everything already matches") || !strings.Contains(grant, "no change: nothing was checked or granted in Account A") {
		t.Errorf("the grant step that cannot be aimed claims everything matches:\n%s", r.out)
	}
}

// TestAnAccountAProfileOfAccountBIsRefused: the profile must sign in to
// Account A; Account B's is refused before any change.
func TestAnAccountAProfileOfAccountBIsRefused(t *testing.T) {
	env := accountASandbox(t)
	r := bslwiz(t, env, "", "apply", "--yes", "--name", "wrong-a", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--account-a", sandboxAccountARole, "--account-a-profile", "account-b", "--state-dir", t.TempDir())
	if r.code != ExitAuth || !strings.Contains(r.err, "profile account-b signs in to Account B (111122223333") {
		t.Fatalf("apply with Account B's profile as Account A's: exit %d\n%s", r.code, r.err)
	}
	if strings.Contains(r.out, "CreateRole") || strings.Contains(r.err, "step 6") {
		t.Errorf("the wrong profile was found only after a change:\n%s\n%s", r.out, r.err)
	}
}

// TestUndoOfAGrantTakesTheProfileFromTheJournal: undo finds Account A's
// profile in the journal's plan; a grant someone changed since is left
// alone, with the reason.
func TestUndoOfAGrantTakesTheProfileFromTheJournal(t *testing.T) {
	env := accountASandbox(t)
	state := t.TempDir()
	r := bslwiz(t, env, "", "apply", "--yes", "--name", "undo-a", "--bucket", "acme-velero-backups", "--region", "us-east-2",
		"--account-a", sandboxAccountARole, "--account-a-profile", "account-a", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s", r.code, r.err)
	}
	r = bslwiz(t, env, "", "undo", "undo-a", "--state-dir", state)
	if r.code != ExitUsage || !strings.Contains(r.out+r.err, "DeleteRolePolicy inline policy bslwiz-undo-a-assume of role SpectroCloudRole") {
		t.Fatalf("undo preview without --yes: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	r = bslwiz(t, env, "", "undo", "undo-a", "--yes", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("undo exit %d\n%s\n%s", r.code, r.out, r.err)
	}
}
