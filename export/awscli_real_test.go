package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// TestAWSCLIScriptWithTheRealCLI runs the exported script with the real aws
// CLI (v2, or v1: the script works with both) against the IAM and STS
// emulator, through AWS_ENDPOINT_URL as the script's header says, then runs
// it again. Each aws start costs about a second, so this is the only test
// that pays for it; the fake CLI covers the script's branches.
func TestAWSCLIScriptWithTheRealCLI(t *testing.T) {
	t.Parallel()
	bash := lookPathOrSkip(t, "bash")
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (apt-get install awscli)")
	}
	p := basicPlan().WithDefaults()
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}

	e := awstest.New()
	for _, id := range []string{p.AccountB, p.PaletteAccountID, p.AccountA} {
		e.AddAccount(id)
	}
	creds := e.AddUser(p.AccountB, "b-admin", awstest.AdminPolicy())
	srv := awstest.NewTestServer(t, e)

	dir := t.TempDir()
	script := filepath.Join(dir, "export.sh")
	if err := os.WriteFile(script, []byte(render(t, AWSCLI, p)), 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + home, "TMPDIR=" + dir}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "TMPDIR=") {
			env = append(env, kv)
		}
	}
	for _, f := range []string{"config", "credentials"} {
		path := filepath.Join(home, f)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		env = append(env, "AWS_"+map[string]string{"config": "CONFIG_FILE", "credentials": "SHARED_CREDENTIALS_FILE"}[f]+"="+path)
	}
	env = append(env, srv.Env(creds)...)

	run := func() (string, string) {
		t.Helper()
		cmd := exec.Command(bash, script)
		cmd.Dir, cmd.Env = dir, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("the script failed: %v\n%s", err, stderr.String())
		}
		return stdout.String(), stderr.String()
	}

	stdout, firstErr := run()
	t.Logf("first run:\n%s", firstErr)
	wantARN := "arn:aws:iam::111122223333:role/" + p.RoleName
	if stdout != wantARN+"\n" {
		t.Errorf("stdout = %q, want the role ARN", stdout)
	}
	var role *awstest.RoleState
	var policy *awstest.PolicyState
	for _, a := range e.Snapshot().Accounts {
		if a.ID != p.AccountB {
			continue
		}
		for i := range a.Roles {
			if a.Roles[i].Name == p.RoleName {
				role = &a.Roles[i]
			}
		}
		for i := range a.Policies {
			if a.Policies[i].Name == p.PolicyName {
				policy = &a.Policies[i]
			}
		}
	}
	if role == nil || policy == nil {
		t.Fatalf("role %v, policy %v after the script", role, policy)
	}
	if !iampolicy.Equivalent(role.TrustPolicy, m.trustDoc) {
		t.Errorf("trust policy = %s, want what apply writes: %s", role.TrustPolicy, m.trustDoc)
	}
	if len(policy.Versions) != 1 || !iampolicy.Equivalent(policy.Versions[0].Document, m.policyDoc) {
		t.Errorf("policy versions = %+v, want the one document %s", policy.Versions, m.policyDoc)
	}
	if len(role.AttachedPolicies) != 1 || role.AttachedPolicies[0] != policy.ARN {
		t.Errorf("attached = %v, want [%s]", role.AttachedPolicies, policy.ARN)
	}
	if role.Description != p.RoleDescription || role.MaxSessionDuration != p.MaxSessionDuration {
		t.Errorf("role = %+v", role)
	}

	e.ResetCalls()
	again, stderr := run()
	if again != stdout {
		t.Errorf("the rerun printed %q", again)
	}
	if calls := e.MutatingCalls(); len(calls) > 0 {
		t.Errorf("the rerun changed the account: %+v\n%s", calls, stderr)
	}
}
