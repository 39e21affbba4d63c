package ui

import (
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestAResumeThatFindsTheWorkGoneSaysWhy: a sandbox run resumed by a new
// process has new emulators, which never saw the role the first run made;
// the resume promised "next: step 9" but step 6 has to make it again, and
// the screen says why it stopped there.
func TestAResumeThatFindsTheWorkGoneSaysWhy(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for n := 1; n <= 8; n++ {
		w.walk(n)
	}
	w.atStep(9)
	if err := w.m.eng.CloseJournal(); err != nil {
		t.Fatal(err)
	}

	sb, err := sandbox.Start(sandbox.Options{Clock: w.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	s := steps.NewSession(sb.Plan(), sb.Backends(), nil)
	s.Clock = steps.Clock{Now: w.clock.Now, Sleep: w.clock.Sleep}
	o := Options{Sandbox: true, StateDir: w.dir, WorkDir: w.work, Environ: []string{}}.withDefaults()
	m := newModel(t.Context(), s, o, w.m.th, findResumable(w.dir, true))
	m.now = steadyClock()
	d := newDriver(t, m, 80, 24)
	contains(t, d.screen(), "next: step 9")
	d.press("r")
	d.until("a stop", func() bool { return m.phase == phasePreview || m.phase == phaseFailed })
	if m.phase == phaseFailed {
		t.Fatalf("the resume failed:\n%s", d.screen())
	}
	if n := m.number(); n == 9 {
		t.Skip("the new emulators kept the role: nothing to explain")
	}
	contains(t, d.screen(), "Resuming stopped at step", "a sandbox's emulators forget")
}
