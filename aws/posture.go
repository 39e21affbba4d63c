package aws

import (
	"context"
	"fmt"
	"strings"
	"sync"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Encryption is a bucket's default encryption: Type is S3's SSEAlgorithm
// ("AES256", "aws:kms", "aws:kms:dsse"), "" when the bucket has none.
// KMSKeyID is the key as the configuration names it (an ARN, key ID or
// alias; "" for the AWS managed aws/s3 key).
type Encryption struct {
	Type      string `json:"type"`
	KMSKeyID  string `json:"kmsKeyId,omitempty"`
	BucketKey bool   `json:"bucketKeyEnabled,omitempty"`
}

// ObjectLock is a bucket's Object Lock configuration.
type ObjectLock struct {
	Enabled bool   `json:"enabled"`
	Mode    string `json:"mode,omitempty"` // GOVERNANCE or COMPLIANCE default retention
	Days    int32  `json:"days,omitempty"`
	Years   int32  `json:"years,omitempty"`
}

// PublicAccessBlock is a bucket's four Block Public Access settings.
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
}

// All reports whether all four settings are on.
func (p PublicAccessBlock) All() bool {
	return p.BlockPublicAcls && p.IgnorePublicAcls && p.BlockPublicPolicy && p.RestrictPublicBuckets
}

// LifecycleRule is one rule of a bucket's lifecycle configuration, reduced
// to what decides whether it deletes backup data.
type LifecycleRule struct {
	ID      string `json:"id,omitempty"`
	Enabled bool   `json:"enabled"`
	// Prefix is the rule's filter prefix; "" with Filtered false is the whole bucket.
	Prefix string `json:"prefix"`
	// Filtered is true when the rule filters by something else than a prefix
	// (tags, sizes), so it may not cover every object under Prefix.
	Filtered bool `json:"filtered,omitempty"`
	// ExpirationDays is the current-version expiration (0: none).
	ExpirationDays int32 `json:"expirationDays,omitempty"`
	ExpirationDate bool  `json:"expirationDate,omitempty"`
	// NoncurrentDays is the noncurrent-version expiration (0: none).
	NoncurrentDays int32 `json:"noncurrentDays,omitempty"`
}

// Posture is what a bucket's configuration says about backups kept in it.
// Each Err* holds the read that failed ("" when it answered), so one denied
// read (403) leaves the others standing.
type Posture struct {
	Bucket     string      `json:"-"`
	Owner      string      `json:"owner"`
	Encryption *Encryption `json:"encryption"`
	// Policy is the bucket policy document, "" when there is none.
	Policy string `json:"-"`
	// Versioning is "Enabled", "Suspended", or "" (never enabled).
	Versioning        string             `json:"versioning"`
	ObjectLock        ObjectLock         `json:"objectLock"`
	Ownership         string             `json:"ownership"`
	PublicAccessBlock *PublicAccessBlock `json:"publicAccessBlock"`
	Lifecycle         []LifecycleRule    `json:"lifecycle,omitempty"`
	// Errs are the reads that failed, by operation name.
	Errs map[string]string `json:"-"`
}

// Err returns why op's read failed, "" when it answered.
func (p Posture) Err(op string) string { return p.Errs[op] }

// BucketPosture reads a bucket's encryption, policy, versioning, Object Lock,
// ownership controls, Block Public Access and lifecycle, all at once (one
// round trip over a slow link), each with ExpectedBucketOwner = owner, so a
// bucket of another account answers 403 rather than its configuration. A
// configuration that does not exist is not an error (AWS's *NotFound codes).
// It fails only when every read failed.
func (c *Client) BucketPosture(ctx context.Context, bucket, region, owner string) (Posture, error) {
	if region == "" {
		region = c.region
	}
	p := Posture{Bucket: bucket, Owner: owner, Errs: map[string]string{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	opt := func(o *s3.Options) { o.Region = region }
	exp := &owner
	if owner == "" {
		exp = nil
	}
	read := func(op string, absent []string, fn func(ctx context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := call(ctx, c, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
			if err == nil {
				return
			}
			code := apiErrorCode(err)
			for _, a := range absent {
				if code == a {
					return
				}
			}
			mu.Lock()
			p.Errs[op] = fmt.Sprintf("%s bucket %s: %v", op, bucket, err)
			mu.Unlock()
		}()
	}
	read("GetBucketEncryption", []string{"ServerSideEncryptionConfigurationNotFoundError"}, func(ctx context.Context) error {
		out, err := c.s3.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		if cfg := out.ServerSideEncryptionConfiguration; cfg != nil && len(cfg.Rules) > 0 {
			r := cfg.Rules[0]
			e := &Encryption{BucketKey: sdkaws.ToBool(r.BucketKeyEnabled)}
			if d := r.ApplyServerSideEncryptionByDefault; d != nil {
				e.Type, e.KMSKeyID = string(d.SSEAlgorithm), sdkaws.ToString(d.KMSMasterKeyID)
			}
			mu.Lock()
			p.Encryption = e
			mu.Unlock()
		}
		return nil
	})
	read("GetBucketPolicy", []string{"NoSuchBucketPolicy"}, func(ctx context.Context) error {
		out, err := c.s3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		mu.Lock()
		p.Policy = sdkaws.ToString(out.Policy)
		mu.Unlock()
		return nil
	})
	read("GetBucketVersioning", nil, func(ctx context.Context) error {
		out, err := c.s3.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		mu.Lock()
		p.Versioning = string(out.Status)
		mu.Unlock()
		return nil
	})
	read("GetObjectLockConfiguration", []string{"ObjectLockConfigurationNotFoundError"}, func(ctx context.Context) error {
		out, err := c.s3.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		var ol ObjectLock
		if cfg := out.ObjectLockConfiguration; cfg != nil {
			ol.Enabled = cfg.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
			if cfg.Rule != nil && cfg.Rule.DefaultRetention != nil {
				d := cfg.Rule.DefaultRetention
				ol.Mode, ol.Days, ol.Years = string(d.Mode), sdkaws.ToInt32(d.Days), sdkaws.ToInt32(d.Years)
			}
		}
		mu.Lock()
		p.ObjectLock = ol
		mu.Unlock()
		return nil
	})
	read("GetBucketOwnershipControls", []string{"OwnershipControlsNotFoundError"}, func(ctx context.Context) error {
		out, err := c.s3.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		if oc := out.OwnershipControls; oc != nil && len(oc.Rules) > 0 {
			mu.Lock()
			p.Ownership = string(oc.Rules[0].ObjectOwnership)
			mu.Unlock()
		}
		return nil
	})
	read("GetPublicAccessBlock", []string{"NoSuchPublicAccessBlockConfiguration"}, func(ctx context.Context) error {
		out, err := c.s3.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		if cfg := out.PublicAccessBlockConfiguration; cfg != nil {
			mu.Lock()
			p.PublicAccessBlock = &PublicAccessBlock{
				BlockPublicAcls: sdkaws.ToBool(cfg.BlockPublicAcls), IgnorePublicAcls: sdkaws.ToBool(cfg.IgnorePublicAcls),
				BlockPublicPolicy: sdkaws.ToBool(cfg.BlockPublicPolicy), RestrictPublicBuckets: sdkaws.ToBool(cfg.RestrictPublicBuckets),
			}
			mu.Unlock()
		}
		return nil
	})
	read("GetBucketLifecycleConfiguration", []string{"NoSuchLifecycleConfiguration"}, func(ctx context.Context) error {
		out, err := c.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: &bucket, ExpectedBucketOwner: exp}, opt)
		if err != nil {
			return err
		}
		rules := make([]LifecycleRule, 0, len(out.Rules))
		for _, r := range out.Rules {
			rules = append(rules, lifecycleRule(r))
		}
		mu.Lock()
		p.Lifecycle = rules
		mu.Unlock()
		return nil
	})
	wg.Wait()
	if len(p.Errs) == 7 {
		for _, e := range p.Errs {
			return p, fmt.Errorf("read the configuration of bucket %s: %s", bucket, e)
		}
	}
	return p, nil
}

func lifecycleRule(r s3types.LifecycleRule) LifecycleRule {
	//lint:ignore SA1019 a rule written before Filter existed has only the top-level Prefix, which S3 still returns
	legacy := r.Prefix
	lr := LifecycleRule{ID: sdkaws.ToString(r.ID), Enabled: r.Status == s3types.ExpirationStatusEnabled, Prefix: sdkaws.ToString(legacy)}
	if f := r.Filter; f != nil {
		switch {
		case f.Prefix != nil:
			lr.Prefix = *f.Prefix
		case f.And != nil:
			lr.Prefix, lr.Filtered = sdkaws.ToString(f.And.Prefix), true
		case f.Tag != nil || f.ObjectSizeGreaterThan != nil || f.ObjectSizeLessThan != nil:
			lr.Filtered = true
		}
	}
	if e := r.Expiration; e != nil {
		lr.ExpirationDays, lr.ExpirationDate = sdkaws.ToInt32(e.Days), e.Date != nil
	}
	if n := r.NoncurrentVersionExpiration; n != nil {
		lr.NoncurrentDays = sdkaws.ToInt32(n.NoncurrentDays)
	}
	return lr
}

// KMSKey is what DescribeKey says of a key.
type KMSKey struct {
	ARN, Account string
	// CustomerManaged is false for an AWS managed key (aws/s3).
	CustomerManaged bool
}

// DescribeKey asks KMS, in region, about a key named by ID, ARN or alias.
func (c *Client) DescribeKey(ctx context.Context, keyID, region string) (KMSKey, error) {
	if region == "" {
		region = c.region
	}
	out, err := call(ctx, c, func(ctx context.Context) (*kms.DescribeKeyOutput, error) {
		return c.kmsClient().DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &keyID}, func(o *kms.Options) { o.Region = region })
	})
	if err != nil {
		return KMSKey{}, fmt.Errorf("describe KMS key %s: %w", keyID, err)
	}
	m := out.KeyMetadata
	if m == nil {
		return KMSKey{}, fmt.Errorf("describe KMS key %s: no metadata in the answer", keyID)
	}
	return KMSKey{ARN: sdkaws.ToString(m.Arn), Account: sdkaws.ToString(m.AWSAccountId), CustomerManaged: m.KeyManager == kmstypes.KeyManagerTypeCustomer}, nil
}

// GetKeyPolicy reads a key's policy (only for a key of the caller's account: KMS does not serve it across accounts).
func (c *Client) GetKeyPolicy(ctx context.Context, keyARN, region string) (string, error) {
	if region == "" {
		region = c.region
	}
	out, err := call(ctx, c, func(ctx context.Context) (*kms.GetKeyPolicyOutput, error) {
		return c.kmsClient().GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: &keyARN, PolicyName: sdkaws.String("default")},
			func(o *kms.Options) { o.Region = region })
	})
	if err != nil {
		return "", fmt.Errorf("get the key policy of %s: %w", keyARN, err)
	}
	return sdkaws.ToString(out.Policy), nil
}

// AWSManagedS3Key reports whether a bucket encryption's key is the AWS
// managed aws/s3 key by name ("" or alias/aws/s3).
func AWSManagedS3Key(keyID string) bool {
	return keyID == "" || keyID == "alias/aws/s3" || strings.HasSuffix(keyID, ":alias/aws/s3")
}

func (c *Client) kmsClient() *kms.Client { return c.kms }
