package iampolicy

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// guidePolicy is the permissions policy of the guide (step 3) with its
// placeholder bucket, and with the Sids this package gives its statements.
const guidePolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "VeleroEC2Snapshots", "Effect": "Allow",
     "Action": ["ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume",
                "ec2:CreateSnapshot", "ec2:DeleteSnapshot"],
     "Resource": "*"},
    {"Sid": "VeleroBucketObjects", "Effect": "Allow",
     "Action": ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
     "Resource": ["arn:aws:s3:::BUCKET-NAME/*"]},
    {"Sid": "VeleroListBucket", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::BUCKET-NAME"]}
  ]
}`

func TestPermissionsIsTheGuidePolicy(t *testing.T) {
	got, err := Permissions("aws", "BUCKET-NAME", PermissionsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !Equivalent(got, guidePolicy) {
		t.Errorf("policy differs from the guide's:\n%s", LineDiff(guidePolicy, got, 3).Unified())
	}
	want, _ := Canonicalize(guidePolicy)
	if c, _ := Canonicalize(got); c != want {
		t.Errorf("action order or spelling differs from the guide:\n%s", LineDiff(guidePolicy, got, 3).Unified())
	}
	if strings.ContainsAny(got, " \n") {
		t.Errorf("want compact JSON, got %s", got)
	}
}

// decodePolicy decodes a generated policy into a typed shape for assertions.
func decodePolicy(t *testing.T, doc string) []struct {
	Sid, Effect string
	Action      []string
	Resource    any
} {
	t.Helper()
	var p struct {
		Version   string
		Statement []struct {
			Sid, Effect string
			Action      []string
			Resource    any
		}
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if p.Version != "2012-10-17" {
		t.Errorf("Version = %q", p.Version)
	}
	return p.Statement
}

func TestPermissionsUsesThePartition(t *testing.T) {
	for _, partition := range []string{"aws", "aws-cn", "aws-us-gov", "aws-eusc", "aws-iso-b"} {
		doc, err := Permissions(partition, "acme-velero-backups", PermissionsOptions{})
		if err != nil {
			t.Fatalf("%s: %v", partition, err)
		}
		if partition != "aws" && strings.Contains(doc, "arn:aws:") {
			t.Errorf("%s: policy hard-codes arn:aws: %s", partition, doc)
		}
		st := decodePolicy(t, doc)
		if len(st) != 3 {
			t.Fatalf("%s: %d statements", partition, len(st))
		}
		wantObjects := []any{"arn:" + partition + ":s3:::acme-velero-backups/*"}
		wantBucket := []any{"arn:" + partition + ":s3:::acme-velero-backups"}
		if !slices.Equal(st[1].Resource.([]any), wantObjects) || !slices.Equal(st[2].Resource.([]any), wantBucket) {
			t.Errorf("%s: resources %v and %v", partition, st[1].Resource, st[2].Resource)
		}
		if st[0].Resource != "*" {
			t.Errorf("%s: EC2 resource %v", partition, st[0].Resource)
		}
	}
}

func TestPermissionsOptions(t *testing.T) {
	key := "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	doc, err := Permissions("aws-cn", "acme-velero-backups", PermissionsOptions{Tagging: true, KMSKeyARN: key})
	if err != nil {
		t.Fatal(err)
	}
	st := decodePolicy(t, doc)
	if len(st) != 4 {
		t.Fatalf("want 4 statements, got %d", len(st))
	}
	wantObjects := []string{"s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:PutObjectTagging",
		"s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}
	if !slices.Equal(st[1].Action, wantObjects) {
		t.Errorf("object actions with tagging: %v", st[1].Action)
	}
	// aws-facts §6, velero-plugin-for-aws README "KMS Encryption for Volume Restoration".
	wantKMS := []string{"kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Encrypt", "kms:DescribeKey", "kms:Decrypt",
		"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant", "kms:RetireGrant", "kms:ListRetirableGrants"}
	if st[3].Sid != SidKMS || st[3].Effect != "Allow" || !slices.Equal(st[3].Action, wantKMS) ||
		!slices.Equal(st[3].Resource.([]any), []any{key}) {
		t.Errorf("KMS statement: %+v", st[3])
	}
	if err := CheckManagedPolicySize(doc); err != nil {
		t.Errorf("the largest policy must fit the managed-policy quota: %v", err)
	}
}

func TestPermissionsSidsAreStableAndUnique(t *testing.T) {
	key := "arn:aws:kms:us-east-2:111122223333:key/k"
	a, _ := Permissions("aws", "acme-velero-backups", PermissionsOptions{Tagging: true, KMSKeyARN: key})
	b, _ := Permissions("aws", "acme-velero-backups", PermissionsOptions{Tagging: true, KMSKeyARN: key})
	if a != b {
		t.Error("Permissions is not deterministic")
	}
	var sids []string
	for _, s := range decodePolicy(t, a) {
		sids = append(sids, s.Sid)
	}
	if want := []string{SidEC2, SidObjects, SidBucket, SidKMS}; !slices.Equal(sids, want) {
		t.Errorf("Sids %v, want %v", sids, want)
	}
}

func TestPermissionsRejects(t *testing.T) {
	tests := []struct {
		partition, bucket, kms, want string
	}{
		{"", "acme", "", `partition ""`},
		{"arn:aws", "acme", "", "is not an AWS partition"},
		{"aws", "", "", "3 to 255"},
		{"aws", "acme/*", "", `character '/'`},
		{"aws", "*", "", "3 to 255"},
		{"aws", "acme*", "", `character '*'`},
		{"aws", "acme\"x", "", `character '"'`},
		{"aws", "acme", "alias/backups", "not an ARN"},
		{"aws", "acme", "arn:aws:kms:us-east-2:111122223333:alias/backups", "must name a key"},
		{"aws", "acme", "arn:aws:kms:us-east-2:111122223333:key/*", "must name a key"},
		{"aws", "acme", "arn:aws:s3:::acme", "service must be kms"},
		{"aws", "acme", "arn:aws-cn:kms:cn-north-1:111122223333:key/k", "partition aws-cn differs"},
		{"aws", "acme", "arn:aws:kms::111122223333:key/k", "must have a region"},
	}
	for _, tt := range tests {
		doc, err := Permissions(tt.partition, tt.bucket, PermissionsOptions{KMSKeyARN: tt.kms})
		if err == nil || !strings.Contains(err.Error(), tt.want) || doc != "" {
			t.Errorf("Permissions(%q, %q, kms %q) = %q, %v; want error containing %q", tt.partition, tt.bucket, tt.kms, doc, err, tt.want)
		}
	}
	if _, err := Permissions("aws", "My_Legacy_Bucket", PermissionsOptions{}); err != nil {
		t.Errorf("a legacy bucket name must still get a policy: %v", err)
	}
}

func TestActionListsAreCopies(t *testing.T) {
	EC2Actions()[0] = "changed"
	KMSActions()[0] = "changed"
	if EC2Actions()[0] == "changed" || KMSActions()[0] == "changed" {
		t.Error("action lists must be copies")
	}
}
