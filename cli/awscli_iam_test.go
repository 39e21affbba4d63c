package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/internal/testenv"
)

// TestTheAWSCLISeesWhatIAMStoresInBslwizSandbox drives the real aws CLI v2 at `bslwiz
// sandbox`: an account-ID principal reads back as the root ARN, a trust naming a deleted
// role reads back with its AROA… ID, and commercial keys signed for GovCloud are refused.
func TestTheAWSCLISeesWhatIAMStoresInBslwizSandbox(t *testing.T) {
	bin := testenv.AWSCLI(t)
	env := serveSandbox(t)
	home := t.TempDir()
	aws := func(args ...string) (string, string, error) {
		// aws CLI 2.9 (Debian's) predates AWS_ENDPOINT_URL: name the endpoint.
		cmd := exec.Command(bin, append([]string{"--endpoint-url", env["AWS_ENDPOINT_URL"], "--output", "json", "--no-cli-pager"}, args...)...)
		cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true",
			"AWS_CONFIG_FILE=" + filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials")}
		for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"} {
			cmd.Env = append(cmd.Env, k+"="+env[k])
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		return out.String(), errb.String(), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, errOut, err := aws(args...)
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
		}
		return out
	}
	trust := func(principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}]}`
	}

	must("iam", "create-role", "--role-name", "by-account-id", "--assume-role-policy-document", trust("444455556666"))
	if out := must("iam", "get-role", "--role-name", "by-account-id"); !strings.Contains(out, `"arn:aws:iam::444455556666:root"`) {
		t.Errorf("an account-ID principal reads back as:\n%s", out)
	}

	must("iam", "create-role", "--role-name", "ci-runner", "--assume-role-policy-document", trust("444455556666"))
	must("iam", "create-role", "--role-name", "trusts-ci", "--assume-role-policy-document", trust("arn:aws:iam::111122223333:role/ci-runner"))
	must("iam", "delete-role", "--role-name", "ci-runner")
	if out := must("iam", "get-role", "--role-name", "trusts-ci"); !regexp.MustCompile(`"AWS": "AROA[A-Z0-9]+"`).MatchString(out) {
		t.Errorf("after deleting ci-runner the trust reads back as:\n%s", out)
	}

	_, errOut, err := aws("sts", "get-caller-identity", "--region", "us-gov-west-1")
	if err == nil || !strings.Contains(errOut, "InvalidClientTokenId") {
		t.Errorf("commercial keys signed for us-gov-west-1: %v\n%s", err, errOut)
	}
}
