package aws_test

import (
	"context"
	"strings"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

func TestBucketPosture(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()

	// A new bucket has what S3 gives every bucket since 2023.
	p, err := c.BucketPosture(ctx, bucketName, bucketRegion, accountB)
	if err != nil {
		t.Fatal(err)
	}
	if p.Encryption == nil || p.Encryption.Type != "AES256" || p.Ownership != "BucketOwnerEnforced" ||
		p.PublicAccessBlock == nil || !p.PublicAccessBlock.All() || p.Versioning != "" || p.ObjectLock.Enabled ||
		p.Policy != "" || p.Lifecycle != nil || len(p.Errs) != 0 {
		t.Errorf("posture of a new bucket = %+v", p)
	}

	key := w.emu.AddKMSKey(accountB, bucketRegion, "alias/velero", "")
	w.emu.SetBucketEncryption(bucketName, "aws:kms", key, true)
	w.emu.SetObjectLock(bucketName, "GOVERNANCE", 30)
	w.emu.SetBucketPolicy(bucketName, `{"Version":"2012-10-17","Statement":[{"Sid":"DenyDelete","Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::`+bucketName+`"}]}`)
	w.emu.SetBucketLifecycle(bucketName, `<LifecycleConfiguration><Rule><ID>expire-kopia</ID><Filter><Prefix>kopia/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>7</Days></Expiration></Rule></LifecycleConfiguration>`)
	w.emu.SetPublicAccessBlock(bucketName, false)
	w.emu.SetBucketOwnership(bucketName, "")
	p, err = c.BucketPosture(ctx, bucketName, bucketRegion, accountB)
	if err != nil {
		t.Fatal(err)
	}
	want := bslaws.LifecycleRule{ID: "expire-kopia", Enabled: true, Prefix: "kopia/", ExpirationDays: 7}
	if p.Encryption.Type != "aws:kms" || p.Encryption.KMSKeyID != key || !p.Encryption.BucketKey ||
		p.Versioning != "Enabled" || p.ObjectLock != (bslaws.ObjectLock{Enabled: true, Mode: "GOVERNANCE", Days: 30}) ||
		!strings.Contains(p.Policy, "DenyDelete") || len(p.Lifecycle) != 1 || p.Lifecycle[0] != want ||
		p.PublicAccessBlock != nil || p.Ownership != "" || len(p.Errs) != 0 {
		t.Errorf("posture = %+v", p)
	}

	k, err := c.DescribeKey(ctx, "alias/velero", bucketRegion)
	if err != nil || k.ARN != key || !k.CustomerManaged || k.Account != accountB {
		t.Errorf("DescribeKey(alias) = %+v, %v", k, err)
	}
	pol, err := c.GetKeyPolicy(ctx, key, bucketRegion)
	if err != nil || pol != awstest.DefaultKeyPolicy("aws", accountB) {
		t.Errorf("GetKeyPolicy = %q, %v", pol, err)
	}

	// A bucket of another account answers 403 to every read that expects Account B.
	w.emu.CreateBucket(accountA, "someone-elses", bucketRegion)
	p, err = c.BucketPosture(ctx, "someone-elses", bucketRegion, accountB)
	if err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("posture of a bucket of another account = %+v, %v; want AccessDenied", p, err)
	}
}

// A bucket policy that denies the role shows in the simulation, naming the statement.
func TestSimulateRoleWithBucketPolicy(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	role := ensureRole(t, c, roleSpec())
	policy, err := c.EnsurePolicy(ctx, permissionsSpec(t, c, iampolicy.PermissionsOptions{}), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachPolicy(ctx, role.Name, policy.ARN); err != nil {
		t.Fatal(err)
	}
	doc := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::` + bucketName + `", "arn:aws:s3:::` + bucketName + `/*"],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Sid": "OnlyFromOurVPC", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
     "Resource": "arn:aws:s3:::` + bucketName + `/*",
     "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}}
  ]
}`
	policies := map[string]bslaws.ResourcePolicy{
		iampolicy.BucketARN("aws", bucketName):  {Document: doc, Owner: accountB},
		iampolicy.ObjectsARN("aws", bucketName): {Document: doc, Owner: accountB},
	}
	denials, err := c.SimulateRoleWithPolicies(ctx, role.ARN, bucketRegion, bslaws.GuideActions("aws", bucketName, iampolicy.PermissionsOptions{}), policies)
	if err != nil {
		t.Fatal(err)
	}
	if len(denials) != 1 || denials[0].Action != "s3:PutObject" || denials[0].Decision != "explicitDeny" ||
		denials[0].Statement != `statement "OnlyFromOurVPC"` || denials[0].Uncertain() {
		t.Errorf("denials = %+v; want s3:PutObject denied by OnlyFromOurVPC, certain", denials)
	}
}
