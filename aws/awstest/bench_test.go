package awstest_test

import (
	"context"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// BenchmarkAssumeRoleThenHeadBucket measures the emulator's cost for Palette's validation round
// trip (AssumeRole, then HeadBucket as the role) through the real SDK over loopback HTTP.
func BenchmarkAssumeRoleThenHeadBucket(b *testing.B) {
	w := newWorld(b)
	roleARN := w.createRole(b, backupRole, paletteTrust())
	ctx := context.Background()
	for b.Loop() {
		session, err := w.assume(ctx, w.palette, roleARN, externalID)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = w.s3(session, bucketRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
	}
	b.ReportMetric(float64(len(w.emu.Calls()))/float64(b.N), "calls/op")
}
