package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// keyWorld is a wizard on a fresh sandbox whose session has the Palette
// API key apiKey ("" asks for one); it returns the sandbox's right key.
func keyWorld(t *testing.T, apiKey string) (*Model, *driver, *steps.Session, string, string) {
	t.Helper()
	clock := newFakeClock()
	sb, err := sandbox.Start(sandbox.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	b := sb.Backends()
	key := b.Palette.APIKey
	b.Palette.APIKey = apiKey
	s := steps.NewSession(sb.Plan(), b, nil)
	s.Clock = steps.Clock{Now: clock.Now, Sleep: clock.Sleep}
	dir := t.TempDir()
	m := newModel(t.Context(), s, Options{Sandbox: true, StateDir: dir, WorkDir: dir, Environ: []string{}}.withDefaults(), theme.New(true, true), nil)
	m.now = steadyClock()
	return m, newDriver(t, m, 80, 24), s, key, dir
}

// jumpBack goes back to done step n through the step list: s, up to it,
// enter (its detail), enter (back to it).
func (d *driver) jumpBack(n int) {
	d.t.Helper()
	d.press("s")
	if !d.m.listFocus {
		d.t.Fatalf("s does not focus the step list:\n%s", d.screen())
	}
	for i := 0; i < 20 && d.m.listCursor > n-1; i++ {
		d.press("k")
	}
	d.press("enter", "enter")
	d.until(fmt.Sprintf("step %d again", n), func() bool {
		return d.m.number() == n && (d.m.phase == phaseForm || d.m.phase == phasePreview || d.m.phase == phaseFailed)
	})
}

// TestGoingBackKeepsTheTypedKey: a key typed on step 1 is still there when
// the operator goes back to step 1 from step 4: its checks pass and enter
// goes on, with nothing to type again.
func TestGoingBackKeepsTheTypedKey(t *testing.T) {
	m, d, s, key, dir := keyWorld(t, "")
	d.atStep(1)
	m.form.FocusKey(apiKeyField)
	d.typeText(key)
	for n := 1; n <= 3; n++ {
		d.walk(n)
	}
	d.atStep(4)
	d.jumpBack(1)
	// Back at step 1 the form is complete (a summary, or the form with the
	// key kept in its masked field): nothing to type again.
	if m.phase == phaseForm {
		if v := m.form.Value(apiKeyField); v != key {
			t.Fatalf("back at step 1 the key field holds %d characters, want the key typed", len(v))
		}
	}
	if strings.Contains(d.screen(), key) {
		t.Fatal("the API key is on screen")
	}
	d.walk(1)
	if strings.Contains(d.screen(), "no Palette API key") {
		t.Errorf("step 1 lost the key:\n%s", d.screen())
	}
	d.atStep(2)
	journal, _ := os.ReadFile(filepath.Join(dir, "sandbox-backups.sandbox.json"))
	plan, _ := json.Marshal(s.RawPlan())
	if strings.Contains(string(plan)+string(journal), key) {
		t.Error("the key is in the plan or the journal")
	}
}
