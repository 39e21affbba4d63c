package awstest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// findAWSCLIv2 returns the path of an aws CLI v2. A v1 found first on PATH (e.g. a pip install)
// is passed over for /usr/bin/aws (Debian's awscli package) or /usr/local/bin/aws (AWS's installer).
// Without one the test is skipped, or fails when CI=true.
func findAWSCLIv2(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/aws", "/usr/local/bin/aws"}
	if p, err := exec.LookPath("aws"); err == nil && p != candidates[0] && p != candidates[1] {
		candidates = append([]string{p}, candidates...)
	}
	// Probe all candidates at once: a CLI start takes a second or more.
	versions := make([]string, len(candidates))
	var wg sync.WaitGroup
	for i, p := range candidates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(p, "--version")
			cmd.Env = cliBaseEnv(t.TempDir())
			if out, err := cmd.CombinedOutput(); err == nil {
				versions[i] = strings.TrimSpace(string(out))
			}
		}()
	}
	wg.Wait()
	var seen []string
	for i, p := range candidates {
		switch v := versions[i]; {
		case strings.HasPrefix(v, "aws-cli/2."):
			t.Logf("using %s (%s)", p, v)
			return p
		case v != "":
			seen = append(seen, p+": "+v)
		}
	}
	msg := "aws CLI v2 not found (install it with `apt-get install -y awscli`)"
	if len(seen) > 0 {
		msg += "; found only " + strings.Join(seen, ", ")
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " — required when CI=true")
	}
	t.Skip(msg)
	return ""
}

// cliBaseEnv is the environment without any AWS_* variable of the developer's, with an empty home.
func cliBaseEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "HOME=") {
			continue
		}
		env = append(env, kv)
	}
	config := filepath.Join(home, "config")
	creds := filepath.Join(home, "credentials")
	for _, f := range []string{config, creds} {
		_ = os.WriteFile(f, nil, 0o600)
	}
	return append(env, "HOME="+home, "AWS_CONFIG_FILE="+config, "AWS_SHARED_CREDENTIALS_FILE="+creds, "AWS_PAGER=")
}

// awsCLI runs the aws CLI against the emulator as creds and returns stdout, stderr and the exit code.
type awsCLI struct {
	t    *testing.T
	bin  string
	home string
	srv  *awstest.Server
}

func (c awsCLI) run(creds awstest.Credentials, args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	args = append([]string{"--endpoint-url", c.srv.URL, "--output", "json", "--no-cli-pager"}, args...)
	cmd := exec.Command(c.bin, args...)
	cmd.Env = append(cliBaseEnv(c.home), c.srv.Env(creds)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		c.t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), code
}

// runJSON runs a command that must succeed and decodes its JSON output.
func (c awsCLI) runJSON(creds awstest.Credentials, v any, args ...string) {
	c.t.Helper()
	out, errOut, code := c.run(creds, args...)
	if code != 0 {
		c.t.Fatalf("aws %s: exit %d: %s", strings.Join(args, " "), code, errOut)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("aws %s: output is not JSON (%v): %q", strings.Join(args, " "), err, out)
	}
}

// TestAWSCLIv2AgainstTheEmulator drives the real aws CLI v2 at the served emulator, as a new user
// would try it. Each CLI start costs about a second, so the independent checks run in parallel.
func TestAWSCLIv2AgainstTheEmulator(t *testing.T) {
	bin := findAWSCLIv2(t)
	w := newWorld(t)
	cli := awsCLI{t: t, bin: bin, home: t.TempDir(), srv: w.srv}
	w.createRole(t, "cli-assumed", paletteTrust())

	t.Run("sts get-caller-identity", func(t *testing.T) {
		t.Parallel()
		cli := cli
		cli.t = t
		var id struct{ UserId, Account, Arn string }
		cli.runJSON(w.adminB, &id, "sts", "get-caller-identity")
		if id.Account != accountB || id.Arn != "arn:aws:iam::111122223333:user/b-admin" || !strings.HasPrefix(id.UserId, "AIDA") {
			t.Errorf("get-caller-identity = %+v", id)
		}
	})
	t.Run("s3api head-bucket", func(t *testing.T) {
		t.Parallel()
		cli := cli
		cli.t = t
		out, errOut, code := cli.run(w.adminB, "s3api", "head-bucket", "--bucket", bucketName, "--region", bucketRegion)
		if code != 0 {
			t.Errorf("head-bucket: exit %d %s", code, errOut)
		}
		// Newer CLIs print {"BucketRegion": ...}; 2.9 prints nothing.
		if strings.TrimSpace(out) != "" {
			var head map[string]any
			if err := json.Unmarshal([]byte(out), &head); err != nil || (head["BucketRegion"] != nil && head["BucketRegion"] != bucketRegion) {
				t.Errorf("head-bucket output = %q", out)
			}
		}
	})
	t.Run("s3api head-bucket of a missing bucket", func(t *testing.T) {
		t.Parallel()
		cli := cli
		cli.t = t
		_, errOut, code := cli.run(w.adminB, "s3api", "head-bucket", "--bucket", "no-such-bucket-anywhere", "--region", bucketRegion)
		if code == 0 || !strings.Contains(errOut, "(404)") || !strings.Contains(errOut, "Not Found") {
			t.Errorf("head-bucket of a missing bucket: exit %d %s", code, errOut)
		}
	})
	t.Run("sts assume-role as Palette", func(t *testing.T) {
		t.Parallel()
		cli := cli
		cli.t = t
		roleARN := "arn:aws:iam::111122223333:role/cli-assumed"
		var assumed struct {
			Credentials     struct{ AccessKeyId, SecretAccessKey, SessionToken, Expiration string }
			AssumedRoleUser struct{ Arn string }
		}
		cli.runJSON(w.palette, &assumed, "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "palette", "--external-id", externalID)
		if assumed.AssumedRoleUser.Arn != "arn:aws:sts::111122223333:assumed-role/cli-assumed/palette" || !strings.HasPrefix(assumed.Credentials.AccessKeyId, "ASIA") {
			t.Errorf("assume-role = %+v", assumed.AssumedRoleUser)
		}
	})
	t.Run("iam create-role, get-role", func(t *testing.T) {
		t.Parallel()
		cli := cli
		cli.t = t
		trustFile := filepath.Join(t.TempDir(), "trust.json")
		if err := os.WriteFile(trustFile, []byte(paletteTrust()), 0o600); err != nil {
			t.Fatal(err)
		}
		type roleOut struct {
			Role struct {
				RoleName, Arn, Path, Description string
				MaxSessionDuration               int
				AssumeRolePolicyDocument         struct {
					Version   string
					Statement []struct {
						Effect    string
						Principal struct{ AWS string }
						Condition map[string]map[string]string
					}
				}
				Tags []struct{ Key, Value string }
			}
		}
		var created roleOut
		cli.runJSON(w.adminB, &created, "iam", "create-role", "--role-name", backupRole, "--path", "/bslwiz/",
			"--description", "Palette backups", "--assume-role-policy-document", "file://"+trustFile,
			"--tags", "Key=bslwiz:location,Value=acme-backups")
		wantARN := "arn:aws:iam::111122223333:role/bslwiz/" + backupRole
		if created.Role.Arn != wantARN || created.Role.Path != "/bslwiz/" {
			t.Errorf("create-role = %+v", created.Role)
		}

		var got roleOut
		cli.runJSON(w.adminB, &got, "iam", "get-role", "--role-name", backupRole)
		if got.Role.Arn != wantARN || got.Role.Description != "Palette backups" || got.Role.MaxSessionDuration != 3600 ||
			len(got.Role.Tags) != 1 || got.Role.Tags[0].Value != "acme-backups" {
			t.Errorf("get-role = %+v", got.Role)
		}
		// The CLI URL-decodes and parses the trust document itself.
		doc := got.Role.AssumeRolePolicyDocument
		if doc.Version != "2012-10-17" || len(doc.Statement) != 1 || doc.Statement[0].Principal.AWS != "arn:aws:iam::210987654321:root" ||
			doc.Statement[0].Condition["StringEquals"]["sts:ExternalId"] != externalID {
			t.Errorf("get-role trust document = %+v", doc)
		}

	})
}
