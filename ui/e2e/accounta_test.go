package e2e_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
)

// TestSandboxWalksTheGrantInAccountA runs `bslwiz --sandbox` with Account
// A's profile under tmux: a 14th step appears after the trust, simulates
// sts:AssumeRole in Account A, previews the one inline policy with the
// account it runs in, is confirmed on its own, and the done screen's map
// shows all three authorizations ok.
func TestSandboxWalksTheGrantInAccountA(t *testing.T) {
	needTmux(t)
	s := startWizard(t, nil, 120, 40, "BSLWIZ_ACCOUNT_A=arn:aws:iam::444455556666:role/SpectroCloudRole", "BSLWIZ_ACCOUNT_A_PROFILE=account-a")
	s.sandboxToStep6(14)
	s.pastStep9(14) // Account A and its profile came from the environment: step 6 trusted it

	// The grant: simulated, previewed in Account A, confirmed on its own.
	screen := flat(s.waitFor("Step 10 of 14", "Grant in Account A", "PutRolePolicy"))
	for _, want := range []string{"simulation: no identity policy in Account A allows", "(implicitDeny)",
		"iam:PutRolePolicy inline policy bslwiz-sandbox-backups-assume on role SpectroCloudRole", "in 444455556666 (Account A)"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the grant's preview lacks %q:\n%s", want, screen)
		}
	}
	s.confirm("Step 10 changes Account A")
	s.waitFor("Step 13 of 14", "Palette will assume", "arn:aws:iam::111122223333:role/bslwiz-sandbox-backups")
	s.keys("Enter")
	s.confirm("Step 14 changes Palette")
	s.waitFor("is in Palette", "authorization map")

	// a: the map, every arrow ok.
	s.keys("a")
	m := s.waitFor("Palette SaaS", "(1) cloud account [ok]", "(2) STS, external ID [ok]", "(3) trust + grant [ok]")
	if !strings.Contains(m, "role SpectroCloudRole") {
		t.Errorf("the map does not name Account A's role:\n%s", m)
	}

	var d steps.JournalData
	b, err := os.ReadFile(filepath.Join(s.state, "sandbox-backups.sandbox.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if g := d.Created.AccountAGrant; g == nil || g.Account != "444455556666" || g.Role != "SpectroCloudRole" || g.Policy != "bslwiz-sandbox-backups-assume" {
		t.Errorf("the journal records the grant as %+v", g)
	}
	s.keys("q")
	s.waitFor("EXIT=0")
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
