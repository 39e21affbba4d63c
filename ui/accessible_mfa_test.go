package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/sandbox"
)

func TestTheLinePromptsAskForTheMFACodeAgainAfterARefusalAndNeverPrintIt(t *testing.T) {
	var codesAsked []string
	lr := lineWalk{sandbox: sandbox.Options{MFA: true}, clockNow: time.Now(), setup: mfaEnv,
		answer: func(p string, transcript func() string) string {
			switch {
			case strings.HasPrefix(p, "Enter the 6-digit code from your MFA device"):
				codesAsked = append(codesAsked, transcript())
				if len(codesAsked) > 1 {
					return sandbox.MFACode
				}
				return "000000"
			case strings.HasPrefix(p, "What next"):
				return "quit"
			}
			return confirmEverything(p, transcript)
		}}.run(t)
	out, sb, dir := lr.out, lr.sb, lr.dir
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, out)
	}
	if len(codesAsked) != 2 {
		t.Fatalf("asked for the code %d times, want twice (a wrong one, then the right one):\n%s", len(codesAsked), out)
	}
	if before := codesAsked[0]; !strings.HasPrefix(before[strings.LastIndex(before, "\nStep ")+1:], "Step 5 of 13: STS") {
		t.Errorf("the first code was not asked on the step that signs in:\n%s", codesAsked[0])
	}
	for _, want := range []string{"MFA device " + sb.MFA.Serial, "STS refused that code", "assumed-role/" + sandbox.MFARole, "[done] step 13 (Create)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, code := range []string{"000000", sandbox.MFACode} {
		if strings.Contains(out, code) {
			t.Errorf("the output shows the code %s:\n%s", code, out)
		}
	}
	assertNoCodeOnDisk(t, dir, sandbox.MFACode, "000000")
}
