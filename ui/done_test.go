package ui

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// TestDoneScreenTellsTheFinalChecksAndClaimsOnlyWhatWasChecked: the done
// screen lists the final checks that did not pass (the bucket's posture
// advice, which no step stops on), and says the clusters in Account A may
// use the location only when authorization (3) was checked ok.
func TestDoneScreenTellsTheFinalChecksAndClaimsOnlyWhatWasChecked(t *testing.T) {
	checks := []steps.CheckResult{
		{ID: steps.CheckValidate, Name: "Palette validate passes", Status: steps.StatusOK},
		{ID: "bucket-versioning", Name: "Bucket versioning", Status: steps.StatusWarn, Reason: "off: a deleted backup object is gone for good"},
		{ID: steps.CheckAccessAnalyzer, Name: "IAM Access Analyzer", Status: steps.StatusSkipped, Reason: "off"},
	}
	cases := []struct {
		status, want, not string
	}{
		{steps.AuthUnknown, "Account A's side of the trust is not checked", "may use it"},
		{steps.AuthFailed, "cannot use it yet", "may use it"},
		{steps.AuthOK, "may use it: checked in Account A", "not checked"},
	}
	for _, c := range cases {
		t.Run(c.status, func(t *testing.T) {
			m := goldenModel(t, uitest.Variants[0], 13)
			m.phase, m.done = phaseDone, true
			m.Update(authsMsg{checks: checks, auths: []steps.Authorization{{ID: steps.AuthClusterBucket, Status: c.status, Reason: "why"}}})
			screen := uitest.Plain(strings.Join(m.doneLines(100), "\n"))
			flat := strings.Join(strings.Fields(screen), " ")
			for _, want := range []string{c.want, "Final checks: 1 passed; to look at:", "Bucket versioning: off: a deleted backup object is gone for good"} {
				if !strings.Contains(flat, want) {
					t.Errorf("the done screen lacks %q:\n%s", want, screen)
				}
			}
			if strings.Contains(flat, c.not) || strings.Contains(flat, "Access Analyzer") {
				t.Errorf("the done screen says %q or lists a skipped check:\n%s", c.not, screen)
			}
			if !strings.Contains(m.summaryText(), "Final checks to look at: Bucket versioning (warn)") {
				t.Errorf("the text printed on leaving lacks the checks to look at:\n%s", m.summaryText())
			}
		})
	}
}
