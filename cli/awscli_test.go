package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/internal/testenv"
	"github.com/bslwiz/bslwiz/steps"
)

// serveSandbox runs `bslwiz sandbox` and returns the environment it prints.
func serveSandbox(t *testing.T) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		Main(ctx, Env{Args: []string{"sandbox"}, Getenv: func(string) string { return "" }, In: strings.NewReader(""), Out: pw, Err: io.Discard})
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "export ") {
			k, v, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
			env[k] = strings.Trim(v, "'")
		}
		if strings.Contains(line, "Serving until interrupted") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SPECTROCLOUD_HOST", "SPECTROCLOUD_APIKEY"} {
		if env[k] == "" {
			t.Fatalf("bslwiz sandbox did not print %s: %v", k, env)
		}
	}
	return env
}

// useAWSEnv points the SDK of this process at the sandbox, with no shared
// config of the machine leaking in.
// sandboxIAM is an IAM client of Account B, on the emulators `bslwiz
// sandbox` printed env for: the tests' own hand in IAM, over HTTP.
func sandboxIAM(env map[string]string) *iam.Client {
	return iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: sdkaws.String(env["AWS_ENDPOINT_URL"]),
		Credentials: credentials.NewStaticCredentialsProvider(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], "")})
}

func useAWSEnv(t *testing.T, env map[string]string) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"} {
		t.Setenv(k, "") // restores the old value after the test
		os.Unsetenv(k)
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"} {
		t.Setenv(k, env[k])
	}
}

func TestAWSCLIExportBuildsTheSameRoleAsApply(t *testing.T) {
	awsCLI := testenv.AWSCLI(t)
	env := serveSandbox(t)
	useAWSEnv(t, env)
	state := t.TempDir()
	plan := []string{"--bucket", "acme-velero-backups", "--region", "us-east-2", "--account-a", "444455556666", "--state-dir", state}

	// 1. The aws CLI script, run by bash with the real aws CLI v2.
	r := bslwiz(t, env, "", append([]string{"export", "--format", "awscli", "--name", "cli-made"}, plan...)...)
	if r.code != ExitOK {
		t.Fatalf("export exit %d: %s", r.code, r.err)
	}
	script := filepath.Join(t.TempDir(), "bslwiz.sh")
	if err := os.WriteFile(script, []byte(r.out), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(awsCLI)+":"+os.Getenv("PATH"), "AWS_PAGER=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the awscli export failed: %v\n%s\nscript:\n%s", err, out, r.out)
	}
	// Running it again is harmless.
	if out, err := cmd2(cmd).CombinedOutput(); err != nil {
		t.Fatalf("the awscli export is not idempotent: %v\n%s", err, out)
	}

	// 2. apply, for another location.
	r = bslwiz(t, env, "", append([]string{"apply", "--yes", "--name", "api-made"}, plan...)...)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
	}

	// 3. Same trust policy, same permissions, both attached.
	c := sandboxIAM(env)
	trustOf := func(role string) string {
		out, err := c.GetRole(context.Background(), &iam.GetRoleInput{RoleName: &role})
		if err != nil {
			t.Fatalf("get role %s: %v", role, err)
		}
		doc, err := iampolicy.ParseTrust(*out.Role.AssumeRolePolicyDocument)
		if err != nil {
			t.Fatal(err)
		}
		return doc.JSON()
	}
	cliTrust, apiTrust := trustOf("bslwiz-cli-made"), trustOf("bslwiz-api-made")
	if !iampolicy.Equivalent(cliTrust, apiTrust) {
		t.Fatalf("trust policies differ:\naws CLI: %s\napply:   %s", cliTrust, apiTrust)
	}
	policyOf := func(role string) string {
		att, err := c.ListAttachedRolePolicies(context.Background(), &iam.ListAttachedRolePoliciesInput{RoleName: &role})
		if err != nil || len(att.AttachedPolicies) != 1 {
			t.Fatalf("attachments of %s: %v %v", role, att, err)
		}
		p, err := c.GetPolicy(context.Background(), &iam.GetPolicyInput{PolicyArn: att.AttachedPolicies[0].PolicyArn})
		if err != nil {
			t.Fatal(err)
		}
		v, err := c.GetPolicyVersion(context.Background(), &iam.GetPolicyVersionInput{PolicyArn: p.Policy.Arn, VersionId: p.Policy.DefaultVersionId})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := iampolicy.Canonicalize(decode(t, *v.PolicyVersion.Document))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	if a, b := policyOf("bslwiz-cli-made"), policyOf("bslwiz-api-made"); a != b {
		t.Fatalf("permissions differ:\naws CLI: %s\napply:   %s", a, b)
	}

	// 4. apply over what the script made adopts it and changes nothing in IAM.
	r = bslwiz(t, env, "", append([]string{"apply", "--yes", "--name", "cli-made", "--output", "json"}, plan...)...)
	if r.code != ExitOK {
		t.Fatalf("apply over the script's role: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	for _, want := range []string{`"step": 6`, `"step": 9`} {
		i := strings.Index(r.out, want)
		if i < 0 || !strings.Contains(r.out[i:i+200], `"status": "unchanged"`) {
			t.Fatalf("apply after the script changed step %s:\n%s", want, r.out)
		}
	}
}

func cmd2(c *exec.Cmd) *exec.Cmd {
	n := exec.Command(c.Path, c.Args[1:]...)
	n.Env = c.Env
	return n
}

func decode(t *testing.T, s string) string {
	t.Helper()
	if d, err := urlDecode(s); err == nil {
		return d
	}
	return s
}

func TestAuthAndCancelExitCodes(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	plan := []string{"--name", "x1", "--bucket", "acme-velero-backups", "--region", "us-east-2", "--account-a", "444455556666", "--state-dir", t.TempDir()}

	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["SPECTROCLOUD_APIKEY"] = "not-the-key"
	r := bslwiz(t, bad, "", append([]string{"plan"}, plan...)...)
	if r.code != ExitAuth {
		t.Fatalf("wrong Palette key: exit %d, want %d\n%s", r.code, ExitAuth, r.err)
	}
	if strings.Contains(r.err, "not-the-key") {
		t.Fatalf("the key leaked into the error: %s", r.err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb strings.Builder
	code := Main(ctx, Env{Args: append([]string{"apply", "--yes"}, plan...), Getenv: func(k string) string { return env[k] },
		In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != ExitCancelled {
		t.Fatalf("cancelled apply: exit %d, want %d\n%s", code, ExitCancelled, errb.String())
	}
	_ = time.Second
}

func urlDecode(s string) (string, error) { return url.QueryUnescape(s) }

func TestStatusThenUndoAgainstBslwizSandbox(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	state := t.TempDir()
	plan := []string{"--bucket", "acme-velero-backups", "--account-a", "444455556666", "--state-dir", state}

	r := bslwiz(t, env, "", append([]string{"apply", "--yes", "--name", "prod-backups"}, plan...)...)
	if r.code != ExitOK {
		t.Fatalf("apply: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// plan after apply reads the journal: what apply made is bslwiz's, and
	// nothing is left to change.
	r = bslwiz(t, env, "", append([]string{"plan", "--name", "prod-backups"}, plan...)...)
	if r.code != ExitOK || strings.Contains(r.out, "will call") {
		t.Fatalf("plan after apply: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["SPECTROCLOUD_APIKEY"] = "wrong"
	if r := bslwiz(t, bad, "", "status", "prod-backups", "--state-dir", state); r.code != ExitAuth {
		t.Fatalf("status with a wrong key: exit %d, want %d\n%s", r.code, ExitAuth, r.err)
	}
	r = bslwiz(t, env, "", "status", "prod-backups", "--state-dir", state, "-o", "json")
	if r.code != ExitOK {
		t.Fatalf("status: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	var res Result
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatalf("status json: %v\n%s", err, r.out)
	}
	if len(res.Checks) != len(steps.Checks()) {
		t.Fatalf("status ran %d checks, want %d", len(res.Checks), len(steps.Checks()))
	}
	for _, c := range res.Checks {
		if (c.ID == steps.CheckProbe || c.ID == steps.CheckAccessAnalyzer) && c.Status == steps.StatusSkipped {
			continue // the probe needs Account A's credentials; Access Analyzer is opt-in (--access-analyzer)
		}
		if c.Status != steps.StatusOK && c.Status != steps.StatusWarn {
			t.Errorf("check %s: %s %s", c.ID, c.Status, c.Reason)
		}
	}

	// Without a terminal, undo previews and refuses to act without --yes.
	r = bslwiz(t, env, "", "undo", "prod-backups", "--state-dir", state)
	if r.code != ExitUsage || !strings.Contains(r.out, "DeleteRole") || !strings.Contains(r.err, "--yes") {
		t.Fatalf("undo without --yes: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	r = bslwiz(t, env, "", "undo", "prod-backups", "--yes", "--state-dir", state)
	if r.code != ExitOK {
		t.Fatalf("undo: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// Undo again: nothing left, and said so.
	if r := bslwiz(t, env, "", "undo", "prod-backups", "--yes", "--state-dir", state); r.code != ExitOK || !strings.Contains(r.out, "already undone") {
		t.Fatalf("a second undo: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// What undo removed is gone: status finds no role and a free name.
	r = bslwiz(t, env, "", "status", "prod-backups", "--state-dir", state, "-o", "json")
	res = Result{}
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatalf("status json: %v\n%s", err, r.out)
	}
	for _, c := range res.Checks {
		if c.ID == steps.CheckTrust && !strings.Contains(c.Reason, "does not exist") {
			t.Fatalf("after undo the role still exists: %+v", c)
		}
		if c.ID == steps.CheckName && c.Status != steps.StatusOK {
			t.Fatalf("after undo the location still exists: %+v", c)
		}
	}
}

func TestExportDetectsTheRegionLikeApply(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	r := bslwiz(t, env, "", "export", "--format", "json", "--name", "x1", "--bucket", "acme-velero-backups",
		"--account-a", "444455556666", "--state-dir", t.TempDir())
	if r.code != ExitOK || !strings.Contains(r.out, `"us-east-2"`) {
		t.Fatalf("export without --region: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
}
