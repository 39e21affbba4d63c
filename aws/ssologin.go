package aws

import (
	"context"
	"os/exec"
	"strconv"
	"time"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// deviceCodeSince is the first aws CLI v2 release with `aws sso login --use-device-code`.
// Earlier releases refuse the flag ("Unknown options") and sign in with a device code by
// default; 2.22.0 made the browser (PKCE) flow the default and added the flag
// (https://github.com/aws/aws-cli/blob/v2/CHANGELOG.rst, 2.22.0;
// https://docs.aws.amazon.com/cli/latest/userguide/sso-configure-profile-token.html).
var deviceCodeSince = [2]int{2, 22}

// deviceCodeFlag says whether the installed aws CLI takes --use-device-code.
type deviceCodeFlag int

const (
	deviceCodeUnknown deviceCodeFlag = iota // no aws CLI found, or its version unreadable
	deviceCodeNeeded                        // 2.22 or later: the flag keeps the browser closed
	deviceCodeRefused                       // before 2.22: the flag is an error; the default is a device code
)

// awsCLIVersion runs `aws --version` and returns its output; tests replace it.
var awsCLIVersion = func(ctx context.Context) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "aws", "--version").Output()
	return string(out), err
}

var cliVersionPattern = lazyre.New(`aws-cli/(\d+)\.(\d+)\.`)

// installedDeviceCodeFlag asks the installed aws CLI for its version.
func installedDeviceCodeFlag(ctx context.Context) deviceCodeFlag {
	out, err := awsCLIVersion(ctx)
	if err != nil {
		return deviceCodeUnknown
	}
	m := cliVersionPattern.FindStringSubmatch(out)
	if m == nil {
		return deviceCodeUnknown
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major > deviceCodeSince[0] || major == deviceCodeSince[0] && minor >= deviceCodeSince[1] {
		return deviceCodeNeeded
	}
	return deviceCodeRefused
}
