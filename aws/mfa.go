package aws

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// MFARequiredError reports that the profile assumes a role with an MFA
// device (mfa_serial) and nobody can be asked for the code: bslwiz runs
// without a terminal. It is an authentication failure.
type MFARequiredError struct {
	Profile string
	Err     error // the SDK's cause
}

func (e *MFARequiredError) Error() string {
	return fmt.Sprintf("AWS profile %q assumes its role with an MFA code (mfa_serial), and there is no terminal to ask for it: "+
		"run bslwiz in a terminal, or sign in with a session from `aws sts get-session-token --serial-number ARN --token-code CODE` "+
		"(export its AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN)", e.Profile)
}

func (e *MFARequiredError) Unwrap() error { return e.Err }

// mfaOption hands the SDK's assume-role provider a token provider that asks
// code for the current one-time code of the profile's MFA device. The SDK
// calls it only for a profile with mfa_serial, when it assumes the role
// (at sign-in, and again when the credentials expire).
//
// Asking takes as long as the person takes, so sign-in does not bound the
// whole retrieval by the call timeout (checkCredentials); the AssumeRole
// call that follows the answer is bounded by callTimeout instead.
func mfaOption(code func(serial string) (string, error), callTimeout time.Duration) func(*config.LoadOptions) error {
	return config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
		o.Client = boundedAssumeRole{o.Client, callTimeout}
		serial := sdkaws.ToString(o.SerialNumber)
		o.TokenProvider = func() (string, error) {
			c, err := code(serial)
			if err != nil {
				return "", fmt.Errorf("MFA code for %s: %w", serial, err)
			}
			return c, nil
		}
	})
}

// boundedAssumeRole bounds each AssumeRole call of the assume-role provider.
type boundedAssumeRole struct {
	next    stscreds.AssumeRoleAPIClient
	timeout time.Duration
}

func (b boundedAssumeRole) AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, optFns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	if b.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.timeout)
		defer cancel()
	}
	return b.next.AssumeRole(ctx, in, optFns...)
}

// mfaRequired recognises the SDK's refusal to load an MFA profile without a
// token provider.
func mfaRequired(err error, profile string) error {
	var notSet config.AssumeRoleTokenProviderNotSetError
	if !errors.As(err, &notSet) {
		return nil
	}
	if profile == "" {
		profile = os.Getenv("AWS_PROFILE")
	}
	if profile == "" {
		profile = "default"
	}
	return &MFARequiredError{Profile: profile, Err: err}
}
