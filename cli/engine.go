package cli

import (
	"context"
	"slices"
	"time"

	"github.com/bslwiz/bslwiz/steps"
)

// This file is where cli drives the engine in package steps: the journal,
// the run of the steps, the read-only previews the headless commands need,
// the checks and undo. The commands call these and nothing else of the
// engine's flow, so moving to another engine means changing this file.

// stateDir is --state-dir, or the engine's default.
func stateDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return steps.StateDir()
}

// openJournal loads the location's journal in dir, or starts a new one; found
// says whether one was there.
func openJournal(dir, location string, sandbox bool) (j *steps.Journal, found bool, err error) {
	return steps.OpenJournal(steps.JournalPath(dir, location, sandbox), location, sandbox, time.Now())
}

// lockedJournal takes the lock of the location's journal in dir, waiting up
// to wait for another run to release it, then loads the journal or starts a
// new one; found says whether one was there.
func lockedJournal(dir, location string, sandbox bool, wait time.Duration) (j *steps.Journal, found bool, err error) {
	return steps.OpenJournalLocked(context.Background(), steps.JournalPath(dir, location, sandbox), location, sandbox, time.Now(),
		steps.LockOptions{Wait: wait})
}

// planAll previews every step with zero writes.
func planAll(ctx context.Context, s *steps.Session) ([]*steps.Preview, error) {
	return steps.PlanAll(ctx, s)
}

// applyHooks are what a face sees of a run of every step.
type applyHooks struct {
	// confirm decides whether a step may apply the change it previewed.
	confirm func(ctx context.Context, pv *steps.Preview) (bool, error)
	// preview sees every preview, mutating or not.
	preview func(pv *steps.Preview)
	// done is called after each step is applied; mutates says whether the
	// step is one that changes something.
	done     func(mutates bool)
	progress func(p steps.Progress)
}

// applyAll runs every step, resuming after the ones the journal has done.
func applyAll(ctx context.Context, s *steps.Session, h applyHooks) error {
	r := &steps.Runner{
		Session:    s,
		Confirm:    h.confirm,
		OnPreview:  h.preview,
		OnDone:     func(st steps.Step) { h.done(st.Mutates) },
		OnProgress: h.progress,
	}
	return r.Run(ctx)
}

// connectForChecks gathers the facts every check reads (Palette and its
// project, Account B's caller, Palette's STS account, the bucket's region),
// with no writes. It goes on past a failure and returns each one.
func connectForChecks(ctx context.Context, s *steps.Session) []error {
	_, err := s.Gather(ctx, steps.AllFacts)
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// fetchPaletteIDs fetches Palette's STS account ID and the tenant's
// external ID, with no writes.
func fetchPaletteIDs(ctx context.Context, s *steps.Session) error {
	_, err := s.Gather(ctx, steps.FactPaletteSTS)
	return err
}

// detectBucketRegion finds the bucket's region, with no writes.
func detectBucketRegion(ctx context.Context, s *steps.Session) error {
	_, err := s.Gather(ctx, steps.FactBucketRegion)
	return err
}

// runChecks runs every live check.
func runChecks(ctx context.Context, s *steps.Session) []steps.CheckResult {
	return s.RunChecks(ctx, nil, nil)
}

// finalChecks runs every live check at the end of an apply, taking what the
// run has just proved (Palette's validate among it) instead of asking again.
func finalChecks(ctx context.Context, s *steps.Session) []steps.CheckResult {
	return s.FinalChecks(ctx)
}

// undoPreview lists the calls that would undo what the journal records.
func undoPreview(ctx context.Context, s *steps.Session) (*steps.Preview, error) {
	return s.UndoPreview(ctx)
}

// journalPaletteEndpoint is the Palette endpoint the journal says the
// location lives on ("" when it does not say), and whether undo has
// anything to do in Palette at all.
func journalPaletteEndpoint(s *steps.Session) (endpoint string, touchesPalette bool) {
	jd := s.Journal.Snapshot()
	return jd.Palette.Endpoint, jd.Created.LocationUID != "" || slices.Contains(jd.Intents, steps.IntentCreateLocation)
}

// pointUndoAt makes undo call Palette at endpoint, and its preview say so.
func pointUndoAt(s *steps.Session, endpoint string) {
	s.Journal.Update(func(d *steps.JournalData) { d.Palette.Endpoint = endpoint })
}

// undo makes the calls of a preview from undoPreview.
func undo(ctx context.Context, s *steps.Session, pv *steps.Preview, progress func(steps.Progress)) error {
	return s.Undo(ctx, pv, progress)
}

// fieldGroup is the plan's fields one step asks for, for the help.
type fieldGroup struct {
	number int
	title  string
	fields []steps.Field
}

// fieldGroups returns the plan's fields grouped by the step that asks for
// them, in the guide's order.
func fieldGroups() []fieldGroup {
	var out []fieldGroup
	for i, st := range steps.Steps(steps.Plan{}) {
		if fs := steps.FieldsOfStep(st.ID); len(fs) > 0 {
			out = append(out, fieldGroup{i + 1, st.Title, fs})
		}
	}
	return out
}

// sandboxRunGone reports whether the journal is of an earlier --sandbox run:
// its emulators stopped with the process that made it, so nothing it names
// exists any more.
func sandboxRunGone(s *steps.Session, sandbox bool) bool {
	jd := s.Journal.Snapshot()
	return sandbox && jd.Sandbox && (len(jd.Done) > 0 || jd.Created != (steps.Created{}))
}

// sandboxGoneWords says so, and what to do instead.
func sandboxGoneWords(location string) string {
	return location + " was a sandbox run: its emulators stopped with the bslwiz process that made it, so nothing it made is left. " +
		"To keep the emulators between commands, run 'bslwiz sandbox' in another shell and point bslwiz at it."
}

// markUndone records in the journal that nothing is left of the run.
func markUndone(s *steps.Session) error {
	now := time.Now().UTC()
	s.Journal.Update(func(d *steps.JournalData) {
		d.Undone, d.Created, d.Done, d.Trust, d.Intents = &now, steps.Created{}, nil, nil, nil
	})
	return s.Journal.Save()
}

// locationExists asks Palette whether the plan's location is in the
// project (read-only).
func locationExists(ctx context.Context, s *steps.Session) (bool, error) {
	c, err := s.PaletteClient()
	if err != nil {
		return false, err
	}
	locs, err := c.ListLocations(ctx)
	if err != nil {
		return false, err
	}
	name := s.Plan().LocationName
	for _, l := range locs {
		if l.Name == name {
			return true, nil
		}
	}
	return false, nil
}
