package ui

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// resumeWorld walks a sandbox run named sandbox-backups to step 5 and ends
// it, leaving its journal unfinished in the state directory, and returns a
// way to start a second wizard there with the inputs given as flags.
func resumeWorld(t *testing.T) (w *world, second func(given map[string]string) (*Model, *driver)) {
	t.Helper()
	w = newWorld(t, worldOpts{})
	for n := 1; n <= 4; n++ {
		w.walk(n)
	}
	w.atStep(5)
	if err := w.m.eng.CloseJournal(); err != nil {
		t.Fatal(err)
	}
	return w, func(given map[string]string) (*Model, *driver) {
		t.Helper()
		p := w.sb.Plan()
		sources := map[string]string{}
		for k, v := range given {
			f, _ := steps.FieldByKey(k)
			if err := f.Set(&p, v); err != nil {
				t.Fatal(err)
			}
			sources[k] = "--" + f.Flag
		}
		s := steps.NewSession(p, w.sb.Backends(), nil)
		s.Sources = sources
		s.Clock = steps.Clock{Now: w.clock.Now, Sleep: w.clock.Sleep}
		o := Options{Sandbox: true, StateDir: w.dir, WorkDir: w.work, Environ: []string{}}.withDefaults()
		m := newModel(t.Context(), s, o, w.m.th, findResumable(w.dir, true))
		m.now = steadyClock()
		return m, newDriver(t, m, 80, 24)
	}
}

// TestANameGivenIsNotResumedAsAnotherRun: with --name given, another
// location's unfinished run is not offered: the wizard starts the named
// location with the flags it was given.
func TestANameGivenIsNotResumedAsAnotherRun(t *testing.T) {
	_, second := resumeWorld(t)
	m, d := second(map[string]string{"locationName": "zz9", "bucket": sandbox.KMSBucket})
	if m.phase == phaseResume {
		t.Fatalf("another location's run is offered to --name zz9:\n%s", d.screen())
	}
	d.atStep(1)
	if got := m.s.RawPlan(); got.LocationName != "zz9" || got.Bucket != sandbox.KMSBucket {
		t.Errorf("the plan is %s/%s, want zz9/%s", got.LocationName, got.Bucket, sandbox.KMSBucket)
	}
}

// TestFlagsBeatTheJournalOnResume: --name names the unfinished run, which
// is the only one offered (with its keys); resuming it keeps the journal's
// answers except what the flags give, as the README's precedence says.
func TestFlagsBeatTheJournalOnResume(t *testing.T) {
	w, second := resumeWorld(t)
	// Another unfinished run, newer: it must not be offered to --name.
	other := steps.NewJournal(steps.JournalPath(w.dir, "bad1", true), "bad1", true, w.clock.Now())
	other.MarkDone(steps.Steps(steps.Plan{})[0].ID, w.clock.Now())
	if err := other.Save(); err != nil {
		t.Fatal(err)
	}
	if found := findResumable(w.dir, true); len(found) != 2 {
		t.Fatalf("the state directory offers %d runs, want 2", len(found))
	}
	m, d := second(map[string]string{"locationName": "sandbox-backups", "bucket": sandbox.KMSBucket})
	if m.phase != phaseResume {
		t.Fatalf("phase %s, want the resume offer", m.phase)
	}
	if len(m.resumables) != 1 || m.resumables[0].location != "sandbox-backups" {
		t.Fatalf("offered %+v, want only sandbox-backups", m.resumables)
	}
	contains(t, d.screen(), "sandbox-backups", "r or enter to resume", "n to start a new one")
	d.press("enter")
	if got := m.s.RawPlan().Bucket; got != sandbox.KMSBucket {
		t.Errorf("after the resume the bucket is %q, want the flag's %q", got, sandbox.KMSBucket)
	}
	if got := m.sourceOf("bucket"); got != "--bucket" {
		t.Errorf("after the resume the bucket's source is %q, want --bucket", got)
	}
	if got := m.sourceOf("accountB"); got != "journal" {
		t.Errorf("after the resume account B's source is %q, want journal", got)
	}
}

// TestLinePromptsOfferOnlyTheNamedRun: the line prompts, with --name acc1,
// do not offer (nor default to) another location's unfinished run.
func TestLinePromptsOfferOnlyTheNamedRun(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	bad := steps.NewJournal(steps.JournalPath(dir, "bad1", true), "bad1", true, clock.Now())
	bad.MarkDone(steps.Steps(steps.Plan{})[0].ID, clock.Now())
	if err := bad.Save(); err != nil {
		t.Fatal(err)
	}
	lr := lineWalk{
		stateDir: dir,
		sources:  map[string]string{"locationName": "--name"},
		edit:     func(p *steps.Plan) { p.LocationName = "acc1" },
		answer: func(p string, transcript func() string) string {
			if strings.HasPrefix(p, "Resume a run") {
				return "new"
			}
			if strings.HasPrefix(p, "What next") {
				return "quit"
			}
			return confirmEverything(p, transcript)
		},
	}.run(t)
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, lr.out)
	}
	if strings.Contains(lr.out, "Resume a run") || strings.Contains(lr.out, "bad1") {
		t.Errorf("--name acc1 was offered another run:\n%s", lr.out)
	}
	if !strings.Contains(lr.out, "Backup location acc1 is in Palette") {
		t.Errorf("the run did not make acc1:\n%s", lr.out)
	}
}
