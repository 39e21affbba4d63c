package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bslwiz/bslwiz/sandbox"
)

// useSandboxMFA points this process's AWS SDK at the sandbox's MFA profile
// (BSLWIZ_SANDBOX_MFA): the SDK reads the profile files and the assume-role
// STS endpoint only from the environment. It says which code the device
// shows. A sandbox without the profile is left alone.
func useSandboxMFA(sb *sandbox.Sandbox, errOut io.Writer) error {
	if sb.MFA == nil {
		return nil
	}
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		if k == "AWS_CONFIG_FILE" || k == "AWS_SHARED_CREDENTIALS_FILE" || k == "AWS_ENDPOINT_URL_STS" {
			if err := os.Setenv(k, v); err != nil {
				return fmt.Errorf("sandbox MFA profile: %w", err)
			}
		}
	}
	fmt.Fprintln(errOut, sandboxMFANote(sb))
	return nil
}

// sandboxMFANote tells a newcomer how to sign in with the MFA profile.
func sandboxMFANote(sb *sandbox.Sandbox) string {
	return fmt.Sprintf("SANDBOX MFA: profile %s assumes %s with MFA device %s; its code is always %s.",
		sb.MFA.Name, sb.MFA.RoleARN, sb.MFA.Serial, sandbox.MFACode)
}
