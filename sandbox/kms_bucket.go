package sandbox

import (
	"fmt"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// KMSBucket is the sandbox's second bucket in Account B: encrypted with a
// customer-managed key, versioned, with a bucket policy and a lifecycle
// rule, so every posture check runs on real data (the first bucket stays
// plain: S3's defaults).
const KMSBucket = "acme-velero-kms"

// KMSKeyAlias names the key of KMSBucket.
const KMSKeyAlias = "alias/acme-velero-backups"

// seedKMSBucket creates KMSBucket and its key in region, and returns the key's ARN.
func seedKMSBucket(ae *awstest.Emulator, partition, region string) string {
	key := ae.AddKMSKey(AccountB, region, KMSKeyAlias, "")
	ae.AddAWSManagedKey(AccountB, region, "aws/s3")
	ae.CreateBucket(AccountB, KMSBucket, region)
	ae.SetBucketEncryption(KMSBucket, "aws:kms", key, true)
	ae.SetBucketVersioning(KMSBucket, "Enabled")
	bucketARN := fmt.Sprintf("arn:%s:s3:::%s", partition, KMSBucket)
	ae.SetBucketPolicy(KMSBucket, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyBucketDeletion","Effect":"Deny","Principal":"*",`+
		`"Action":["s3:DeleteBucket","s3:DeleteBucketPolicy"],"Resource":"%s"}]}`, bucketARN))
	ae.SetBucketLifecycle(KMSBucket, `<LifecycleConfiguration><Rule><ID>expire-noncurrent</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>`+
		`<NoncurrentVersionExpiration><NoncurrentDays>30</NoncurrentDays></NoncurrentVersionExpiration>`+
		`<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>`)
	return key
}
