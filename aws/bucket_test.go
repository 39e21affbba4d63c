package aws_test

import (
	"context"
	"slices"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestHeadBucket(t *testing.T) {
	w := newWorld(t)
	const strangerAccount = "777788889999"
	w.emu.AddAccount(strangerAccount)
	w.emu.CreateBucket(strangerAccount, "someone-elses-bucket", bucketRegion)
	w.emu.CreateBucket(accountB, "cape-town-backups", "af-south-1") // opt-in: answers the wrong region with 400
	admin := w.connect()
	viewer, err := bslaws.Connect(context.Background(), w.options(w.emu.AddUser(accountB, "viewer")))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		c              *bslaws.Client
		bucket, region string
		want           bslaws.Bucket
		headCalls      []int // HTTP statuses of the HeadBucket calls made
	}{
		{"exists", admin, bucketName, bucketRegion, bslaws.Bucket{State: bslaws.BucketExists, Region: bucketRegion, Accessible: true}, []int{200}},
		{"client region", admin, bucketName, "", bslaws.Bucket{State: bslaws.BucketExists, Region: bucketRegion, Accessible: true}, []int{200}},
		{"not found", admin, "no-such-bucket", bucketRegion, bslaws.Bucket{State: bslaws.BucketNotFound}, []int{404}},
		{"forbidden", viewer, bucketName, bucketRegion, bslaws.Bucket{State: bslaws.BucketForbidden, Region: bucketRegion}, []int{403}},
		{"another account's", admin, "someone-elses-bucket", bucketRegion, bslaws.Bucket{State: bslaws.BucketForbidden, Region: bucketRegion}, []int{403}},
		{"wrong region", admin, bucketName, "eu-west-1", bslaws.Bucket{State: bslaws.BucketWrongRegion, Region: bucketRegion, Accessible: true}, []int{301, 200}},
		{"wrong region, forbidden", viewer, bucketName, "eu-west-1", bslaws.Bucket{State: bslaws.BucketWrongRegion, Region: bucketRegion}, []int{301, 403}},
		{"wrong region, opt-in region's bucket", admin, "cape-town-backups", "us-east-2", bslaws.Bucket{State: bslaws.BucketWrongRegion, Region: "af-south-1", Accessible: true}, []int{400, 200}},
		{"wrong region, opt-in region's bucket, forbidden", viewer, "cape-town-backups", "us-east-2", bslaws.Bucket{State: bslaws.BucketWrongRegion, Region: "af-south-1"}, []int{400, 403}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.emu.ResetCalls()
			got, err := tt.c.HeadBucket(context.Background(), tt.bucket, tt.region)
			if err != nil || got != tt.want {
				t.Fatalf("HeadBucket = %+v (%s), %v; want %+v (%s)", got, got.State, err, tt.want, tt.want.State)
			}
			if calls := statusesOf(w.emu.Calls(), "s3:HeadBucket"); !slices.Equal(calls, tt.headCalls) {
				t.Errorf("HeadBucket calls = %v, want %v", calls, tt.headCalls)
			}
		})
	}
}

func TestHeadBucketErrorsOnOtherFailures(t *testing.T) {
	w := newWorld(t)
	c := w.connect(func(o *bslaws.Options) { o.MaxAttempts = 2 })
	w.emu.SetFault("s3:HeadBucket", awstest.Fault{ServerError: 5})
	if b, err := c.HeadBucket(context.Background(), bucketName, bucketRegion); err == nil {
		t.Fatalf("HeadBucket through 500s = %+v, want an error", b)
	}
}

func TestBucketStateString(t *testing.T) {
	for s, want := range map[bslaws.BucketState]string{
		bslaws.BucketExists: "exists", bslaws.BucketNotFound: "not found", bslaws.BucketForbidden: "forbidden",
		bslaws.BucketWrongRegion: "in another region", bslaws.BucketUnknown: "unknown", bslaws.BucketState(9): "BucketState(9)",
	} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
}

// Locating a bucket (no region given) takes one request whatever the answer:
// S3 names the bucket's region in x-amz-bucket-region on 200, 301, 400 and
// 403, so nothing confirms it in a second request.
func TestHeadBucketLocatesInOneRequest(t *testing.T) {
	w := newWorld(t)
	w.emu.CreateBucket(accountB, "cape-town-backups", "af-south-1") // opt-in: answers the wrong region with 400
	far := func(o *bslaws.Options) { o.Region = "eu-west-1" }
	admin := w.connect(far)
	viewerOpts := w.options(w.emu.AddUser(accountB, "viewer"))
	far(&viewerOpts)
	viewer, err := bslaws.Connect(context.Background(), viewerOpts)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		c          *bslaws.Client
		bucket     string
		wantRegion string
		wantStatus int
	}{
		{"in the client's region", admin, "", "", 0}, // filled below
		{"another region (301)", admin, bucketName, bucketRegion, 301},
		{"an opt-in region (400)", admin, "cape-town-backups", "af-south-1", 400},
		{"an opt-in region, as a viewer (400 before any permission)", viewer, "cape-town-backups", "af-south-1", 400},
	}
	w.emu.CreateBucket(accountB, "dublin-backups", "eu-west-1")
	tests[0].bucket, tests[0].wantRegion, tests[0].wantStatus = "dublin-backups", "eu-west-1", 200
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.emu.ResetCalls()
			got, err := tt.c.HeadBucket(context.Background(), tt.bucket, "")
			if err != nil || got.Region != tt.wantRegion {
				t.Fatalf("HeadBucket = %+v, %v; want the region %s", got, err, tt.wantRegion)
			}
			if calls := statusesOf(w.emu.Calls(), "s3:HeadBucket"); !slices.Equal(calls, []int{tt.wantStatus}) {
				t.Errorf("HeadBucket calls = %v, want one answered %d", calls, tt.wantStatus)
			}
		})
	}
	w.emu.ResetCalls()
	if got, err := viewer.HeadBucket(context.Background(), "dublin-backups", ""); err != nil || got.State != bslaws.BucketForbidden || got.Region != "eu-west-1" {
		t.Fatalf("HeadBucket as a viewer = %+v, %v; want forbidden, in eu-west-1", got, err)
	}
	if calls := statusesOf(w.emu.Calls(), "s3:HeadBucket"); !slices.Equal(calls, []int{403}) {
		t.Errorf("HeadBucket calls = %v, want one answered 403", calls)
	}
}
