package steps_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestAVersionOneJournalOfAFinishedRunStillPlansStatusesAndUndoes keeps a
// journal written by bslwiz before journals named steps by ID
// (testdata/journal-v1-finished.json, from a finished sandbox apply). The
// sandbox is brought to the state that run left, the fixture is laid where
// the journal lives, and plan, status and undo work from it.
func TestAVersionOneJournalOfAFinishedRunStillPlansStatusesAndUndoes(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	before := w.counts("bslwiz-" + p.LocationName)
	s := w.session(p)
	if err := w.run(s, ""); err != nil {
		t.Fatalf("the run the fixture describes: %v", err)
	}
	live := s.Journal.Snapshot()

	fixture, err := os.ReadFile(filepath.Join("testdata", "journal-v1-finished.json"))
	if err != nil {
		t.Fatal(err)
	}
	v1 := strings.NewReplacer("{{ENDPOINT}}", live.Palette.Endpoint, "{{PROJECT_UID}}", live.Palette.ProjectUID,
		"{{LOCATION_UID}}", live.Created.LocationUID, "{{EXTERNAL_ID}}", w.sb.Tenant.ExternalID).Replace(string(fixture))
	if !strings.Contains(v1, `"version": 1`) || !strings.Contains(v1, `"step": 13`) {
		t.Fatal("the fixture is not a version 1 journal")
	}
	if err := os.WriteFile(s.Journal.Path(), []byte(v1), 0o600); err != nil {
		t.Fatal(err)
	}

	// Loaded, it is migrated: every step done, by ID.
	j, err := steps.LoadJournal(s.Journal.Path())
	if err != nil {
		t.Fatalf("load a version 1 journal: %v", err)
	}
	d := j.Snapshot()
	if d.Version != steps.JournalVersion || len(d.Done) != 13 || d.Done[12].Step != steps.StepCreate ||
		d.Trust[1].Step != steps.StepAppendAccountA {
		t.Fatalf("migrated journal: version %d, done %+v, trust steps %v/%v", d.Version, d.Done, d.Trust[0].Step, d.Trust[1].Step)
	}
	if _, more := j.Next(); more {
		t.Fatal("a finished run's journal has a next step")
	}

	// plan: nothing left to change.
	ps := w.session(p)
	pvs, err := steps.PlanAll(context.Background(), ps)
	if err != nil {
		t.Fatalf("plan from a version 1 journal: %v", err)
	}
	for _, pv := range pvs {
		if pv.Mutates && !pv.NoChange {
			t.Fatalf("plan from a finished run wants changes: %s", pv.Render())
		}
	}

	// status: every check passes.
	ss := w.session(p)
	if _, err := ss.Gather(context.Background(), steps.AllFacts); err != nil {
		t.Fatal(err)
	}
	for _, r := range ss.RunChecks(context.Background(), nil, nil) {
		if r.Status == steps.StatusFail {
			t.Fatalf("status from a version 1 journal: %s failed: %s", r.Name, r.Reason)
		}
	}

	// undo: back to the sandbox as it was.
	us := w.session(p)
	pv, err := us.UndoPreview(context.Background())
	if err != nil {
		t.Fatalf("undo preview from a version 1 journal: %v", err)
	}
	if err := us.Undo(context.Background(), pv, nil); err != nil {
		t.Fatalf("undo from a version 1 journal: %v", err)
	}
	if got := w.counts("bslwiz-" + p.LocationName); got != before {
		t.Fatalf("after undo: %+v, want %+v", got, before)
	}
}
