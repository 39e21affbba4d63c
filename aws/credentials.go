package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// credentialsError is ErrNoCredentials (or another sentinel) carrying the SDK's cause.
type credentialsError struct {
	sentinel error
	cause    error
}

func (e *credentialsError) Error() string   { return e.sentinel.Error() }
func (e *credentialsError) Unwrap() []error { return []error{e.sentinel, e.cause} }

// checkCredentials resolves the credentials once, before any API call, so a
// missing or expired login is reported as such rather than as a failed call.
// The SDK caches what it resolved, so this costs no extra round trip later.
func (c *Client) checkCredentials(ctx context.Context, cfg sdkaws.Config) error {
	if cfg.Credentials == nil {
		return ErrNoCredentials
	}
	if c.opts.MFACode == nil {
		// With an MFA code to ask, retrieval waits for a person: the
		// assume-role call after the answer is bounded instead (mfaOption).
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.CallTimeout)
		defer cancel()
	}
	_, err := cfg.Credentials.Retrieve(ctx)
	if err == nil {
		return nil
	}
	if sso := c.ssoExpired(err, true); sso != nil {
		return sso
	}
	if c.opts.Credentials == nil && sdkaws.IsCredentialsProvider(cfg.Credentials, (*ec2rolecreds.Provider)(nil)) {
		// The default chain found nothing configured and fell back to the
		// instance metadata service, which had no role either.
		return &credentialsError{sentinel: ErrNoCredentials, cause: err}
	}
	if c.profile != "" {
		return fmt.Errorf("load AWS credentials for profile %q: %w", c.profile, err)
	}
	return fmt.Errorf("load AWS credentials: %w", err)
}

// ssoExpired recognises a missing, expired or revoked SSO token, either while
// the credentials are resolved (resolving) or in a service's answer. Network
// failures are left alone: signing in again would not fix them.
func (c *Client) ssoExpired(err error, resolving bool) *SSOExpiredError {
	var invalid *ssocreds.InvalidTokenError
	expired := errors.As(err, &invalid)
	if !expired && c.sso && !isTransient(err) {
		switch apiErrorCode(err) {
		case "ExpiredToken", "ExpiredTokenException", "UnauthorizedException":
			expired = true
		case "": // the token cache could not be read or refreshed
			expired = resolving
		}
	}
	if !expired {
		return nil
	}
	profile := c.profile
	if profile == "" {
		profile = "default"
	}
	return &SSOExpiredError{Profile: profile, Err: err, cli: installedDeviceCodeFlag(context.Background())}
}

// isTransient reports failures to reach a service (or a cancelled wait).
func isTransient(err error) bool {
	var (
		send *smithyhttp.RequestSendError
		op   *net.OpError
		dns  *net.DNSError
	)
	return errors.As(err, &send) || errors.As(err, &op) || errors.As(err, &dns) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// profileInUse names the shared-config profile the SDK resolved and says
// whether it (or its source_profile chain) signs in with SSO.
func profileInUse(opts Options, cfg sdkaws.Config) (profile string, sso bool) {
	profile = opts.Profile
	if profile == "" {
		profile = os.Getenv("AWS_PROFILE")
	}
	if opts.Credentials != nil && opts.Profile == "" {
		return "", false // explicit credentials: no profile is read at all
	}
	if opts.Credentials != nil || (opts.Profile == "" && os.Getenv("AWS_ACCESS_KEY_ID") != "") {
		// Explicit or environment keys win over AWS_PROFILE in the SDK's chain.
		return profile, false
	}
	for _, src := range cfg.ConfigSources {
		var sc *config.SharedConfig
		switch v := src.(type) {
		case config.SharedConfig:
			sc = &v
		case *config.SharedConfig:
			sc = v
		default:
			continue
		}
		if profile == "" {
			profile = sc.Profile
		}
		for p := sc; p != nil; p = p.Source {
			if p.SSOSessionName != "" || p.SSOStartURL != "" {
				sso = true
			}
		}
	}
	return profile, sso
}

// CredentialsRefusedError is STS refusing the credentials themselves: an
// unknown key, a secret that does not match, an expired session. It is an
// authentication failure, with the fix in its message.
type CredentialsRefusedError struct {
	Code string // STS's error code
	Err  error
}

func (e *CredentialsRefusedError) Error() string {
	what := "the AWS credentials"
	switch e.Code {
	case "InvalidClientTokenId", "UnrecognizedClientException":
		what = "the AWS access key (unknown to AWS in this partition)"
	case "SignatureDoesNotMatch":
		what = "the AWS secret key (it does not match the access key)"
	case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
		what = "the AWS session (it has expired)"
	}
	return fmt.Sprintf("AWS refused %s (%s): sign in to Account B again, or check AWS_PROFILE and the keys in the environment", what, e.Code)
}

func (e *CredentialsRefusedError) Unwrap() error { return e.Err }

// refusedCredentials recognises STS's answers that mean the credentials are
// wrong, rather than the call.
func refusedCredentials(err error) *CredentialsRefusedError {
	switch code := apiErrorCode(err); code {
	case "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
		"ExpiredToken", "ExpiredTokenException", "RequestExpired":
		return &CredentialsRefusedError{Code: code, Err: err}
	}
	return nil
}
