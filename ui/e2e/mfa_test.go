package e2e_test

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
)

// TestAnMFAProfileSignsInThroughTheCodePrompt walks `bslwiz --sandbox` with
// BSLWIZ_SANDBOX_MFA=1 under tmux: step 5 signs in with the MFA profile,
// asks for the code in a masked prompt, refuses a wrong one, and with the
// right one goes on to step 6. No code is ever on the screen.
func TestAnMFAProfileSignsInThroughTheCodePrompt(t *testing.T) {
	needTmux(t)
	s := startWizard(t, nil, 120, 40, sandbox.MFAEnv+"=1")
	var screens []string
	s.waitFor("SANDBOX", "Step 1 of 13", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 3 of 13", "sandbox-backups", "Press enter to continue")
	s.keys("Enter")
	s.waitFor("Step 4 of 13", "bucket "+bucket+" in us-east-2", "Press enter to continue")
	s.keys("Enter")
	// Step 5's inputs are given (the sandbox names the MFA profile): its
	// preview signs in, and asks for the code.
	screens = append(screens, s.waitFor("Step 5 of 13", sandbox.MFAProfileName))
	screens = append(screens, s.waitFor("Enter the 6-digit code from your MFA device", "mfa/"+sandbox.MFAUser))
	s.typeText("000000")
	screens = append(screens, s.waitFor("••••••"))
	s.keys("Enter")
	screens = append(screens, s.waitFor("STS refused that code"))
	s.typeText(sandbox.MFACode)
	screens = append(screens, s.waitFor("••••••"))
	s.keys("Enter")
	screens = append(screens, s.waitFor("external ID:", "assumed-role/"+sandbox.MFARole))
	s.keys("Enter")
	screens = append(screens, s.waitFor("Step 6 of 13", "Policy name"))
	for _, screen := range screens {
		for _, code := range []string{"000000", sandbox.MFACode} {
			if strings.Contains(screen, code) {
				t.Fatalf("the screen shows the MFA code %s:\n%s", code, screen)
			}
		}
	}
}
