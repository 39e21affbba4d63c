package awstest_test

import (
	"context"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

func (w *world) kms(creds awstest.Credentials, region string) *kms.Client {
	return kms.NewFromConfig(w.cfg(creds, region))
}

// TestS3BucketConfigurationAsAWSAnswersIt: what a bucket does not have comes back with
// AWS's code, what S3 refuses is refused, and ExpectedBucketOwner guards every read.
func TestS3BucketConfigurationAsAWSAnswersIt(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.s3(w.adminB, bucketRegion)
	b := sdkaws.String(bucketName)
	cases := []struct {
		name, code string
		call       func() error
	}{
		{"no bucket policy", "NoSuchBucketPolicy", func() error { _, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b}); return err }},
		{"no Object Lock", "ObjectLockConfigurationNotFoundError", func() error {
			_, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: b})
			return err
		}},
		{"no lifecycle", "NoSuchLifecycleConfiguration", func() error {
			_, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
			return err
		}},
		{"Object Lock needs versioning", "InvalidBucketState", func() error {
			_, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: b,
				ObjectLockConfiguration: &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}})
			return err
		}},
		{"a policy that is not JSON", "MalformedPolicy", func() error {
			_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: sdkaws.String("Deny everything")})
			return err
		}},
		{"a public policy under Block Public Access", "AccessDenied", func() error {
			_, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: sdkaws.String(
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + bucketName + `/*"}]}`)})
			return err
		}},
		{"another expected owner", "AccessDenied", func() error {
			_, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b, ExpectedBucketOwner: sdkaws.String(accountA)})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); apiCode(err) != tc.code {
				t.Errorf("err = %v; want %s", err, tc.code)
			}
		})
	}

	// Versioning, then Object Lock, then neither can be undone.
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: b, ObjectLockConfiguration: &s3types.ObjectLockConfiguration{
		ObjectLockEnabled: s3types.ObjectLockEnabledEnabled,
		Rule:              &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{Mode: s3types.ObjectLockRetentionModeGovernance, Days: sdkaws.Int32(7)}},
	}}); err != nil {
		t.Fatal(err)
	}
	ol, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: b, ExpectedBucketOwner: sdkaws.String(accountB)})
	if err != nil || ol.ObjectLockConfiguration.Rule.DefaultRetention.Mode != s3types.ObjectLockRetentionModeGovernance ||
		sdkaws.ToInt32(ol.ObjectLockConfiguration.Rule.DefaultRetention.Days) != 7 {
		t.Errorf("object lock = %+v, %v", ol, err)
	}
	if _, err := c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}}); apiCode(err) != "InvalidBucketState" {
		t.Errorf("suspend versioning under Object Lock: %v; want InvalidBucketState", err)
	}
}

// TestBucketPolicyAndKeyDecideRealRequests: a bucket policy's Deny wins over the
// caller's admin policy; SSE-KMS objects need the key, as S3 asks KMS on the caller's behalf.
func TestBucketPolicyAndKeyDecideRealRequests(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.s3(w.adminB, bucketRegion)
	w.emu.SetBucketPolicy(bucketName, `{"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::`+bucketName+`/*"}]}`)
	put := func(c *s3.Client) error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("kopia/x"), Body: strings.NewReader("x")})
		return err
	}
	if err := put(c); err != nil {
		t.Fatal(err)
	}
	_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("kopia/x")})
	if apiCode(err) != "AccessDenied" || !strings.Contains(apiMessage(err), "explicit deny in a resource-based policy") {
		t.Errorf("DeleteObject under a Deny: %v", err)
	}

	// A key whose policy lets in IAM: the admin may use it; a user of another account may not.
	key := w.emu.AddKMSKey(accountB, bucketRegion, "alias/backups", "")
	w.emu.SetBucketEncryption(bucketName, "aws:kms", key, false)
	if err := put(c); err != nil {
		t.Fatalf("PutObject under SSE-KMS as Account B's admin: %v", err)
	}
	k := w.kms(w.stranger, bucketRegion)
	if _, err := k.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: &key}); apiCode(err) != "AccessDeniedException" {
		t.Errorf("DescribeKey by a stranger: %v; want AccessDeniedException", err)
	}
	if _, err := k.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: &key, PolicyName: sdkaws.String("default")}); apiCode(err) != "NotFoundException" {
		t.Errorf("GetKeyPolicy across accounts: %v; want NotFoundException", err)
	}
	if _, err := w.kms(w.adminB, bucketRegion).DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: sdkaws.String("alias/missing")}); apiCode(err) != "NotFoundException" {
		t.Errorf("DescribeKey of a missing alias: %v", err)
	}

	// A role allowed S3 but not the key cannot write: S3 answers AccessDenied for kms:GenerateDataKey.
	roleARN := w.createRole(t, "s3-only", paletteTrust())
	w.emu.AddRolePolicy(accountB, "s3-only", guidePolicy(bucketName))
	sess, err := w.assume(ctx, w.palette, roleARN, externalID)
	if err != nil {
		t.Fatal(err)
	}
	if err := put(w.s3(sess, bucketRegion)); apiCode(err) != "AccessDenied" || !strings.Contains(apiMessage(err), "kms:GenerateDataKey") {
		t.Errorf("PutObject without the key: %v; want AccessDenied for kms:GenerateDataKey", err)
	}
}
