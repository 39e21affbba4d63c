package aws

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BucketState is what HeadBucket learned about a bucket.
type BucketState int

// Bucket states, from HeadBucket's status and x-amz-bucket-region header.
// The zero value is BucketUnknown, so an unset Bucket never reads as "exists".
const (
	BucketUnknown     BucketState = iota // no answer (HeadBucket failed)
	BucketExists                         // 200 in the expected region
	BucketNotFound                       // 404: no such bucket in this partition
	BucketForbidden                      // 403 in the expected region: exists, caller lacks s3:ListBucket (or another account owns it)
	BucketWrongRegion                    // the bucket lives in Bucket.Region, not the expected one
)

func (s BucketState) String() string {
	switch s {
	case BucketUnknown:
		return "unknown"
	case BucketExists:
		return "exists"
	case BucketNotFound:
		return "not found"
	case BucketForbidden:
		return "forbidden"
	case BucketWrongRegion:
		return "in another region"
	}
	return fmt.Sprintf("BucketState(%d)", int(s))
}

// Bucket is HeadBucket's answer. Region is the bucket's region as S3 reported
// it (x-amz-bucket-region), "" when unknown. Accessible is true when a
// HeadBucket succeeded, i.e. the caller may list the bucket.
type Bucket struct {
	State      BucketState
	Region     string
	Accessible bool
}

// HeadBucket checks a bucket from the expected region. 200, 301 and 403
// answers all carry the bucket's region; a 301 (wrong region) is confirmed by
// asking again in the region S3 named. A bucket in a Region launched after
// March 2019 answers a wrong-region request with 400 and the header instead
// of 301 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html),
// and is treated the same. Other failures are errors.
//
// An empty region locates the bucket in one request, from the client's
// region: every answer but a 404 names the bucket's region, so no second
// request confirms it (State is then as seen from the client's region).
func (c *Client) HeadBucket(ctx context.Context, bucket, region string) (Bucket, error) {
	locate := region == ""
	if locate {
		region = c.region
	}
	status, found, err := c.headBucket(ctx, bucket, region)
	if err != nil {
		return Bucket{}, fmt.Errorf("head bucket %s in %s: %w", bucket, region, err)
	}
	b := Bucket{Region: found}
	switch {
	case status == http.StatusNotFound:
		b.State = BucketNotFound
	case found != "" && found != region:
		b.State = BucketWrongRegion
		b.Accessible = status == http.StatusOK
		if !locate && (status == http.StatusMovedPermanently || status == http.StatusBadRequest) {
			// Confirm in the region S3 named, and learn whether the caller may list it there.
			confirmed, _, err := c.headBucket(ctx, bucket, found)
			if err != nil {
				return Bucket{}, fmt.Errorf("head bucket %s in %s (where S3 says it is): %w", bucket, found, err)
			}
			if confirmed == http.StatusNotFound {
				return Bucket{State: BucketNotFound}, nil
			}
			b.Accessible = confirmed == http.StatusOK
		}
	case status == http.StatusForbidden:
		b.State = BucketForbidden
	case status == http.StatusOK:
		b.State, b.Accessible = BucketExists, true
	default:
		return Bucket{}, fmt.Errorf("head bucket %s in %s: unexpected HTTP %d", bucket, region, status)
	}
	return b, nil
}

// headBucket returns the HTTP status and x-amz-bucket-region of one HeadBucket
// signed for region. 200, 301, 403 and 404 are answers, not errors, as is a
// 400 naming another region.
func (c *Client) headBucket(ctx context.Context, bucket, region string) (status int, bucketRegion string, err error) {
	out, err := call(ctx, c, func(ctx context.Context) (*s3.HeadBucketOutput, error) {
		return c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &bucket}, func(o *s3.Options) { o.Region = region })
	})
	if err == nil {
		r := region
		if out.BucketRegion != nil {
			r = *out.BucketRegion
		}
		return http.StatusOK, r, nil
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil {
		return 0, "", err
	}
	switch code := re.HTTPStatusCode(); code {
	case http.StatusMovedPermanently, http.StatusForbidden, http.StatusNotFound:
		return code, re.Response.Header.Get("x-amz-bucket-region"), nil
	case http.StatusBadRequest:
		// An opt-in Region's bucket asked from elsewhere: 400, with the
		// bucket's region in the header. A 400 without it stays an error.
		if r := re.Response.Header.Get("x-amz-bucket-region"); r != "" && r != region {
			return code, r, nil
		}
	}
	return 0, "", err
}
