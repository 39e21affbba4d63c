package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
)

// TestStep6ShowsItsWarningsAndWhoCanAssume: step 6's change, for a new
// role (its trust written whole with Account A's statement, which draws a
// warning) and for an existing one (Palette's statement added to its
// trust), shows the warnings whole and who can assume after it, before y,
// at 80x24 and at 120x40; what is folded names the key that shows it, and
// that key shows every fact.
func TestStep6ShowsItsWarningsAndWhoCanAssume(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing string // the trust policy of a role already there
		warning  string
	}{
		{name: "new role", warning: `statement 2 (Sid "ClusterAccountAssumeRole") trusts all of account 444455556666`},
		{name: "existing role", existing: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				w := newWorld(t, worldOpts{width: size[0], height: size[1]})
				if tc.existing != "" {
					w.sb.AWS.AddRole(sandbox.AccountB, "bslwiz-sandbox-backups", tc.existing)
				}
				for n := 1; n <= 5; n++ {
					w.walk(n)
				}
				w.atStep(6)
				if w.m.pv.TrustEvaluation == nil {
					t.Fatal("step 6 evaluates no trust")
				}
				screen := w.screen()
				if !strings.Contains(screen, "who can assume") {
					t.Errorf("who can assume is missing:\n%s", screen)
				}
				if tc.warning != "" && !strings.Contains(flat(screen), flat("warning: "+tc.warning)) {
					t.Errorf("the warning is not on screen:\n%s", screen)
				}
				if strings.Contains(screen, "more lines") && !strings.Contains(screen, "i shows") {
					t.Errorf("lines are folded with no key to show them:\n%s", screen)
				}
				if !w.m.computeFrame().factsFold && !strings.Contains(screen, "more lines") {
					return // everything shows
				}
				if !strings.Contains(footerLine(screen), "i show facts") {
					t.Errorf("folded facts without their key in the footer: %q", footerLine(screen))
				}
				w.press("i")
				seen := w.screen()
				for range 10 {
					w.press("down")
					seen += "\n" + w.screen()
				}
				for _, fact := range append(append([]string(nil), w.m.pv.Facts...), w.m.pv.Warnings...) {
					if !strings.Contains(flat(seen), flat(strings.Fields(fact)[0]+" "+strings.Fields(fact)[1])) {
						t.Errorf("i never shows %q:\n%s", fact, seen)
					}
				}
			})
		}
	}
}
