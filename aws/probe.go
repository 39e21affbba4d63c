package aws

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// ProbePrefix is where the data-plane probe writes, in the bucket.
const ProbePrefix = "bslwiz-probe/"

// Probe is what the data-plane probe did, step by step.
type Probe struct {
	// AssumedAs is the session of the role the probe ran as.
	AssumedAs string
	Key       string
	// Checksum is the object's SHA-256, base64, as S3 verified it.
	Checksum string
}

// ProbeBucket is the closest a bastion gets to a cluster's first backup:
// from this client's identity (Account A's), assume roleARN (Account B's),
// then HeadBucket, PutObject of a small object under ProbePrefix with a
// SHA-256 checksum that S3 verifies, and DeleteObject of it. key names the
// object under the prefix. The first step that fails says where it stopped.
func (c *Client) ProbeBucket(ctx context.Context, roleARN, bucket, region, key string) (Probe, error) {
	p := Probe{Key: ProbePrefix + key}
	out, err := call(ctx, c, func(ctx context.Context) (*sts.AssumeRoleOutput, error) {
		return c.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: sdkaws.String("bslwiz-probe"),
			DurationSeconds: sdkaws.Int32(900)})
	})
	if err != nil {
		return p, fmt.Errorf("assume %s as %s: %w", roleARN, c.id.ARN, err)
	}
	p.AssumedAs = sdkaws.ToString(out.AssumedRoleUser.Arn)
	cr := out.Credentials
	s3c := s3.New(c.s3.Options(), func(o *s3.Options) {
		o.Credentials = sdkaws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(
			sdkaws.ToString(cr.AccessKeyId), sdkaws.ToString(cr.SecretAccessKey), sdkaws.ToString(cr.SessionToken)))
		if region != "" {
			o.Region = region
		}
	})
	if _, err := call(ctx, c, func(ctx context.Context) (*s3.HeadBucketOutput, error) {
		return s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &bucket})
	}); err != nil {
		return p, fmt.Errorf("head bucket %s as %s: %w", bucket, p.AssumedAs, err)
	}
	body := []byte("bslwiz data-plane probe " + time.Now().UTC().Format(time.RFC3339) + "\n")
	sum := sha256.Sum256(body)
	p.Checksum = base64.StdEncoding.EncodeToString(sum[:])
	put, err := call(ctx, c, func(ctx context.Context) (*s3.PutObjectOutput, error) {
		return s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &p.Key, Body: bytes.NewReader(body),
			ContentLength: sdkaws.Int64(int64(len(body))), ChecksumAlgorithm: s3types.ChecksumAlgorithmSha256, ChecksumSHA256: &p.Checksum})
	})
	if err != nil {
		return p, fmt.Errorf("put s3://%s/%s as %s: %w", bucket, p.Key, p.AssumedAs, err)
	}
	if got := sdkaws.ToString(put.ChecksumSHA256); got != "" && got != p.Checksum {
		return p, fmt.Errorf("put s3://%s/%s: S3 answered checksum %s, not %s", bucket, p.Key, got, p.Checksum)
	}
	if _, err := call(ctx, c, func(ctx context.Context) (*s3.DeleteObjectOutput, error) {
		return s3c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &bucket, Key: &p.Key})
	}); err != nil {
		return p, fmt.Errorf("delete s3://%s/%s as %s (delete it yourself): %w", bucket, p.Key, p.AssumedAs, err)
	}
	return p, nil
}
