package awstest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
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
