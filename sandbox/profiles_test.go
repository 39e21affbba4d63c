package sandbox

import (
	"context"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
)

// TestTheProfilesFileSignsInToEachAccount: account-a and account-b, read
// from the file Env names, are Account A's and Account B's admins, and the
// file goes with the sandbox.
func TestTheProfilesFileSignsInToEachAccount(t *testing.T) {
	for _, mfa := range []bool{false, true} {
		sb, err := Start(Options{MFA: mfa})
		if err != nil {
			t.Fatal(err)
		}
		var named string
		for _, kv := range sb.Env() {
			if v, ok := strings.CutPrefix(kv, "AWS_SHARED_CREDENTIALS_FILE="); ok {
				if named != "" {
					t.Errorf("Env names AWS_SHARED_CREDENTIALS_FILE twice")
				}
				named = v
			}
		}
		if named == "" || named != sb.CredentialsFile {
			t.Fatalf("mfa=%v: Env names credentials file %q, want %q", mfa, named, sb.CredentialsFile)
		}
		for profile, want := range map[string]string{ProfileAccountA: AccountA, ProfileAccountB: AccountB} {
			o := sb.Backends().AccountA
			o.Profile = profile
			c, err := aws.Connect(context.Background(), o)
			if err != nil {
				t.Fatalf("mfa=%v: sign in as %s: %v", mfa, profile, err)
			}
			if got := c.Identity().Account; got != want {
				t.Errorf("mfa=%v: profile %s signs in to %s, want %s", mfa, profile, got, want)
			}
		}
		sb.Close()
		if _, err := aws.Connect(context.Background(), aws.Options{Profile: ProfileAccountA, SharedCredentialsFiles: []string{named}}); err == nil {
			t.Errorf("mfa=%v: the profiles file outlives the sandbox", mfa)
		}
	}
}

// TestAccountAStartsWithoutTheGrant: the seeded SpectroCloudRole has no
// identity policy, so a newcomer sees the check fail and the fix.
func TestAccountAStartsWithoutTheGrant(t *testing.T) {
	sb, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	o := sb.Backends().AccountA
	o.Profile = ProfileAccountA
	c, err := aws.Connect(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	names, err := c.InlinePolicies(context.Background(), AccountARole)
	if err != nil || len(names) != 0 {
		t.Fatalf("inline policies of %s = %v, %v; want none", AccountARole, names, err)
	}
}
