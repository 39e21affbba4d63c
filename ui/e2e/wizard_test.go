package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/steps"
)

const (
	bucket         = "acme-velero-backups"
	accountA       = "444455556666"
	paletteAccount = "210987654321"
)

// throughStep3 walks steps 1 to 3 with the environment's defaults and the
// location name typed: step 1's inputs are all given (the endpoint from
// the environment, the rest defaults), so it is a summary; step 2 goes by
// on its own; step 3 asks for the name, and ctrl+s submits it.
func (s *session) throughStep3(name string) {
	s.waitFor("Step 1 of 13", "Given, so not asked", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 3 of 13", "Location name", "step 2 Backup Locations")
	s.typeText(name)
	s.keys("C-s")
	s.waitFor("new AWS location")
	s.keys("Enter")
	s.waitFor("Step 4 of 13", "Certificate")
}

// step4To8 submits the bucket (the region is detected), takes step 5's
// given inputs, and confirms the policy and the role; steps 7 and 8 go by
// on their own, to step 9's form.
func (s *session) step4To8() {
	s.keys("C-s")
	s.waitFor("bucket " + bucket + " in us-east-2")
	s.keys("Enter")
	s.waitFor("Step 5 of 13", "external ID:", "Press enter to continue")
	s.keys("Enter")
	s.confirm("Step 6 changes Account B")
	s.waitFor("Step 9 of 13", "Account A", "step 8 Current trust relationships")
}

// TestWizardCreatesTheLocation walks all 13 steps of the real binary under
// tmux, at 80x24 and at 120x40, and checks through the emulators that the
// location exists with the role, and that the role trusts both Palette
// (with the external ID) and Account A.
func TestWizardCreatesTheLocation(t *testing.T) {
	needTmux(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := startEmulators(t)
			s := startWizard(t, e, size[0], size[1])
			name := fmt.Sprintf("e2e-%dx%d", size[0], size[1])
			s.throughStep3(name)
			s.keys("Tab")
			s.typeText(bucket)
			s.step4To8()
			s.typeText(accountA)
			s.keys("C-s")
			s.confirm("lines added")
			// Steps 10 and 11 go by; step 12 keeps the ARN on screen, whole.
			screen := s.waitFor("Step 12 of 13", "Copy the role ARN", "Press enter to validate")
			arn := "arn:aws:iam::111122223333:role/bslwiz-" + name
			if !strings.Contains(screen, arn) {
				t.Errorf("step 12 does not show the ARN whole:\n%s", screen)
			}

			// c: OSC 52 through tmux (set-clipboard on) fills tmux's buffer.
			s.keys("c")
			s.waitFor("(OSC 52)")
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(s.tmux("show-buffer"), arn) {
				if time.Now().After(deadline) {
					t.Fatalf("tmux's buffer does not hold the ARN: %q", s.tmux("show-buffer"))
				}
				time.Sleep(50 * time.Millisecond)
			}
			// w: the ARN in a 0600 file, named on screen.
			s.keys("w")
			s.waitFor("Wrote the role ARN")
			file := filepath.Join(s.work, name+"-role-arn.txt")
			if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("ARN file %s: %v", file, err)
			}
			s.keys("Enter")
			s.confirm("Step 13 changes Palette")
			final := strings.Join(strings.Fields(s.waitFor("is in Palette", "Role ARN", "To undo")), " ")
			if !strings.Contains(final, "undo "+name) {
				t.Errorf("the done screen does not say how to undo:\n%s", final)
			}

			// The journal the wizard wrote.
			var d steps.JournalData
			b, err := os.ReadFile(filepath.Join(s.state, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &d); err != nil {
				t.Fatal(err)
			}
			if len(d.Done) != 13 || d.Created.RoleARN != arn || d.Created.LocationUID == "" {
				t.Fatalf("journal: %d steps done, created %+v", len(d.Done), d.Created)
			}
			if !strings.Contains(final, d.Created.LocationUID) {
				t.Errorf("the done screen does not show the location uid %s:\n%s", d.Created.LocationUID, final)
			}
			s.keys("q")
			s.waitFor("EXIT=0")

			// The location, through the Palette emulator.
			ctx := context.Background()
			loc, err := e.palette(t).GetS3Location(ctx, d.Created.LocationUID)
			if err != nil {
				t.Fatal(err)
			}
			if loc.Name != name || loc.RoleARN != arn || loc.Bucket != bucket || loc.Region != "us-east-2" {
				t.Errorf("location in Palette: %+v", loc)
			}
			// The role's trust policy, through the AWS emulator.
			role, err := e.iam().GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String("bslwiz-" + name)})
			if err != nil {
				t.Fatal(err)
			}
			trust, err := iampolicy.ParseTrust(sdkaws.ToString(role.Role.AssumeRolePolicyDocument))
			if err != nil {
				t.Fatal(err)
			}
			if trust.Len() != 2 || !trust.HasPalette("aws", paletteAccount, loc.ExternalID) || !trust.HasAccountA("aws", accountA) {
				t.Errorf("trust policy of the role:\n%s", trust.Canonical())
			}
		})
	}
}

// TestWizardRefusesBadInput types a bucket name with capitals, a
// certificate that is not PEM and an 11-digit Account A: the screen names
// each rule, enter does not get past it, and no change is made for it.
func TestWizardRefusesBadInput(t *testing.T) {
	needTmux(t)
	e := startEmulators(t)
	s := startWizard(t, e, 80, 24)
	before := e.counts(t)
	s.throughStep3("e2e-bad")

	notPEM := filepath.Join(s.work, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("this is not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.typeText(notPEM)
	s.keys("Tab")
	s.typeText("Acme-Velero-Backups")
	s.keys("Tab", "BTab") // leave the field and come back: its rule shows
	s.waitFor(`bucket name "Acme-Velero-Backups": uppercase`, "are not allowed")
	s.enterTimes(4) // a submit: the focus goes back to the first bad field
	s.waitFor("Certificate", "not PEM: no CERTIFICATE block")
	time.Sleep(300 * time.Millisecond)
	if screen := s.screen(); !strings.Contains(screen, "Step 4 of 13") {
		t.Fatalf("enter got past bad input:\n%s", screen)
	}
	if after := e.counts(t); after != before {
		t.Fatalf("roles, policies, locations: %v before bad input, %v after", before, after)
	}

	// Put them right, go on to step 9 (step 6 makes the role and policy).
	s.keys("C-u", "Tab", "C-u")
	s.typeText(bucket)
	s.step4To8()
	afterRole := e.counts(t)
	s.typeText("44445555666")
	s.keys("Tab", "BTab")
	s.waitFor(`Account A principal "44445555666": must be`, "12 digits (it has 11)")
	s.enterTimes(2)
	time.Sleep(300 * time.Millisecond)
	if screen := s.screen(); !strings.Contains(screen, "Step 9 of 13") || strings.Contains(screen, "Step 9 changes") {
		t.Fatalf("enter got past an 11-digit Account A:\n%s", screen)
	}
	if after := e.counts(t); after != afterRole || after[2] != before[2] {
		t.Errorf("roles, policies, locations: %v after step 6, %v after the bad Account A", afterRole, after)
	}
	role, err := e.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: sdkaws.String("bslwiz-e2e-bad")})
	if err != nil {
		t.Fatal(err)
	}
	trust, err := iampolicy.ParseTrust(sdkaws.ToString(role.Role.AssumeRolePolicyDocument))
	if err != nil || trust.Len() != 1 {
		t.Errorf("the trust policy changed: %v\n%s", err, trust.Canonical())
	}

	// ctrl+c: exit status 130, and the journal says where it is.
	s.keys("C-c")
	s.waitFor("EXIT=130", "journal is saved")
	if _, err := os.Stat(filepath.Join(s.state, "e2e-bad.json")); err != nil {
		t.Errorf("no journal after ctrl+c: %v", err)
	}
}

// TestSandboxFlagWalksAllSteps runs `bslwiz --sandbox` under tmux: the
// seeded plan gives every input, so a newcomer takes each step's summary
// with enter, confirms the two changes (the role, made with Account A's
// statement, and the location), and leaves, in at most 15 keys
// (41 before the wizard stopped asking what it was given). The emulators
// live in the wizard's process, so what it made is checked on its done
// screen and in the journal it wrote.
func TestSandboxFlagWalksAllSteps(t *testing.T) {
	needTmux(t)
	s := startWizard(t, nil, 80, 24)
	s.sandboxToStep6(13)
	s.pastStep9(13)
	s.waitFor("Step 12 of 13", "Palette will assume", "arn:aws:iam::111122223333:role/bslwiz-sandbox-backups")
	s.keys("Enter")
	s.confirm("Step 13 changes Palette")
	final := strings.Join(strings.Fields(s.waitFor("is in Palette", "To undo")), " ")

	var d steps.JournalData
	b, err := os.ReadFile(filepath.Join(s.state, "sandbox-backups.sandbox.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if !d.Sandbox || len(d.Done) != 13 || d.Created.LocationUID == "" || !strings.Contains(final, d.Created.LocationUID) ||
		!strings.Contains(final, d.Created.RoleARN) {
		t.Errorf("journal %+v against the done screen:\n%s", d.Created, final)
	}
	if n := len(d.Trust); n != 1 || !strings.Contains(d.Trust[0].After, "444455556666") {
		t.Errorf("the journal records %d trust changes (%+v), want 1: the role made with Palette's and Account A's statements", n, d.Trust)
	}
	s.keys("q")
	s.waitFor("EXIT=0", "is in Palette, validated through STS.")
	if s.presses > 15 {
		t.Errorf("the sandbox walk took %d keys, want at most 15", s.presses)
	}
	t.Logf("the sandbox walk took %d keys", s.presses)
}
