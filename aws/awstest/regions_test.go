package awstest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestARequestSignedForAnotherPartitionIsAnUnknownKey(t *testing.T) {
	w := newWorld(t)
	const govAccount = "123456789012"
	w.emu.AddAccountInPartition(govAccount, "aws-us-gov")
	gov := w.emu.AddUser(govAccount, "gov-admin", awstest.AdminPolicy())
	ctx := context.Background()
	tests := []struct {
		name   string
		creds  awstest.Credentials
		region string
		want   string
	}{
		{"commercial keys in GovCloud", w.adminB, "us-gov-west-1", "InvalidClientTokenId"},
		{"commercial keys in China", w.adminB, "cn-north-1", "InvalidClientTokenId"},
		{"GovCloud keys in us-east-1", gov, "us-east-1", "InvalidClientTokenId"},
		{"GovCloud keys at home", gov, "us-gov-east-1", ""},
		{"commercial keys at home", w.adminB, "eu-west-1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sts.NewFromConfig(w.cfg(tt.creds, tt.region)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if apiCode(err) != tt.want || (tt.want == "") != (err == nil) {
				t.Fatalf("GetCallerIdentity signed for %s: %v, want %q", tt.region, err, tt.want)
			}
		})
	}
	_, err := iam.NewFromConfig(w.cfg(w.adminB, "us-gov-west-1")).ListRoles(ctx, &iam.ListRolesInput{})
	if apiCode(err) != "InvalidClientTokenId" {
		t.Errorf("IAM signed for us-gov-west-1 with commercial keys: %v", err)
	}
	_, err = w.s3(w.adminB, "us-gov-west-1").HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
	if status(err) != http.StatusForbidden {
		t.Errorf("S3 signed for us-gov-west-1 with commercial keys: %v, want 403", err)
	}
}

func TestAnOptInRegionRefusesAccountsThatHaveNotEnabledIt(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	_, err := sts.NewFromConfig(w.cfg(w.adminB, "af-south-1")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if apiCode(err) != "RegionDisabledException" {
		t.Fatalf("STS in af-south-1, not enabled: %v, want RegionDisabledException", err)
	}
	_, err = w.s3(w.adminB, "af-south-1").HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
	if status(err) != http.StatusForbidden || bucketRegionHeader(err) != "" {
		t.Fatalf("HeadBucket signed for af-south-1, not enabled: %v (region header %q), want a bare 403", err, bucketRegionHeader(err))
	}
	w.emu.EnableRegion(accountB, "af-south-1")
	if _, err := sts.NewFromConfig(w.cfg(w.adminB, "af-south-1")).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("STS in af-south-1, enabled: %v", err)
	}
}

func TestABucketInAnOptInRegionAnswersTheWrongRegionWith400(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.emu.CreateBucket(accountB, "cape-town-backups", "af-south-1")
	_, err := w.s3(w.adminB, "us-east-1").HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String("cape-town-backups")})
	if status(err) != http.StatusBadRequest || bucketRegionHeader(err) != "af-south-1" {
		t.Fatalf("HeadBucket from us-east-1: %v (region header %q), want 400 with x-amz-bucket-region af-south-1", err, bucketRegionHeader(err))
	}
	_, err = w.s3(w.adminB, "us-east-1").HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
	if status(err) != http.StatusMovedPermanently {
		t.Fatalf("HeadBucket of a us-east-2 bucket from us-east-1: %v, want 301", err)
	}
	if _, err := w.s3(w.adminB, "af-south-1").HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String("cape-town-backups")}); err != nil {
		t.Fatalf("HeadBucket at home (the owner enabled af-south-1 by creating the bucket): %v", err)
	}
}

func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

func bucketRegionHeader(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.Header.Get("x-amz-bucket-region")
	}
	return ""
}
