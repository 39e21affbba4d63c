package aws

import (
	"context"
	"errors"
	"fmt"
	"os"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Identity is the caller as sts:GetCallerIdentity reports it. Partition comes
// from the caller's ARN ("aws", "aws-cn", "aws-us-gov", ...).
type Identity struct{ Account, ARN, UserID, Partition string }

// Client talks to Account B. It is safe for concurrent use.
type Client struct {
	opts    Options
	profile string // the profile in effect, for messages ("" when none)
	sso     bool   // the profile (or its source profile) signs in with IAM Identity Center
	region  string
	id      Identity
	iam     *iam.Client
	sts     *sts.Client
	s3      *s3.Client
	kms     *kms.Client
	aa      *accessanalyzer.Client
}

// Connect loads the AWS configuration (profile, region, credentials), calls
// GetCallerIdentity straight away and checks the account guard. Credential
// problems come back as ErrNoCredentials or *SSOExpiredError, a wrong
// account as *WrongAccountError.
func Connect(ctx context.Context, opts Options) (*Client, error) {
	opts = opts.withDefaults()
	var cfg sdkaws.Config
	if opts.Credentials != nil && opts.Profile == "" {
		cfg = explicitConfig(opts)
	} else {
		var err error
		if cfg, err = config.LoadDefaultConfig(ctx, loadOptions(opts)...); err != nil {
			if mfa := mfaRequired(err, opts.Profile); mfa != nil {
				return nil, mfa
			}
			return nil, describeConfigError(err)
		}
	}
	resolved := cfg.Region != ""
	if !resolved {
		cfg.Region = DefaultRegion
	}
	c := &Client{opts: opts, region: cfg.Region}
	c.profile, c.sso = profileInUse(opts, cfg)
	if err := c.checkCredentials(ctx, cfg); err != nil {
		return nil, err
	}

	id, err := c.signIn(ctx, &cfg, resolved)
	if err != nil {
		return nil, err
	}
	c.id = id
	if err := checkAccount(id, opts); err != nil {
		return nil, err
	}

	c.iam = iam.NewFromConfig(cfg, func(o *iam.Options) {
		o.BaseEndpoint, o.Retryer = c.endpoint(o.BaseEndpoint), c.retryer(o.Retryer)
		if o.BaseEndpoint != nil {
			// A custom endpoint drops the rules' global signing region; IAM
			// is signed in its partition's home region.
			o.Region = iamSigningRegion(id.Partition, o.Region)
		}
	})
	c.aa = accessanalyzer.NewFromConfig(cfg, func(o *accessanalyzer.Options) {
		o.BaseEndpoint, o.Retryer = c.endpoint(o.BaseEndpoint), c.retryer(o.Retryer)
	})
	c.s3 = s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint, o.Retryer = c.endpoint(o.BaseEndpoint), c.retryer(o.Retryer)
		if o.BaseEndpoint != nil {
			o.UsePathStyle = true // emulators and localhost have no bucket subdomains
		}
	})
	c.kms = kms.NewFromConfig(cfg, func(o *kms.Options) {
		o.BaseEndpoint, o.Retryer = c.endpoint(o.BaseEndpoint), c.retryer(o.Retryer)
	})
	return c, nil
}

// Identity is the caller found by Connect.
func (c *Client) Identity() Identity { return c.id }

// Region is the region the client signs in: the one configured (options,
// environment or profile), else its partition's default region.
func (c *Client) Region() string { return c.region }

// Profile is the shared-config profile in use, or "" for none.
func (c *Client) Profile() string { return c.profile }

// explicitConfig is the configuration for explicit credentials (the
// sandbox): it reads nothing from the shared files or the environment, so
// an AWS_PROFILE naming a profile that does not exist cannot stop it.
func explicitConfig(opts Options) sdkaws.Config {
	attempts := opts.MaxAttempts
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	cfg := sdkaws.Config{
		Logger:           opts.logger(),
		Region:           opts.Region,
		Credentials:      sdkaws.NewCredentialsCache(opts.Credentials),
		RetryMaxAttempts: attempts,
		Retryer: func() sdkaws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = attempts })
		},
	}
	if opts.HTTPClient != nil {
		cfg.HTTPClient = opts.HTTPClient
	}
	return cfg
}

func loadOptions(opts Options) []func(*config.LoadOptions) error {
	lo := []func(*config.LoadOptions) error{config.WithLogger(opts.logger())}
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.Region != "" {
		lo = append(lo, config.WithRegion(opts.Region))
	}
	if opts.Credentials != nil {
		lo = append(lo, config.WithCredentialsProvider(opts.Credentials))
	}
	if opts.HTTPClient != nil {
		lo = append(lo, config.WithHTTPClient(opts.HTTPClient))
	}
	if len(opts.SharedCredentialsFiles) > 0 {
		lo = append(lo, config.WithSharedCredentialsFiles(opts.SharedCredentialsFiles))
	}
	if opts.MFACode != nil {
		lo = append(lo, mfaOption(opts.MFACode, opts.withDefaults().CallTimeout))
	}
	switch {
	case opts.MaxAttempts > 0:
		lo = append(lo, config.WithRetryMaxAttempts(opts.MaxAttempts))
	case os.Getenv("AWS_MAX_ATTEMPTS") == "":
		lo = append(lo, config.WithRetryMaxAttempts(DefaultMaxAttempts))
	}
	return lo
}

// endpoint returns Options.Endpoint when set, else what the SDK resolved
// (AWS_ENDPOINT_URL, endpoint_url in the profile, or nil).
func (c *Client) endpoint(resolved *string) *string {
	if c.opts.Endpoint != "" {
		return sdkaws.String(c.opts.Endpoint)
	}
	return resolved
}

// retryer caps the standard retryer's backoff when Options.MaxBackoff is set.
func (c *Client) retryer(r sdkaws.Retryer) sdkaws.Retryer {
	if c.opts.MaxBackoff > 0 && r != nil {
		return retry.AddWithMaxBackoffDelay(r, c.opts.MaxBackoff)
	}
	return r
}

// signIn makes the STS client and calls GetCallerIdentity. When neither the
// options, the environment nor the profile named a region (resolved false),
// credentials of another partition than aws are invalid in us-east-1
// (InvalidClientTokenId), so each partition's default region is tried in
// turn and the one that answers is kept.
func (c *Client) signIn(ctx context.Context, cfg *sdkaws.Config, resolved bool) (Identity, error) {
	candidates := []string{cfg.Region}
	if !resolved {
		candidates = partitionRegionOrder
	}
	var firstErr error
	for _, region := range candidates {
		cfg.Region, c.region = region, region
		c.sts = sts.NewFromConfig(*cfg, func(o *sts.Options) {
			o.BaseEndpoint, o.Retryer = c.endpoint(o.BaseEndpoint), c.retryer(o.Retryer)
		})
		id, err := c.callerIdentity(ctx)
		if err == nil {
			return id, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if apiErrorCode(err) != "InvalidClientTokenId" {
			return Identity{}, err
		}
	}
	return Identity{}, firstErr
}

func (c *Client) callerIdentity(ctx context.Context) (Identity, error) {
	out, err := call(ctx, c, func(ctx context.Context) (*sts.GetCallerIdentityOutput, error) {
		return c.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	})
	if err != nil {
		if sso := c.ssoExpired(err, false); sso != nil {
			return Identity{}, sso
		}
		if refused := refusedCredentials(err); refused != nil {
			return Identity{}, refused
		}
		return Identity{}, fmt.Errorf("get caller identity: %w", err)
	}
	id := Identity{
		Account: sdkaws.ToString(out.Account),
		ARN:     sdkaws.ToString(out.Arn),
		UserID:  sdkaws.ToString(out.UserId),
	}
	a, err := arn.Parse(id.ARN)
	if err != nil {
		return Identity{}, fmt.Errorf("get caller identity: unexpected caller ARN %q: %w", id.ARN, err)
	}
	id.Partition = a.Partition
	return id, nil
}

func checkAccount(id Identity, opts Options) error {
	switch {
	case opts.AccountA != "" && id.Account == opts.AccountA:
		return &WrongAccountError{Got: id.Account, Want: opts.ExpectAccount, IsAccountA: true, ARN: id.ARN}
	case opts.ExpectAccount != "" && id.Account != opts.ExpectAccount:
		return &WrongAccountError{Got: id.Account, Want: opts.ExpectAccount, ARN: id.ARN}
	}
	return nil
}

// partitionRegionOrder is where Connect signs in when no region is
// configured: the default region of aws, aws-us-gov and aws-cn, in that order.
var partitionRegionOrder = []string{DefaultRegion, DefaultRegionFor("aws-us-gov"), DefaultRegionFor("aws-cn")}

// DefaultRegionFor is a partition's default region (the SDK's
// implicitGlobalRegion, aws-facts §2): never an opt-in region. "" for a
// partition bslwiz does not know.
func DefaultRegionFor(partition string) string {
	switch partition {
	case "aws":
		return "us-east-1"
	case "aws-cn":
		return "cn-northwest-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	case "aws-eusc":
		return "eusc-de-east-1"
	}
	return ""
}

// iamSigningRegion is the region IAM signs in for a partition's global endpoint.
func iamSigningRegion(partition, fallback string) string {
	switch partition {
	case "aws":
		return "us-east-1"
	case "aws-cn":
		return "cn-north-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	}
	return fallback
}

// describeConfigError turns LoadDefaultConfig failures into actionable errors.
func describeConfigError(err error) error {
	var missing config.SharedConfigProfileNotExistError
	if errors.As(err, &missing) {
		return fmt.Errorf("AWS profile %q is not in the shared config or credentials file (see `aws configure list-profiles`): %w",
			missing.Profile, err)
	}
	return fmt.Errorf("load AWS configuration: %w", err)
}

// WithTrustSizeLimit returns a client that checks trust policies against
// limit (the account's ACLSizePerRole quota) instead of the one it was made
// with; the quota is an input of a later step than sign-in.
func (c *Client) WithTrustSizeLimit(limit int) *Client {
	cp := *c
	if limit > 0 {
		cp.opts.TrustSizeLimit = limit
	}
	return &cp
}
