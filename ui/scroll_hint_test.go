package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// footerLine is the last line of the screen: the short help.
func footerLine(screen string) string {
	ls := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return ls[len(ls)-1]
}

// TestAScrollingPreviewSaysSo: step 9 on a role step 6 made whole has more
// findings (what Account A needs, its document) than a screen holds; the
// body says more is below, the footer lists the scroll keys, and at the
// end the hint says what is above, at 80x24 and 120x40.
func TestAScrollingPreviewSaysSo(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w := newWorld(t, worldOpts{width: size[0], height: size[1]})
			for n := 1; n <= 8; n++ {
				w.walk(n)
			}
			w.atStep(9)
			if w.m.pv.Mutates && !w.m.pv.NoChange {
				t.Fatalf("step 9 changes something; want the read-only preview:\n%s", w.screen())
			}
			screen := w.screen()
			if !strings.Contains(screen, "more below") {
				t.Errorf("the body does not say more is below:\n%s", screen)
			}
			if !strings.Contains(footerLine(screen), "scroll") {
				t.Errorf("the footer lacks the scroll keys: %q", footerLine(screen))
			}
			for range 60 {
				w.press("down")
			}
			screen = w.screen()
			if !strings.Contains(screen, "more above") || strings.Contains(screen, "more below") {
				t.Errorf("at the end, the hint does not say what is above:\n%s", screen)
			}
			if !strings.Contains(screen, "Press enter to continue.") {
				t.Errorf("the end of the findings is not reachable:\n%s", screen)
			}
		})
	}
}

// TestTheDoneScreenScrollsToEverything: the done screen of a sandbox run,
// with the final checks' advice (JSON statements to add) and what the
// steps found, is longer than 80x24: a line says more is below, the footer
// lists the scroll keys, and down, pgdn and end reach every line.
func TestTheDoneScreenScrollsToEverything(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w := newWorld(t, worldOpts{width: size[0], height: size[1]})
			for n := 1; n <= 13; n++ {
				w.walk(n)
			}
			w.until("the final checks", func() bool { return w.m.phase == phaseDone && w.m.authMap.checks != nil })
			f := w.m.computeFrame()
			all := w.m.doneLines(f.mainW)
			screen := w.screen()
			if len(all) > f.bodyH {
				if !strings.Contains(screen, "more below") {
					t.Errorf("the done screen hides lines without saying so:\n%s", screen)
				}
				if !strings.Contains(footerLine(screen), "scroll") {
					t.Errorf("the footer lacks the scroll keys: %q", footerLine(screen))
				}
			}
			seen := screen
			for _, k := range []string{"down", "down", "down", "pgdown", "pgdown", "end"} {
				w.handle(keyMsg(k))
				seen += "\n" + w.screen()
			}
			for _, l := range all {
				if p := strings.TrimSpace(uitest.Plain(l)); p != "" && !strings.Contains(seen, p) {
					t.Errorf("never on screen: %q", p)
				}
			}
			if len(all) > f.bodyH && !strings.Contains(w.screen(), "more above") {
				t.Errorf("at the end, nothing says what is above:\n%s", w.screen())
			}
		})
	}
}

// TestADoneStepsDetailScrolls: step 9's detail view (s, then enter on it)
// holds what Account A needs and the grant command, more than 80x24 shows
// under the header: a line says more is below, the footer lists the
// scroll keys, and end reaches its last line.
func TestADoneStepsDetailScrolls(t *testing.T) {
	w := newWorld(t, worldOpts{width: 80, height: 24})
	for n := 1; n <= 11; n++ {
		w.walk(n)
	}
	w.atStep(12)
	w.press("s")
	for range 3 {
		w.handle(uitest.Key(tea.KeyUp))
	}
	w.press("enter")
	if w.m.detail == "" {
		t.Fatalf("no detail view:\n%s", w.screen())
	}
	screen := w.screen()
	if !strings.Contains(screen, "Step 9 · Append Account A (done)") || !strings.Contains(screen, "more below") {
		t.Errorf("the detail view hides lines without saying so:\n%s", screen)
	}
	if !strings.Contains(footerLine(screen), "scroll") {
		t.Errorf("the footer lacks the scroll keys: %q", footerLine(screen))
	}
	w.handle(keyMsg("end"))
	if screen = w.screen(); !strings.Contains(screen, "closes.") || !strings.Contains(screen, "more above") {
		t.Errorf("end does not reach the detail's last line:\n%s", screen)
	}
}
