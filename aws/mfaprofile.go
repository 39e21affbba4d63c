package aws

import (
	"context"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
)

// ProfileNeedsMFA reports whether signing in with opts assumes a role with
// an MFA device: the profile in effect (Options.Profile, else AWS_PROFILE,
// else default) names role_arn and mfa_serial in the shared config files
// (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE honoured). Explicit
// credentials, and environment keys with no profile named, read no
// profile. A profile that cannot be read needs no code: Connect reports it.
func ProfileNeedsMFA(ctx context.Context, opts Options) bool {
	if opts.Credentials != nil {
		return false
	}
	profile := opts.Profile
	if profile == "" {
		if os.Getenv("AWS_ACCESS_KEY_ID") != "" {
			return false // environment keys win over AWS_PROFILE in the SDK's chain
		}
		if profile = os.Getenv("AWS_PROFILE"); profile == "" {
			profile = "default"
		}
	}
	configFile, credentialsFile, err := sharedFiles()
	if err != nil {
		return false
	}
	sc, err := config.LoadSharedConfigProfile(ctx, profile, func(o *config.LoadSharedConfigOptions) {
		o.ConfigFiles, o.CredentialsFiles = []string{configFile}, []string{credentialsFile}
	})
	return err == nil && sc.RoleARN != "" && sc.MFASerial != ""
}

// IsMFACodeRefused reports whether err is STS refusing the one-time code
// itself (AccessDenied "invalid MFA one time pass code"): another code may
// pass. A device that is not the caller's ("unable to validate MFA code")
// is not: no code would.
func IsMFACodeRefused(err error) bool {
	return apiErrorCode(err) == "AccessDenied" && strings.Contains(err.Error(), "invalid MFA one time pass code")
}
