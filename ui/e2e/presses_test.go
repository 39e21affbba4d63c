package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/bslwiz/bslwiz/palette"
)

// everyAnswer is the command line of a run that gives every answer the
// sandbox does not (the API key and the endpoints are in the environment).
func everyAnswer(name string) []string {
	return []string{"--name", name, "--bucket", bucket, "--account-a", accountA}
}

// toStep9 takes the summaries of steps 1, 3, 4 and 5 with enter (2 goes by
// on its own) and confirms step 6, which creates the role with Account A's
// statement; 7 and 8 go by, to step 9, which has nothing to write.
func (s *session) toStep9() {
	s.t.Helper()
	s.waitFor("Step 1 of 13", "Given, so not asked", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 3 of 13", "--name", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 4 of 13", "--bucket", "bucket "+bucket+" in us-east-2", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 5 of 13", "external ID:", "Press enter to continue")
	s.keys("Enter")
	s.confirm("Step 6 changes Account B")
	s.waitFor("Step 9 of 13", "--account-a", "already lets Account A", "enter continue")
}

// pastStep9 takes step 9's summary of a trust that already lets Account A
// in (the role was created with its statement) with enter.
func (s *session) pastStep9(total int) {
	s.t.Helper()
	s.waitFor("Step 9 of "+strconv.Itoa(total), "already lets Account A", "enter continue")
	s.keys("Enter")
}

// sandboxToStep6 takes a --sandbox run's summaries of steps 1, 3, 4 and 5
// with enter (step 2 goes by on its own) and confirms step 6's change; total
// is the number of steps the plan has.
func (s *session) sandboxToStep6(total int) {
	s.t.Helper()
	of := " of " + strconv.Itoa(total)
	s.waitFor("SANDBOX", "Step 1"+of, "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 3"+of, "sandbox-backups", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 4"+of, bucket, "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 5"+of, "external ID:", "Press enter to continue")
	s.keys("Enter")
	s.confirm("Step 6 changes Account B")
}

// location is the Palette location of that name, through the emulator.
func (e *emulators) location(t *testing.T, name string) palette.S3Location {
	t.Helper()
	ctx := context.Background()
	c := e.palette(t)
	locs, err := c.ListLocations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range locs {
		if l.Name == name {
			loc, err := c.GetS3Location(ctx, l.UID)
			if err != nil {
				t.Fatal(err)
			}
			return *loc
		}
	}
	t.Fatalf("no location %s in Palette: %+v", name, locs)
	return palette.S3Location{}
}

// TestEveryAnswerAsFlagsTakesAtMostEightKeys: in real mode against
// `bslwiz sandbox`, with --name, --bucket and --account-a given and the API
// key in the environment, the wizard asks nothing: enter takes each
// summary, each change is still confirmed (step 6's role is created with
// Account A's statement, so step 9 has nothing to write), and a created
// location costs at most 8 keys (35 reached only step 9 before).
func TestEveryAnswerAsFlagsTakesAtMostEightKeys(t *testing.T) {
	needTmux(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(strings.Join([]string{itoa(size[0]), itoa(size[1])}, "x"), func(t *testing.T) {
			e := startEmulators(t)
			name := "flags-" + itoa(size[0])
			s := startWizardArgs(t, e, size[0], size[1], everyAnswer(name))
			s.toStep9()
			s.pastStep9(13)
			s.waitFor("Step 12 of 13", "Palette will assume", "Press enter to validate")
			s.keys("Enter")
			s.confirm("Step 13 changes Palette")
			s.waitFor("is in Palette", "To undo")
			if s.presses > 8 {
				t.Errorf("a created location took %d keys, want at most 8", s.presses)
			}
			t.Logf("a created location took %d keys", s.presses)
			if loc := e.location(t, name); loc.Bucket != bucket || loc.Region != "us-east-2" {
				t.Errorf("location in Palette: %+v", loc)
			}
			s.keys("q")
			s.waitFor("EXIT=0")
		})
	}
}

// TestBackFromStep9ToStep4ChangesTheRegion: at step 9's confirmation the
// step list (s) goes back to step 4, whose bucket and region change (the
// region must be the bucket's: a second bucket in us-west-2 is made for
// it). Nothing is undone; the steps after 4 are previewed again, step 6
// confirms the policy's new version, and the location lands in Palette
// with the new region.
func TestBackFromStep9ToStep4ChangesTheRegion(t *testing.T) {
	needTmux(t)
	e := startEmulators(t)
	const west = "acme-velero-west"
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: sdkaws.String(e.env["AWS_ENDPOINT_URL"]), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(e.env["AWS_ACCESS_KEY_ID"], e.env["AWS_SECRET_ACCESS_KEY"], "")})
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: sdkaws.String(west),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintUsWest2}}); err != nil {
		t.Fatal(err)
	}
	s := startWizardArgs(t, e, 80, 24, everyAnswer("back-region"))
	s.toStep9()
	made := e.counts(t)

	s.keys("s") // the step list, on step 9
	s.keys("Up", "Up", "Up", "Up", "Up", "Enter")
	s.waitFor("Step 4 · Fields (done)", "bucket "+bucket+" in us-east-2", "go back to this step")
	s.keys("Enter")
	s.waitFor("Step 4 of 13", "Back at step 4: nothing was undone")
	if after := e.counts(t); after != made {
		t.Fatalf("going back changed something: %v, then %v", made, after)
	}
	s.keys("e")
	s.waitFor("› Certificate")
	s.keys("Tab", "C-u")
	s.typeText(west)
	s.keys("Tab")
	s.typeText("us-west-2")
	s.waitFor("us-west-2  US West (Oregon)")
	s.keys("C-s")
	s.waitFor("bucket "+west+" in us-west-2", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 5 of 13", "Press enter to continue")
	s.keys("Enter")
	s.confirm("Step 6 changes Account B") // the policy now names the new bucket
	s.pastStep9(13)
	s.waitFor("Step 12 of 13", "Press enter to validate")
	s.keys("Enter")
	s.confirm("Step 13 changes Palette")
	s.waitFor("is in Palette", "s3://"+west+" (us-west-2)")
	if loc := e.location(t, "back-region"); loc.Bucket != west || loc.Region != "us-west-2" {
		t.Errorf("location in Palette: %+v", loc)
	}
	if after := e.counts(t); after[0] != made[0] || after[1] != made[1] || after[2] != made[2]+1 {
		t.Errorf("roles, policies, locations: %v at step 9, %v at the end (want one more location, nothing else)", made, after)
	}
	if _, err := os.Stat(filepath.Join(s.state, "back-region.json")); err != nil {
		t.Errorf("no journal: %v", err)
	}
	s.keys("q")
	s.waitFor("EXIT=0")
}

func itoa(n int) string { return strconv.Itoa(n) }
