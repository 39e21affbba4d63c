package aws

import (
	"context"
	"io"
	"net/http"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/internal/clock"
)

// Defaults applied by Connect to zero Options fields.
const (
	DefaultCallTimeout        = 30 * time.Second
	DefaultPropagationTimeout = 2 * time.Minute
	DefaultMaxAttempts        = 5
	// DefaultRegion is where Connect first signs in when neither
	// Options.Region nor the environment or profile names one; credentials of
	// another partition are then tried in that partition's default region.
	DefaultRegion = "us-east-1"
)

// Options configures Connect. The zero value uses the SDK's default credential
// chain and the settings of AWS_PROFILE / the default profile.
type Options struct {
	// Profile is a shared-config profile name; empty honours AWS_PROFILE.
	Profile string
	// Region overrides the profile's or environment's region.
	Region string
	// Endpoint is a custom base endpoint for IAM, STS and S3 (an emulator);
	// S3 then uses path-style addressing.
	Endpoint string
	// Credentials, when set, replaces the default chain (sandbox, tests).
	Credentials sdkaws.CredentialsProvider
	// CallTimeout bounds every API call, retries included (default 30s).
	CallTimeout time.Duration
	// PropagationTimeout bounds the retries of "Invalid principal in policy"
	// on CreateRole and UpdateAssumeRolePolicy (default 2m).
	PropagationTimeout time.Duration
	// ExpectAccount, when set, makes Connect fail with *WrongAccountError if the
	// caller is in another account. AccountA, when set, is refused explicitly.
	ExpectAccount, AccountA string
	// HTTPClient replaces the SDK's HTTP client.
	HTTPClient *http.Client
	// SharedCredentialsFiles, when set, are read for Profile instead of
	// the default credentials file (the sandbox's account-a profile).
	SharedCredentialsFiles []string

	// MaxAttempts is the standard retryer's attempt limit for throttling and
	// 5xx answers (default 5, or AWS_MAX_ATTEMPTS when set).
	MaxAttempts int
	// MaxBackoff caps the standard retryer's delay between attempts (default:
	// the SDK's 20s).
	MaxBackoff time.Duration
	// TrustSizeLimit is the account's trust-policy quota in non-whitespace
	// characters (default iampolicy.TrustSizeDefault, 2048; adjustable in AWS up
	// to iampolicy.TrustSizeMax).
	TrustSizeLimit int
	// Sleep waits between propagation retries; nil uses a timer. Tests inject
	// a fake clock here.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now reads the clock for propagation deadlines; nil uses time.Now.
	Now func() time.Time
	// MFACode, when set, is asked for the one-time code of the MFA device
	// serial when the profile assumes its role with mfa_serial; it is not
	// called for other profiles. Nil means nobody can be asked: Connect then
	// fails on such a profile with *MFARequiredError. The SDK may call it
	// from any goroutine; the code must never be logged or shown.
	MFACode func(serial string) (string, error)
	// Log receives the SDK's own warnings (an IMDS fallback, a deprecated
	// setting). Nil drops them: under a full-screen UI a stray line on
	// stderr would tear the screen.
	Log io.Writer
}

// logger is the SDK logger Options.Log asks for.
func (o Options) logger() logging.Logger {
	if o.Log == nil {
		return logging.Nop{}
	}
	return logging.NewStandardLogger(o.Log)
}

func (o Options) withDefaults() Options {
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.PropagationTimeout <= 0 {
		o.PropagationTimeout = DefaultPropagationTimeout
	}
	if o.TrustSizeLimit <= 0 {
		o.TrustSizeLimit = iampolicy.TrustSizeDefault
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
