package sandbox

import (
	"context"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
)

func TestTheSeedIsWhatTheGuideNeeds(t *testing.T) {
	sb, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if err := sb.Plan().Validate().Err(); err != nil {
		t.Fatalf("the sandbox's starting plan breaks a rule: %v", err)
	}
	env := map[string]string{}
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "SPECTROCLOUD_HOST", "SPECTROCLOUD_APIKEY"} {
		if env[k] == "" {
			t.Errorf("Env lacks %s", k)
		}
	}
	for _, u := range []string{env["AWS_ENDPOINT_URL"], env["SPECTROCLOUD_HOST"]} {
		if !strings.HasPrefix(u, "http://127.0.0.1:") {
			t.Errorf("%s is not on loopback", u)
		}
	}

	ctx := context.Background()
	b := sb.Backends()
	c, err := aws.Connect(ctx, b.AWS)
	if err != nil {
		t.Fatal(err)
	}
	if id := c.Identity(); id.Account != AccountB {
		t.Fatalf("the sandbox signs in to %s, want Account B %s", id.Account, AccountB)
	}
	bucket, err := c.HeadBucket(ctx, Bucket, BucketRegion)
	if err != nil || bucket.State != aws.BucketExists {
		t.Fatalf("bucket %s: %+v %v", Bucket, bucket, err)
	}
	pc, err := palette.New(b.Palette)
	if err != nil {
		t.Fatal(err)
	}
	uid, err := pc.ResolveProject(ctx, ProjectName)
	if err != nil || uid != sb.ProjectUID {
		t.Fatalf("project %s: %q %v", ProjectName, uid, err)
	}
	sts, err := pc.StsAccount(ctx, "aws")
	if err != nil || sts.AccountID != PaletteAccount || sts.ExternalID == "" {
		t.Fatalf("STS account: %+v %v", sts, err)
	}
}
