package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/steps"
)

type run struct {
	code     int
	out, err string
}

func bslwiz(t *testing.T, env map[string]string, stdin string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := Main(context.Background(), Env{Args: args, Getenv: getenv, In: strings.NewReader(stdin), Out: &out, Err: &errb, Version: "test"})
	return run{code, out.String(), errb.String()}
}

func sandboxArgs(t *testing.T, extra ...string) []string {
	return append([]string{"--sandbox", "--state-dir", t.TempDir()}, extra...)
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want int
		msg  string
	}{
		{"ok: version", []string{"--version"}, nil, ExitOK, "bslwiz test"},
		{"ok: version, an argument after it ignored (as cobra's own --version did)", []string{"--version", "extra"}, nil, ExitOK, "bslwiz test"},
		{"ok: help wins over version", []string{"-h", "--version"}, nil, ExitOK, "130  cancelled"},
		{"ok: help lists exit codes", []string{"--help"}, nil, ExitOK, "130  cancelled"},
		{"usage: unknown flag", []string{"plan", "--nope"}, nil, ExitUsage, "unknown flag"},
		{"usage: unknown command", []string{"frobnicate"}, nil, ExitUsage, "unknown command"},
		{"usage: missing inputs listed with flag and env", []string{"apply", "--yes"}, map[string]string{"SPECTROCLOUD_APIKEY": "k"}, ExitUsage, "--bucket or $BSLWIZ_BUCKET"},
		{"usage: export with missing inputs", []string{"export", "--format", "json"}, nil, ExitUsage, "--account-a or $BSLWIZ_ACCOUNT_A"},
		{"usage: no api key", []string{"plan", "--name", "x", "--bucket", "acme-velero-backups", "--account-a", "444455556666"}, nil, ExitUsage, "SPECTROCLOUD_APIKEY"},
		{"validation: bad bucket", sandboxArgs(t, "plan", "--bucket", "My_Bucket"), nil, ExitValidation, `bucket name "My_Bucket"`},
		{"validation: 11-digit account", sandboxArgs(t, "apply", "--yes", "--account-a", "44445555666"), nil, ExitValidation, "44445555666"},
		{"validation: Palette's root as Account A", sandboxArgs(t, "apply", "--yes", "--account-a", "arn:aws:iam::210987654321:root"), nil, ExitValidation, "Palette's own account"},
		{"validation: plan with Palette's root as Account A", sandboxArgs(t, "plan", "--account-a", "arn:aws:iam::210987654321:root"), nil, ExitValidation, "Palette's own account"},
		{"validation: Account B's root as Account A", sandboxArgs(t, "apply", "--yes", "--account-a", "arn:aws:iam::111122223333:root"), nil, ExitValidation, "Account B itself"},
		{"error: Palette unreachable", []string{"plan", "--name", "x", "--bucket", "acme-velero-backups", "--account-a", "444455556666", "--palette-endpoint", "https://127.0.0.1:1"},
			map[string]string{"SPECTROCLOUD_APIKEY": "k"}, ExitError, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bslwiz(t, tc.env, "", tc.args...)
			if r.code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.want, r.out, r.err)
			}
			if tc.msg != "" && !strings.Contains(r.out+r.err, tc.msg) {
				t.Fatalf("output lacks %q\nstdout: %s\nstderr: %s", tc.msg, r.out, r.err)
			}
		})
	}
}

func TestApplyInTheSandboxThenRerunChangesNothing(t *testing.T) {
	dir := t.TempDir()
	args := []string{"--sandbox", "--state-dir", dir, "apply", "--yes", "--output", "json"}
	r := bslwiz(t, nil, "", args...)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	var res Result
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatalf("--output json is not JSON: %v\n%s", err, r.out)
	}
	if !strings.HasPrefix(res.RoleARN, "arn:aws:iam::111122223333:role/") || res.PolicyARN == "" || res.LocationUID == "" {
		t.Fatalf("result lacks ARNs or uid: %+v", res)
	}
	if len(res.Steps) != 13 || len(res.Checks) == 0 {
		t.Fatalf("result has %d steps and %d checks", len(res.Steps), len(res.Checks))
	}
	for _, c := range res.Checks {
		if c.Status == steps.StatusFail {
			t.Errorf("check %s failed after apply: %s", c.ID, c.Reason)
		}
	}
	if !strings.Contains(r.err, "SANDBOX") {
		t.Errorf("no sandbox banner on stderr: %s", r.err)
	}
}

func TestPlanMakesZeroWritesAndShowsTheTrustDiff(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "plan")...)
	if r.code != ExitOK {
		t.Fatalf("plan exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// A new role is created with Account A's statement: step 6 shows the
	// whole document, and step 9 says why it has nothing to write.
	for _, want := range []string{"iam:CreatePolicy", "iam:CreateRole", "and Account A 444455556666", "iam:AttachRolePolicy",
		"POST /v1/users/assets/locations/s3", "111122223333 (Account B)", "arn:aws:iam::444455556666:root",
		"assume the role: step 6 creates the role with Account A's statement"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("plan output lacks %q", want)
		}
	}
	if strings.Contains(r.out, "iam:UpdateAssumeRolePolicy") {
		t.Errorf("plan writes the trust of a role it creates:\n%s", r.out)
	}
}

// TestAnExistingRoleGetsStep9sTrustDiff: a role that trusts Palette alone
// is adopted, and step 9 makes the guarded read, append and write, previewed
// as a diff that keeps the role's statement; the write goes through the IAM
// emulator over HTTP.
func TestAnExistingRoleGetsStep9sTrustDiff(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	ctx := context.Background()
	c := sandboxIAM(env)
	const role = "velero-existing"
	ec2 := `{"Sid":"Ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
	if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String(role),
		AssumeRolePolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[` + ec2 + `]}`)}); err != nil {
		t.Fatal(err)
	}
	args := []string{"--name", "existing", "--role-name", role, "--bucket", "acme-velero-backups", "--account-a", "444455556666", "--state-dir", t.TempDir()}
	r := bslwiz(t, env, "", append([]string{"plan"}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("plan exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	for _, want := range []string{"iam:UpdateAssumeRolePolicy", "replaces the whole document: read, append, write", "+", "arn:aws:iam::444455556666:root"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, r.out)
		}
	}
	if r = bslwiz(t, env, "", append([]string{"apply", "--yes"}, args...)...); r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(role)})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := iampolicy.ParseTrust(*out.Role.AssumeRolePolicyDocument) // URL-encoded, as IAM answers
	if err != nil {
		t.Fatal(err)
	}
	doc := tr.JSON()
	if tr.Len() != 3 || !strings.Contains(doc, "ec2.amazonaws.com") || !strings.Contains(doc, "arn:aws:iam::444455556666:root") {
		t.Errorf("the adopted role's trust after apply: %s", doc)
	}
}

func TestNoSecretInOutputs(t *testing.T) {
	dir := t.TempDir()
	key := "k3y-that-must-never-show"
	keyFile := filepath.Join(dir, "key")
	os.WriteFile(keyFile, []byte(key+"\n"), 0o600)
	r := bslwiz(t, map[string]string{"SPECTROCLOUD_APIKEY": key}, "", "plan", "--name", "x", "--bucket", "acme-velero-backups",
		"--account-a", "444455556666", "--palette-endpoint", "https://127.0.0.1:1")
	if strings.Contains(r.out+r.err, key) {
		t.Fatalf("API key leaked:\n%s\n%s", r.out, r.err)
	}
}

func TestAGivenFalseOverridesTheSeedAndTheJournal(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plan.yaml")
	os.WriteFile(file, []byte("forcePathStyle: true\nbucket: from-file-bucket\n"), 0o600)
	var in planInputs
	cmd := &cobra.Command{}
	addPlanInputs(cmd, &in, true)
	if err := cmd.ParseFlags([]string{"-f", file, "--force-path-style=false"}); err != nil {
		t.Fatal(err)
	}
	p, given, err := loadPlan(&in, func(k string) string {
		if k == "BSLWIZ_BUCKET" {
			return "from-env-bucket"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.ForcePathStyle || !given["forcePathStyle"] || p.Bucket != "from-env-bucket" {
		t.Fatalf("precedence broken: %+v given=%v", p, given)
	}
	base := steps.Plan{ForcePathStyle: true, Region: "us-east-2"}
	if got := overlay(base, p, given); got.ForcePathStyle || got.Region != "us-east-2" {
		t.Fatalf("overlay: %+v", got)
	}
}

func TestSandboxKnobs(t *testing.T) {
	o, err := sandboxOptions(func(k string) string {
		return map[string]string{"BSLWIZ_SANDBOX_LATENCY": "250ms", "BSLWIZ_SANDBOX_PROPAGATION": "20s"}[k]
	})
	if err != nil || o.Latency != 250*time.Millisecond || o.PropagationDelay != 20*time.Second {
		t.Fatalf("sandboxOptions = %+v, %v", o, err)
	}
	if _, err := sandboxOptions(func(string) string { return "soon" }); ExitCode(err) != ExitUsage {
		t.Fatalf("a bad knob: %v", err)
	}
	// The whole apply still works when IAM propagation takes time (the
	// sandbox's clock is real here, so keep it short). Whether validate meets
	// the delay depends on how fast the steps before it ran: when the whole
	// apply took less than the delay, validate ran inside it and must have
	// said so; on a machine so loaded that the delay was over before
	// validate, there is nothing to say, and only the exit status counts.
	const propagation = 2 * time.Second
	start := time.Now()
	r := bslwiz(t, map[string]string{"BSLWIZ_SANDBOX_PROPAGATION": propagation.String()}, "", sandboxArgs(t, "apply", "--yes")...)
	took := time.Since(start)
	if r.code != ExitOK {
		t.Fatalf("apply with propagation: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	said := strings.Contains(r.out, "IAM changes take time to propagate")
	switch {
	case took < propagation && !said:
		t.Fatalf("apply took %v, inside the %v propagation, and never said it waited for it:\n%s", took, propagation, r.out)
	case !said:
		t.Logf("apply took %v, past the %v propagation: validate passed at once", took, propagation)
	}
}

func TestApplyReadsEveryConfirmationFromBufferedInput(t *testing.T) {
	// All the answers arrive at once, as from a pipe or a paste: each prompt
	// must take one line and leave the rest for the next.
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{
		Args:       sandboxArgs(t, "apply"),
		Getenv:     func(string) string { return "" },
		In:         strings.NewReader(strings.Repeat("y\n", 13)),
		Out:        &out,
		Err:        &errb,
		IsTerminal: true,
		Version:    "test",
	})
	if code != ExitOK {
		t.Fatalf("apply with piped answers: exit %d\nstdout: %s\nstderr: %s", code, out.String(), errb.String())
	}
	if n := strings.Count(out.String(), "Make these changes?"); n < 2 {
		t.Fatalf("apply asked %d time(s); the test needs several confirmations", n)
	}
}
