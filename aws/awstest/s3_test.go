package awstest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// headBucket returns the HTTP status and x-amz-bucket-region of a HeadBucket call.
func headBucket(t *testing.T, c *s3.Client, bucket string) (int, string) {
	t.Helper()
	out, err := c.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: sdkaws.String(bucket)})
	if err == nil {
		return http.StatusOK, sdkaws.ToString(out.BucketRegion)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("HeadBucket %s: %v (not an HTTP response error)", bucket, err)
	}
	return re.HTTPStatusCode(), re.Response.Header.Get("x-amz-bucket-region")
}

func TestHeadBucket(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name       string
		client     *s3.Client
		bucket     string
		wantStatus int
		wantRegion string
		wantCode   string
	}{
		{"owner in the bucket's region", w.s3(w.adminB, bucketRegion), bucketName, 200, bucketRegion, ""},
		{"owner signing for another region", w.s3(w.adminB, "us-east-1"), bucketName, 301, bucketRegion, "MovedPermanently"},
		{"forbidden caller from another account", w.s3(w.stranger, bucketRegion), bucketName, 403, bucketRegion, "Forbidden"},
		{"account A user without permissions", w.s3(w.plainA, bucketRegion), bucketName, 403, bucketRegion, "Forbidden"},
		{"missing bucket", w.s3(w.adminB, bucketRegion), "no-such-bucket-here", 404, "", "NotFound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, region := headBucket(t, tc.client, tc.bucket)
			if status != tc.wantStatus || region != tc.wantRegion {
				t.Errorf("HeadBucket = %d region %q, want %d region %q", status, region, tc.wantStatus, tc.wantRegion)
			}
			if tc.wantCode != "" {
				_, err := tc.client.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: sdkaws.String(tc.bucket)})
				if apiCode(err) != tc.wantCode {
					t.Errorf("error code = %q, want %q", apiCode(err), tc.wantCode)
				}
			}
		})
	}
}

// setupBackupRole creates the guide's policy and role in Account B, attaches it, and returns
// Palette's session of the role.
func setupBackupRole(t *testing.T, w *world) (roleARN string, session awstest.Credentials) {
	t.Helper()
	ctx := context.Background()
	c := w.iam(w.adminB)
	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("bslwiz-velero"), PolicyDocument: sdkaws.String(guidePolicy(bucketName))})
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	roleARN = w.createRole(t, backupRole, paletteTrust())
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyArn: pol.Policy.Arn}); err != nil {
		t.Fatalf("AttachRolePolicy: %v", err)
	}
	session, err = w.assume(ctx, w.palette, roleARN, externalID)
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	return roleARN, session
}

func TestS3AuthorizationWithGuidePolicy(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.emu.CreateBucket(accountB, "other-bucket", bucketRegion)
	_, session := setupBackupRole(t, w)
	c := w.s3(session, bucketRegion)

	if status, region := headBucket(t, c, bucketName); status != 200 || region != bucketRegion {
		t.Errorf("HeadBucket as the role = %d %q", status, region)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("backups/b1/velero-backup.json"),
		Body: strings.NewReader(`{"kind":"Backup"}`), ContentType: sdkaws.String("application/json")}); err != nil {
		t.Fatalf("PutObject on bucket/*: %v", err)
	}
	list, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: sdkaws.String(bucketName), Prefix: sdkaws.String("backups/")})
	if err != nil || len(list.Contents) != 1 || *list.Contents[0].Key != "backups/b1/velero-backup.json" || *list.Contents[0].Size != 17 {
		t.Fatalf("ListObjectsV2 = %+v, %v", list, err)
	}
	got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("backups/b1/velero-backup.json")})
	if err != nil {
		t.Fatalf("GetObject: %v", err)
	}
	body, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if string(body) != `{"kind":"Backup"}` || *got.ContentType != "application/json" {
		t.Errorf("GetObject = %q %s", body, *got.ContentType)
	}
	if _, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("missing")}); apiCode(err) != "NoSuchKey" {
		t.Errorf("GetObject missing key: %v", err)
	}
	if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("backups/b1/velero-backup.json")}); err != nil {
		t.Fatalf("DeleteObject: %v", err)
	}

	// Denied: other buckets, and actions the policy does not grant.
	denied := []struct {
		name string
		call func() error
	}{
		{"PutObject on another bucket", func() error {
			_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String("other-bucket"), Key: sdkaws.String("x"), Body: strings.NewReader("x")})
			return err
		}},
		{"ListObjectsV2 on another bucket", func() error {
			_, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: sdkaws.String("other-bucket")})
			return err
		}},
		{"GetBucketLocation (not in the guide's policy)", func() error {
			_, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: sdkaws.String(bucketName)})
			return err
		}},
		{"DeleteBucket", func() error {
			_, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: sdkaws.String(bucketName)})
			return err
		}},
	}
	for _, tc := range denied {
		if err := tc.call(); apiCode(err) != "AccessDenied" || httpStatus(err) != 403 {
			t.Errorf("%s: %v, want AccessDenied 403", tc.name, err)
		}
	}
	if status, region := headBucket(t, c, "other-bucket"); status != 403 || region != bucketRegion {
		t.Errorf("HeadBucket other bucket = %d %q", status, region)
	}
	// The role's IAM permissions are its policies only: no IAM access.
	if _, err := w.iam(session).ListRoles(ctx, &iam.ListRolesInput{}); apiCode(err) != "AccessDenied" {
		t.Errorf("ListRoles as the role: %v", err)
	}
}

func TestS3ObjectsAndListing(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.s3(w.adminB, bucketRegion)
	keys := []string{"a/1", "a/2", "b/1", "c", "d e+f"}
	for _, k := range keys {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String(k), Body: strings.NewReader(k)}); err != nil {
			t.Fatalf("PutObject %q: %v", k, err)
		}
	}
	var seen []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: sdkaws.String(bucketName), MaxKeys: sdkaws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListObjectsV2 page: %v", err)
		}
		for _, o := range page.Contents {
			seen = append(seen, *o.Key)
		}
	}
	if strings.Join(seen, ",") != strings.Join(keys, ",") {
		t.Errorf("paginated keys = %q", seen)
	}
	out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: sdkaws.String(bucketName), Delimiter: sdkaws.String("/")})
	if err != nil || len(out.CommonPrefixes) != 2 || *out.CommonPrefixes[0].Prefix != "a/" || len(out.Contents) != 2 {
		t.Errorf("delimited listing = %+v, %v", out, err)
	}
	rng, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("d e+f"), Range: sdkaws.String("bytes=2-")})
	if err != nil {
		t.Fatalf("ranged GetObject: %v", err)
	}
	b, _ := io.ReadAll(rng.Body)
	rng.Body.Close()
	if string(b) != "e+f" {
		t.Errorf("range body = %q", b)
	}

	// A presigned GET works with no SDK at all.
	ps, err := s3.NewPresignClient(c).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("a/1")})
	if err != nil {
		t.Fatalf("PresignGetObject: %v", err)
	}
	resp, err := http.Get(ps.URL)
	if err != nil {
		t.Fatalf("GET presigned URL: %v", err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "a/1" {
		t.Errorf("presigned GET = %d %q", resp.StatusCode, b)
	}
	if snap, _ := w.emu.Snapshot().Bucket(bucketName); len(snap.Objects) != len(keys) || snap.Objects[0].Body != "a/1" {
		t.Errorf("snapshot objects = %+v", snap.Objects)
	}
}

func TestCreateBucket(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.s3(w.adminB, "eu-west-1")
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: sdkaws.String("acme-eu"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}})
	if err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	if status, region := headBucket(t, c, "acme-eu"); status != 200 || region != "eu-west-1" {
		t.Errorf("HeadBucket new bucket = %d %q", status, region)
	}
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: sdkaws.String("acme-eu"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}}); apiCode(err) != "BucketAlreadyOwnedByYou" {
		t.Errorf("CreateBucket again: %v", err)
	}
	if _, err := w.s3(w.stranger, bucketRegion).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: sdkaws.String(bucketName),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintUsEast2}}); apiCode(err) != "BucketAlreadyExists" {
		t.Errorf("CreateBucket taken name: %v", err)
	}
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: sdkaws.String("Bad_Name")}); apiCode(err) != "InvalidBucketName" {
		t.Errorf("CreateBucket bad name: %v", err)
	}
}
