package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/sandbox"
)

// TestEveryExitCodeForEveryCommonCause runs bslwiz in real mode against the
// emulators (over HTTP, as after 'bslwiz sandbox'), with --region left out
// as a newcomer leaves it, and checks that each cause ends with the README's
// exit code and one line that says what to do, with no SDK text in it.
func TestEveryExitCodeForEveryCommonCause(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	base := map[string]string{}
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		base[k] = v
	}
	a, err := sb.AccountACredentials().Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A permissions boundary that allows no S3 action, for the review of the role to refuse.
	b := sb.Backends()
	ic := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: sdkaws.String(b.AWS.Endpoint), Credentials: b.AWS.Credentials})
	if _, err := ic.CreatePolicy(context.Background(), &iam.CreatePolicyInput{PolicyName: sdkaws.String("only-ec2"),
		PolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	plan := []string{"--name", "codes", "--bucket", sandbox.Bucket, "--account-a", sandbox.AccountA}
	with := func(args ...string) []string { return append(append([]string{}, args...), plan...) }
	cases := []struct {
		name     string
		args     []string
		env      map[string]string // over the sandbox's environment; "" unsets
		stdin    string
		terminal bool
		want     int
		msg      string
	}{
		{"0: plan, region detected from the bucket", with("plan"), nil, "", false, ExitOK, "region us-east-2, detected from the bucket"},
		{"1: AWS endpoint unreachable", with("plan"), map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1"}, "", false, ExitError,
			"AWS STS GetCallerIdentity could not be sent at http://127.0.0.1:1: nothing answered"},
		{"1: Palette endpoint unreachable", with("plan", "--palette-endpoint", "https://127.0.0.1:1"), nil, "", false, ExitError, "nothing answered at the Palette endpoint"},
		{"2: a missing input", []string{"plan", "--name", "codes"}, nil, "", false, ExitUsage, "--bucket or $BSLWIZ_BUCKET"},
		{"2: status of a name no journal has, and no plan", []string{"status", "nonexist"}, nil, "", false, ExitUsage,
			"no journal for nonexist ("},
		{"2: a change without --yes or a terminal", with("apply"), nil, "", false, ExitUsage, "pass --yes"},
		{"2: export without --format", with("export"), nil, "", false, ExitUsage, "--format terraform"},
		{"3: the bucket does not exist", []string{"plan", "--name", "codes", "--bucket", "no-such-bucket-here", "--account-a", sandbox.AccountA}, nil, "", false, ExitValidation,
			`"no-such-bucket-here": is not a bucket in Account B (111122223333)`},
		{"3: the bucket is in another region", with("plan", "--region", "us-west-2"), nil, "", false, ExitValidation, "is not where bucket acme-velero-backups is (it is in us-east-2)"},
		{"3: no such Palette project", with("plan", "--project", "Nope"), nil, "", false, ExitValidation, `Project "Nope": is not a project this API key sees (it sees: Default)`},
		{"3: export for a region that is not the bucket's", with("export", "--format", "json", "--region", "us-west-2"), nil, "", false, ExitValidation,
			"is not where bucket acme-velero-backups is (it is in us-east-2)"},
		{"3: export of a bucket name that breaks its rule", []string{"export", "--format", "terraform", "--name", "codes", "--bucket", "Acme_Bad", "--account-a", sandbox.AccountA}, nil, "", false, ExitValidation,
			`bucket name "Acme_Bad": uppercase letters are not allowed`},
		{"3: no such cluster in the project", []string{"plan", "--name", "codes", "--bucket", sandbox.Bucket, "--cluster", "nope"}, nil, "", false, ExitValidation,
			`Cluster "nope": is not a cluster of project Default (its clusters: demo-cluster)`},
		{"3: the cluster runs in another Account A", []string{"plan", "--name", "codes", "--bucket", sandbox.Bucket, "--cluster", "demo-cluster", "--account-a", "123456789012"}, nil, "", false, ExitValidation,
			"runs in account 444455556666 (cloud account account-a), but Account A is"},
		{"3: status of a location that does not exist", []string{"status", "codes", "--bucket", sandbox.Bucket, "--account-a", sandbox.AccountA}, nil, "", false, ExitValidation, `no location named "codes"`},
		{"3: a permissions boundary denies the guide's actions", append(with("apply", "--yes", "--permissions-boundary", "arn:aws:iam::111122223333:policy/only-ec2"), "--name", "bounded"), nil, "", false, ExitValidation,
			"actions of the guide; attach the guide's policy, or lift the permissions boundary"},
		{"4: the wrong Account B", with("plan", "--account-b", "999988887777"), nil, "", false, ExitAuth, "but Account B is 999988887777: choose the profile for 999988887777"},
		{"4: signed in to Account A", with("plan"), map[string]string{"AWS_ACCESS_KEY_ID": a.AccessKeyID, "AWS_SECRET_ACCESS_KEY": a.SecretAccessKey}, "", false, ExitAuth,
			"which is Account A (444455556666)"},
		{"4: a bad AWS secret", with("plan"), map[string]string{"AWS_SECRET_ACCESS_KEY": "wrong" + base["AWS_SECRET_ACCESS_KEY"]}, "", false, ExitAuth, "AWS refused the AWS secret key"},
		{"4: an unknown AWS access key", with("plan"), map[string]string{"AWS_ACCESS_KEY_ID": "AKIAUNKNOWNUNKNOWN00"}, "", false, ExitAuth, "AWS refused the AWS access key"},
		{"4: no AWS credentials", with("plan"), map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}, "", false, ExitAuth, "no AWS credentials found"},
		{"4: an AWS profile that is not there", with("plan", "--aws-profile", "nosuch"), nil, "", false, ExitAuth, `AWS profile "nosuch" is not in the shared config`},
		{"4: a bad Palette API key", with("plan"), map[string]string{"SPECTROCLOUD_APIKEY": "not-a-key"}, "", false, ExitAuth, "Palette refused the API key (401"},
		{"130: a change not confirmed", with("apply"), nil, "n\n", true, ExitCancelled, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range base {
				env[k] = v
			}
			for k, v := range tc.env {
				env[k] = v
			}
			useAWSEnv(t, env)
			t.Setenv("AWS_ENDPOINT_URL_STS", env["AWS_ENDPOINT_URL_STS"])
			for k, v := range env {
				if v == "" {
					os.Unsetenv(k)
					delete(env, k)
				}
			}
			var out, errb bytes.Buffer
			args := append(append([]string{}, tc.args...), "--state-dir", t.TempDir())
			code := Main(context.Background(), Env{Args: args, Getenv: func(k string) string { return env[k] },
				In: strings.NewReader(tc.stdin), Out: &out, Err: &errb, IsTerminal: tc.terminal, Version: "test"})
			if code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, out.String(), errb.String())
			}
			if !strings.Contains(out.String()+errb.String(), tc.msg) {
				t.Fatalf("output lacks %q\nstdout: %s\nstderr: %s", tc.msg, out.String(), errb.String())
			}
			if tc.want == ExitAuth && strings.Contains(errb.String(), "(Fields)") {
				// Step 4 signs in only to find the bucket's region: a sign-in
				// error is not a problem of its fields.
				t.Fatalf("a sign-in error names step 4's fields:\n%s", errb.String())
			}
			for _, raw := range []string{"operation error", "https response error", "StatusCode:", "dial tcp", "RequestID"} {
				if strings.Contains(errb.String(), raw) {
					t.Fatalf("stderr shows the SDK's text %q:\n%s", raw, errb.String())
				}
			}
		})
	}
}

// --debug adds the raw error under the explanation, and nothing else does.
func TestDebugShowsTheRawError(t *testing.T) {
	env := serveSandbox(t)
	env["AWS_ENDPOINT_URL"], env["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:1", "http://127.0.0.1:1"
	useAWSEnv(t, env)
	t.Setenv("AWS_ENDPOINT_URL_STS", env["AWS_ENDPOINT_URL_STS"])
	args := []string{"plan", "--name", "x", "--bucket", sandbox.Bucket, "--account-a", sandbox.AccountA, "--state-dir", t.TempDir()}
	r := bslwiz(t, env, "", args...)
	if strings.Contains(r.err, "debug:") || strings.Contains(r.err, "operation error") {
		t.Fatalf("without --debug the raw error shows:\n%s", r.err)
	}
	r = bslwiz(t, env, "", append(args, "--debug")...)
	if !strings.Contains(r.err, "debug: ") || !strings.Contains(r.err, "operation error STS: GetCallerIdentity") {
		t.Fatalf("--debug does not show the raw error:\n%s", r.err)
	}
}

// TestDebugShowsTheServicesAnswerForARefusedSecret: a refused secret's
// explanation is the error's own text, so --debug shows what AWS answered
// (and never the secret).
func TestDebugShowsTheServicesAnswerForARefusedSecret(t *testing.T) {
	env := serveSandbox(t)
	env["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-of-this-key"
	useAWSEnv(t, env)
	r := bslwiz(t, env, "", "plan", "--name", "x", "--bucket", sandbox.Bucket, "--account-a", sandbox.AccountA, "--state-dir", t.TempDir(), "--debug")
	if r.code != ExitAuth || !strings.Contains(r.err, "debug: ") || !strings.Contains(r.err, "SignatureDoesNotMatch") {
		t.Fatalf("exit %d; --debug does not show AWS's answer:\n%s", r.code, r.err)
	}
	if strings.Contains(r.err, env["AWS_SECRET_ACCESS_KEY"]) {
		t.Fatal("the secret is on stderr")
	}
}

// The one-line explanation leaves the SDK's text out; the journal's events
// keep it, for whoever debugs the run later.
func TestAFailedApplyKeepsTheRawErrorInTheJournal(t *testing.T) {
	env := serveSandbox(t)
	env["AWS_ENDPOINT_URL"], env["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:1", "http://127.0.0.1:1"
	useAWSEnv(t, env)
	t.Setenv("AWS_ENDPOINT_URL_STS", env["AWS_ENDPOINT_URL_STS"])
	state := t.TempDir()
	r := bslwiz(t, env, "", "apply", "--yes", "--name", "rawerr", "--bucket", sandbox.Bucket, "--account-a", sandbox.AccountA, "--state-dir", state)
	if r.code != ExitError || strings.Contains(r.err, "operation error") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
	j, err := os.ReadFile(filepath.Join(state, "rawerr.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(j), `"action": "error"`) || !strings.Contains(string(j), "operation error STS: GetCallerIdentity") {
		t.Fatalf("the journal's events lack the raw error:\n%s", j)
	}
	if strings.Contains(string(j), env["AWS_SECRET_ACCESS_KEY"]) || strings.Contains(string(j), env["SPECTROCLOUD_APIKEY"]) {
		t.Fatal("the journal holds a secret")
	}
}
