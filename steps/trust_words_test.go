package steps

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// TestTrustTextLinesReadWhenWrapped: plan and --accessible print who can
// assume as one item a caller, whole (no "…", no column that a wrap at the
// terminal's width would collapse), each with its verdict and why; a new
// role has one verdict (no "-" under a missing "before"), and a failed
// external ID condition is said in words, not "StringEquals …".
func TestTrustTextLinesReadWhenWrapped(t *testing.T) {
	tr := iampolicy.NewTrust()
	tr.EnsurePalette("aws", "210987654321", "ext-123")
	before := tr.Canonical()
	if _, err := tr.EnsureAccountA("aws", "444455556666"); err != nil {
		t.Fatal(err)
	}
	after := tr.Canonical()
	const role = "arn:aws:iam::111122223333:role/bslwiz-x"
	for _, tc := range []struct {
		name          string
		before, after string
		want          []string
	}{
		{"new role", "", before, []string{"- Palette, your external ID: allowed (the role is new); statement 1", "- Palette, no external ID: denied (the role is new);", ": no external ID sent"}},
		{"append Account A", before, after, []string{"- Account A 444455556666: denied → allowed; statement 2", "- Palette, a wrong external ID: denied (unchanged);", ": not your external ID"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := EvaluateTrust("aws", "210987654321", "ext-123", "444455556666", role, tc.before, tc.after)
			if err != nil {
				t.Fatal(err)
			}
			pv := &Preview{Title: "t", TrustEvaluation: ev}
			text := pv.Render()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, bad := range []string{"…", "StringEquals", " - denied", " - allowed", "does not hold"} {
				if strings.Contains(text, bad) {
					t.Errorf("text has %q:\n%s", bad, text)
				}
			}
			if got := len(ev.TextLines()); got != len(ev.Rows) {
				t.Errorf("%d lines for %d callers", got, len(ev.Rows))
			}
			if tc.before == "" {
				header := ev.Table(0)[0]
				if strings.Contains(header, "before") || strings.Contains(ev.Table(0)[1], " - ") {
					t.Errorf("a new role's table has a before column: %q / %q", header, ev.Table(0)[1])
				}
			}
		})
	}
}
