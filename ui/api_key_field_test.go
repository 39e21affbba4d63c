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

// TestARefusedKeyFromTheEnvironmentOffersTheKeyField: SPECTROCLOUD_APIKEY
// holds a wrong key; step 1 fails with Palette's refusal, and the form esc
// leads to has the masked key field, where the right key finishes step 1.
func TestARefusedKeyFromTheEnvironmentOffersTheKeyField(t *testing.T) {
	m, d, s, key, dir := keyWorld(t, "wrong-key-123")
	d.until("step 1 to fail", func() bool { return m.phase == phaseFailed || m.phase == phaseForm })
	if m.phase == phaseForm {
		d.submit()
		d.until("step 1 to fail", func() bool { return m.phase == phaseFailed })
	}
	contains(t, d.screen(), "esc goes back to the form")
	d.press("esc")
	d.until("the form", func() bool { return m.phase == phaseForm })
	if m.form.Field(apiKeyField) == nil {
		t.Fatalf("the form has no API key field:\n%s", d.formText())
	}
	m.form.FocusKey(apiKeyField)
	d.typeText(key)
	if strings.Contains(d.screen(), key) || strings.Contains(d.screen(), "wrong-key-123") {
		t.Fatal("an API key is on screen")
	}
	d.walk(1)
	d.walk(2)
	d.walk(3)
	if s.Backends.Palette.APIKey != key {
		t.Error("the key typed did not reach the session")
	}
	plan, _ := json.Marshal(s.RawPlan())
	journal, _ := os.ReadFile(filepath.Join(dir, "sandbox-backups.sandbox.json"))
	if strings.Contains(string(plan)+string(journal), key) || len(journal) == 0 {
		t.Errorf("the key is in the plan or the journal (journal %d bytes)", len(journal))
	}
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

// TestTheLinePromptsAskForAKeyWhenTheEnvironmentsIsRefused: a wrong
// SPECTROCLOUD_APIKEY fails step 1; retrying asks for the key, hidden, and
// the right one finishes the run.
func TestTheLinePromptsAskForAKeyWhenTheEnvironmentsIsRefused(t *testing.T) {
	var key string
	asked := 0
	lr := lineWalk{
		backends: func(b *steps.Backends) { key, b.Palette.APIKey = b.Palette.APIKey, "wrong-key-123" },
		answer: func(p string, transcript func() string) string {
			switch {
			case strings.HasPrefix(p, "What next"):
				if asked > 0 {
					return "quit"
				}
				return "retry"
			case strings.HasPrefix(p, "Palette API key"):
				asked++
				return key
			}
			return confirmEverything(p, transcript)
		},
	}.run(t)
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, lr.out)
	}
	if asked != 1 {
		t.Errorf("asked for the key %d times, want once after the refusal", asked)
	}
	if strings.Contains(lr.out, key) || strings.Contains(lr.out, "wrong-key-123") {
		t.Error("an API key is in the transcript")
	}
	if !strings.Contains(lr.out, "[done] step 13 (Create)") {
		t.Errorf("the run did not finish:\n%s", lr.out)
	}
}
