package iampolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// PermissionsOptions adds optional statements to the guide's policy.
type PermissionsOptions struct {
	// Tagging adds s3:PutObjectTagging on the objects, which Velero needs
	// when the backup location sets config.tagging.
	Tagging bool
	// KMSKeyARN, when set, adds a statement for that KMS key with the
	// actions Velero needs for encrypted volumes (aws-facts §6).
	KMSKeyARN string
	// BucketKMSKeyARN is the customer-managed key of the bucket's default
	// encryption, found rather than asked: it adds what Velero needs for
	// objects under that key (BucketKMSActions) on exactly that key, unless
	// KMSKeyARN names the same key (its statement covers them).
	BucketKMSKeyARN string
}

// Sids of the permissions policy statements.
const (
	SidEC2     = "VeleroEC2Snapshots"
	SidObjects = "VeleroBucketObjects"
	SidBucket  = "VeleroListBucket"
	SidKMS     = "VeleroKMSKey"
	// SidBucketKMS is the statement for the bucket's default-encryption key.
	SidBucketKMS = "VeleroBucketKMSKey"
)

var ec2Actions = []string{"ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume",
	"ec2:CreateSnapshot", "ec2:DeleteSnapshot"}

var kmsActions = []string{"kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey", "kms:Decrypt",
	"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant", "kms:RetireGrant", "kms:ListRetirableGrants"}

var bucketKMSActions = []string{"kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"}

// BucketKMSActions returns the KMS actions S3 needs on the caller's behalf to
// write and read objects under a bucket's SSE-KMS key
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys),
// plus kms:DescribeKey.
func BucketKMSActions() []string { return slices.Clone(bucketKMSActions) }

// BucketKMSStatementNeeded reports whether the options add the bucket key's statement.
func (o PermissionsOptions) BucketKMSStatementNeeded() bool {
	return o.BucketKMSKeyARN != "" && o.BucketKMSKeyARN != o.KMSKeyARN
}

// EC2Actions returns the EC2 actions of the guide, granted on "*".
func EC2Actions() []string { return slices.Clone(ec2Actions) }

// KMSActions returns the KMS actions Velero needs on a customer-managed key
// (velero-plugin-for-aws README, "KMS Encryption for Volume Restoration").
func KMSActions() []string { return slices.Clone(kmsActions) }

// ObjectActions returns the S3 actions on the bucket's objects, in the
// guide's order, with s3:PutObjectTagging after s3:PutObject when tagging.
func ObjectActions(tagging bool) []string {
	actions := []string{"s3:GetObject", "s3:DeleteObject", "s3:PutObject"}
	if tagging {
		actions = append(actions, "s3:PutObjectTagging")
	}
	return append(actions, "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts")
}

// BucketARN returns arn:<partition>:s3:::<bucket>.
func BucketARN(partition, bucket string) string { return "arn:" + partition + ":s3:::" + bucket }

// ObjectsARN returns arn:<partition>:s3:::<bucket>/*.
func ObjectsARN(partition, bucket string) string { return BucketARN(partition, bucket) + "/*" }

type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource any      `json:"Resource"`
}

// Permissions returns, as compact JSON, the permissions policy of the guide
// for a bucket in a partition (Account B's): EC2 snapshot actions on "*",
// object actions on arn:<partition>:s3:::<bucket>/*, s3:ListBucket on the
// bucket, plus the options. The bucket may be a legacy name (uppercase, '_'),
// but not contain characters that would change the ARN's meaning.
func Permissions(partition, bucket string, opt PermissionsOptions) (string, error) {
	if !partitionPattern.MatchString(partition) {
		return "", fmt.Errorf("permissions policy: partition %q is not an AWS partition", partition)
	}
	if err := checkBucket(bucket); err != nil {
		return "", fmt.Errorf("permissions policy: %w", err)
	}
	doc := policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{Sid: SidEC2, Effect: "Allow", Action: EC2Actions(), Resource: "*"},
		{Sid: SidObjects, Effect: "Allow", Action: ObjectActions(opt.Tagging), Resource: []string{ObjectsARN(partition, bucket)}},
		{Sid: SidBucket, Effect: "Allow", Action: []string{"s3:ListBucket"}, Resource: []string{BucketARN(partition, bucket)}},
	}}
	if opt.KMSKeyARN != "" {
		if err := checkKMSKey(partition, opt.KMSKeyARN); err != nil {
			return "", fmt.Errorf("permissions policy: %w", err)
		}
		doc.Statement = append(doc.Statement, policyStatement{Sid: SidKMS, Effect: "Allow", Action: KMSActions(),
			Resource: []string{opt.KMSKeyARN}})
	}
	if opt.BucketKMSStatementNeeded() {
		if err := checkKMSKey(partition, opt.BucketKMSKeyARN); err != nil {
			return "", fmt.Errorf("permissions policy: the bucket's %w", err)
		}
		doc.Statement = append(doc.Statement, policyStatement{Sid: SidBucketKMS, Effect: "Allow", Action: BucketKMSActions(),
			Resource: []string{opt.BucketKMSKeyARN}})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return "", fmt.Errorf("permissions policy: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// checkBucket accepts any name S3 has ever allowed (3–255 letters, digits,
// '.', '-', '_'), so a legacy bucket still gets its policy; the finer rules
// belong to package rules.
func checkBucket(bucket string) error {
	if len(bucket) < 3 || len(bucket) > 255 {
		return fmt.Errorf("bucket %q: must be 3 to 255 characters long", bucket)
	}
	for _, r := range bucket {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return fmt.Errorf("bucket %q: character %q cannot be part of a bucket name", bucket, r)
		}
	}
	return nil
}

// checkKMSKey requires a key ARN (not an alias: IAM authorizes KMS
// operations on the key) in the policy's partition.
func checkKMSKey(partition, keyARN string) error {
	a, err := arn.Parse(keyARN)
	switch {
	case err != nil:
		return fmt.Errorf("KMS key ARN %q: not an ARN", keyARN)
	case a.Service != "kms":
		return fmt.Errorf("KMS key ARN %q: service must be kms, not %q", keyARN, a.Service)
	case a.Partition != partition:
		return fmt.Errorf("KMS key ARN %q: partition %s differs from the role's partition %s", keyARN, a.Partition, partition)
	case a.Region == "" || !isAccountID(a.AccountID):
		return fmt.Errorf("KMS key ARN %q: must have a region and a 12-digit account", keyARN)
	case !strings.HasPrefix(a.Resource, "key/") || len(a.Resource) == len("key/") || strings.ContainsAny(a.Resource, "*? "):
		return fmt.Errorf("KMS key ARN %q: must name a key (key/<key-id>); an alias does not authorize the key's use", keyARN)
	}
	return nil
}
