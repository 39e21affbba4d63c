package steps

import (
	"context"
	"fmt"
	"sync"
)

// StepState is where one step of a run stands, for a face's list of steps.
type StepState int

// The states of a step.
const (
	StatePending StepState = iota
	StateCurrent
	StateDone
)

// EngineOptions say where the engine keeps the run's journal.
type EngineOptions struct {
	// StateDir is where the journal is opened once the location's name is
	// known; empty when the caller attached one already, or when nothing is
	// to be written (plan mode).
	StateDir string
	// Sandbox journals are kept apart, and a sandbox run starts a fresh
	// one: its emulators die with the process.
	Sandbox bool
}

// Engine is the one state machine every face drives: the TUI, the line
// prompts and the headless commands. It knows the current step, previews
// it, applies a confirmed preview and moves on, goes back a step (which
// undoes nothing: every step after it is previewed again), resumes a run
// from its journal, and owns the journal: it opens it once the location has
// a name, and records the plan and the steps done after every apply.
//
// Previews and applies run off a face's event loop; the engine's methods
// are safe for concurrent use.
type Engine struct {
	s    *Session
	opts EngineOptions

	mu       sync.Mutex
	cur      StepID // "" once every step is done
	done     map[StepID]bool
	resumeTo StepID // steps before it are being re-run quietly (a resume)
	resuming bool
	held     *Journal // the journal whose lock this engine took
}

// NewEngine starts a run of session s at its first step.
func NewEngine(s *Session, opts EngineOptions) *Engine {
	e := &Engine{s: s, opts: opts, done: map[StepID]bool{}}
	if list := e.Steps(); len(list) > 0 {
		e.cur = list[0].ID
	}
	return e
}

// Session is the session the engine runs.
func (e *Engine) Session() *Session { return e.s }

// Steps are the steps of the run's plan, in order.
func (e *Engine) Steps() []Step { return Steps(e.s.RawPlan()) }

// Current returns the current step, and false once every step is done.
func (e *Engine) Current() (Step, bool) {
	e.mu.Lock()
	id := e.cur
	e.mu.Unlock()
	if id == "" {
		return Step{}, false
	}
	return Lookup(id)
}

// Finished reports whether every step is done.
func (e *Engine) Finished() bool {
	_, ok := e.Current()
	return !ok
}

// Position is the current step's number and how many steps the plan has.
func (e *Engine) Position() (n, total int) {
	st, ok := e.Current()
	if !ok {
		list := e.Steps()
		return len(list), len(list)
	}
	return Position(e.s.RawPlan(), st.ID)
}

// State is where step id stands in this run.
func (e *Engine) State(id StepID) StepState {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case id == e.cur:
		return StateCurrent
	case e.done[id]:
		return StateDone
	}
	return StatePending
}

// Quiet reports whether the current step is being re-run during a resume:
// a face previews and applies it without asking, unless it finds
// something to change.
func (e *Engine) Quiet() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.resuming && e.cur != "" && (e.resumeTo == "" || before(e.cur, e.resumeTo))
}

// Resume continues the run journal j recorded: the journal's plan (laid
// under over, when given, for what this process must keep, such as a
// sandbox's endpoint) and its steps done. The steps done are re-run
// quietly, reading what they made, up to the first step not done.
func (e *Engine) Resume(j *Journal, over func(*Plan)) {
	p := j.Snapshot().Plan
	if over != nil {
		over(&p)
	}
	e.s.SetPlan(p)
	e.s.SetJournal(j)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resuming = true
	e.resumeTo = ""
	if next, ok := j.Next(); ok {
		e.resumeTo = next.ID
	}
	e.done = map[StepID]bool{}
	for _, st := range Steps(p) {
		if j.IsDone(st.ID) {
			e.done[st.ID] = true
		}
	}
	e.cur = Steps(p)[0].ID
}

// Preview previews the current step. Before the step that names the
// location (and every step after it) the journal is open.
func (e *Engine) Preview(ctx context.Context) (*Preview, error) {
	st, ok := e.Current()
	if !ok {
		return nil, fmt.Errorf("every step is done")
	}
	if err := e.openJournal(ctx, st); err != nil {
		return nil, err
	}
	pv, err := st.Preview(ctx, e.s)
	if err != nil {
		return nil, err
	}
	if e.s.Observe != nil {
		e.s.Observe(pv)
	}
	return pv, nil
}

// Apply carries out pv, the current step's preview, records it in the
// journal (the step done, the plan as it stands) and moves on to the next
// step of the plan.
func (e *Engine) Apply(ctx context.Context, pv *Preview, progress func(Progress)) error {
	st, ok := e.Current()
	if !ok || pv == nil || pv.ID != st.ID {
		return fmt.Errorf("apply: the preview is not the current step's; preview again")
	}
	if err := st.Apply(ctx, e.s, pv, progress); err != nil {
		return err
	}
	if err := e.record(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.done[st.ID] = true
	e.cur = ""
	list := Steps(e.s.RawPlan())
	for i, x := range list {
		if x.ID == st.ID && i+1 < len(list) {
			e.cur = list[i+1].ID
		}
	}
	if e.resuming && (e.cur == "" || e.cur == e.resumeTo) {
		e.resuming = false
	}
	return nil
}

// Back makes the step before the current one current again, and reports
// false on the first step. Nothing is undone: the steps from there on are
// previewed again, and their previews show what is left to change.
func (e *Engine) Back() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := Steps(e.s.RawPlan())
	at := len(list) // past the end when every step is done
	for i, st := range list {
		if st.ID == e.cur {
			at = i
		}
	}
	if at == 0 {
		return false
	}
	e.resuming = false
	for _, st := range list[at-1:] {
		delete(e.done, st.ID)
	}
	e.cur = list[at-1].ID
	return true
}

// record keeps the journal's copy of the plan current after a step, so a
// resume starts from what was entered.
func (e *Engine) record() error {
	j := e.s.journal()
	if j == nil {
		return nil
	}
	p := e.s.RawPlan()
	j.Update(func(d *JournalData) { d.Plan = p })
	return j.Save()
}

// openJournal opens the journal of the plan's location before step st when
// the location's name is known and st is the step that asks for it, or
// comes after it, and holds its lock until CloseJournal (a journal another
// location's name left, or a resumed one read before the lock, is let go or
// taken again). It records in it the steps this run did before (they change
// nothing) and the plan.
func (e *Engine) openJournal(ctx context.Context, st Step) error {
	if e.opts.StateDir == "" {
		return nil
	}
	name := e.s.Plan().LocationName
	if f, ok := FieldByKey("locationName"); name == "" || (ok && before(st.ID, f.Step)) {
		return nil
	}
	cur := e.s.journal()
	e.mu.Lock()
	held := e.held
	e.held = nil
	e.mu.Unlock()
	if cur != nil && cur == held && cur.Snapshot().Location == name {
		e.setHeld(held)
		return nil
	}
	now := e.s.now()
	path := JournalPath(e.opts.StateDir, name, e.opts.Sandbox)
	resumed := cur != nil && cur.Snapshot().Location == name // by Resume, not locked yet
	if resumed {
		path = cur.Path()
	}
	if held != nil {
		held.Close()
	}
	// A sandbox's emulators die with its process: an old sandbox journal of
	// this name describes nothing that exists now, so start afresh. (A
	// sandbox run is resumed only when asked to, through Resume.)
	j, _, err := OpenJournalLocked(ctx, path, name, e.opts.Sandbox, now, LockOptions{Wait: DefaultLockWait, Fresh: e.opts.Sandbox && !resumed})
	if err != nil {
		return err
	}
	e.setHeld(j)
	p, raw, proj := e.s.Plan(), e.s.RawPlan(), e.s.Project()
	endpoint := p.PaletteEndpoint
	if c, err := e.s.PaletteClient(); err == nil {
		endpoint = c.Endpoint()
	}
	j.Update(func(d *JournalData) {
		d.Plan = raw
		d.Palette = PaletteRecord{Endpoint: endpoint, Scope: p.Scope, ProjectName: proj.Name, ProjectUID: proj.UID}
	})
	e.mu.Lock()
	var done []StepID
	for id := range e.done {
		done = append(done, id)
	}
	e.mu.Unlock()
	for _, id := range done {
		j.MarkDone(id, now)
	}
	e.s.SetJournal(j)
	return j.Save()
}

// JournalPath is where the run's journal is, "" when it has none yet.
func (e *Engine) JournalPath() string {
	if j := e.s.journal(); j != nil {
		return j.Path()
	}
	return ""
}

// SaveJournal writes the journal as it stands, if the run has one: a face
// calls it when it stops (an interrupt, a dropped session).
func (e *Engine) SaveJournal() error {
	if j := e.s.journal(); j != nil {
		return j.Save()
	}
	return nil
}

// CloseJournal saves the journal as it stands and releases the lock the
// engine took on it: a face calls it once, when the run ends.
func (e *Engine) CloseJournal() error {
	err := e.SaveJournal()
	e.mu.Lock()
	held := e.held
	e.held = nil
	e.mu.Unlock()
	if held != nil {
		held.Close()
	}
	return err
}

func (e *Engine) setHeld(j *Journal) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.held = j
}

// JumpTo makes step id current, the steps before it counted as done in
// this run and those after it not. It reports false when id is not a step
// of the plan. Nothing is previewed or changed: the face previews id next.
func (e *Engine) JumpTo(id StepID) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := Steps(e.s.RawPlan())
	at := -1
	for i, st := range list {
		if st.ID == id {
			at = i
		}
	}
	if at < 0 {
		return false
	}
	e.resuming = false
	e.done = map[StepID]bool{}
	for _, st := range list[:at] {
		e.done[st.ID] = true
	}
	e.cur = id
	return true
}
