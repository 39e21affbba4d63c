package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/confirm"
	"github.com/bslwiz/bslwiz/ui/components/steplist"
	"github.com/bslwiz/bslwiz/ui/components/task"
)

// previewDoneMsg carries a finished Preview back to the UI loop.
type previewDoneMsg struct {
	seq  int
	step int
	pv   *steps.Preview
	err  error
}

// applyProgressMsg is one progress report of a running Apply.
type applyProgressMsg struct {
	seq int
	p   steps.Progress
	ch  <-chan tea.Msg // the Apply's progress channel, to keep listening
}

// applyDoneMsg carries a finished Apply back to the UI loop.
type applyDoneMsg struct {
	seq  int
	step int
	err  error
}

func taskID(op string, step int) string { return fmt.Sprintf("%s-%d", op, step) }

// newTask starts a task: a new sequence number (so a late answer of an
// earlier task is ignored), a context to cancel it, and its line.
func (m *Model) newTask(op, start, finish string) (int, context.Context, tea.Cmd) {
	if m.taskCancel != nil {
		m.taskCancel()
	}
	m.taskSeq++
	ctx, cancel := context.WithCancel(m.ctx)
	m.taskCancel = cancel
	m.tasks.Clear()
	cmd := m.tasks.Start(task.Task{ID: taskID(op, m.step().Number), StartText: start, FinishText: finish})
	return m.taskSeq, ctx, cmd
}

// startPreview runs the current step's Preview as a task.
func (m *Model) startPreview() tea.Cmd {
	st := m.step()
	m.phase = phasePreviewing
	m.pv, m.showDiff, m.progress, m.lastReason = nil, false, "", ""
	start := previewText(st)
	if m.quiet() {
		start = fmt.Sprintf("Resuming: re-reading step %d (%s); nothing changes without you", st.Number, st.Title)
	}
	seq, ctx, startCmd := m.newTask("preview", start, "")

	// Step 1 puts the typed API key into the session, step 3 its journal,
	// through the session's locked setters: the live checks may go on
	// reading it meanwhile.
	s, key, jref := m.s, m.apiKey, m.jref
	dir, sandbox := m.opts.StateDir, m.opts.Sandbox
	var done []int
	for i := 0; i < m.cur; i++ {
		if m.status[i] == steplist.StepDone {
			done = append(done, i+1)
		}
	}
	work := m.work
	work.add()
	job := func() tea.Msg {
		defer work.done()
		if st.Number == 1 && key != "" {
			s.SetPaletteAPIKey(key)
		}
		if st.Number == 3 {
			if err := openJournal(s, jref, dir, sandbox, done); err != nil {
				return previewDoneMsg{seq: seq, step: st.Number, err: err}
			}
		}
		pv, err := st.Preview(ctx, s)
		return previewDoneMsg{seq: seq, step: st.Number, pv: pv, err: err}
	}
	return tea.Batch(startCmd, job)
}

// openJournal opens the journal of the location named in the plan, once
// the name is known (step 3), and records in it the steps done before it
// existed (1 and 2: Palette and its locations, which change nothing). A
// resumed run already has its journal.
func openJournal(s *steps.Session, jref *journalRef, dir string, sandbox bool, done []int) error {
	name := s.Plan().LocationName
	if j := jref.get(); j != nil && j.Snapshot().Location == name {
		return nil
	}
	now := time.Now()
	if s.Clock.Now != nil {
		now = s.Clock.Now()
	}
	path := steps.JournalPath(dir, name, sandbox)
	var j *steps.Journal
	if sandbox {
		// A sandbox's emulators die with its process: an old sandbox journal
		// of this name describes nothing that exists now, so start afresh.
		// (A sandbox run is resumed only from the resume screen.)
		j = steps.NewJournal(path, name, sandbox, now)
	} else {
		var err error
		if j, _, err = steps.OpenJournal(path, name, sandbox, now); err != nil {
			return err
		}
	}
	p, plan, proj := s.Plan(), s.RawPlan(), s.Project()
	endpoint := p.PaletteEndpoint
	if c, err := s.PaletteClient(); err == nil {
		endpoint = c.Endpoint()
	}
	j.Update(func(d *steps.JournalData) {
		d.Plan = plan
		d.Palette = steps.PaletteRecord{Endpoint: endpoint, Scope: p.Scope, ProjectName: proj.Name, ProjectUID: proj.UID}
	})
	for _, n := range done {
		j.MarkDone(n, now)
	}
	s.SetJournal(j)
	jref.set(j)
	return j.Save()
}

func previewText(st steps.Step) string {
	switch st.Number {
	case 1:
		return "Connecting to Palette"
	case 2:
		return "Listing the backup locations"
	case 3:
		return "Checking the name"
	case 4:
		return "Checking the bucket"
	case 5:
		return "Signing in to Account B and fetching Palette's STS details"
	case 6:
		return "Reading the policy and the role in Account B"
	case 7:
		return "Reviewing the role and simulating its permissions"
	case 8:
		return "Reading the role's trust policy"
	case 9:
		return "Reading the trust policy and appending Account A"
	case 10:
		return "Reading the role ARN"
	case 11:
		return "Preparing the location"
	case 12:
		return "Preparing the validation"
	case 13:
		return "Looking for the location in Palette"
	}
	return "Previewing step " + fmt.Sprint(st.Number)
}

// previewDone shows a finished preview, or the failure.
func (m *Model) previewDone(msg previewDoneMsg) tea.Cmd {
	if msg.seq != m.taskSeq || m.phase != phasePreviewing {
		return nil // cancelled, or superseded
	}
	m.refreshHeader()
	if msg.err != nil {
		return m.fail("preview", msg.err)
	}
	if msg.step == 1 {
		m.apiKey = "" // the session holds it now
	}
	pv := msg.pv
	m.pv = pv
	m.tasks.Clear()
	if m.quiet() && (!pv.Mutates || pv.NoChange) {
		return m.startApply()
	}
	m.phase = phasePreview
	m.showDiff = showsDiff(pv)
	if pv.Mutates && !pv.NoChange {
		req := confirmRequest(m.confirmID(), pv)
		if m.showDiff {
			req.Note = "" // the diff needs the room
		}
		m.confirm.Set(req)
		m.confirmShown = m.now()
	}
	if m.showDiff {
		m.diff.SetDiff(diffBeforeTitle, diffAfterTitle, pv.Trust.Diff)
	}
	m.body.SetContentLines(m.previewLines(pv))
	m.body.GotoTop()
	m.layout()
	return m.startChecks()
}

const (
	diffBeforeTitle = "trust policy now"
	diffAfterTitle  = "after this step"
)

// showsDiff reports whether a preview's trust change is shown as a diff:
// always on step 9, and on step 6 when an existing role's trust changes (a
// new role's trust policy is shown whole, as a document).
func showsDiff(pv *steps.Preview) bool {
	return pv.Trust != nil && !pv.Trust.Diff.Empty() && (pv.Step == 9 || pv.Trust.Before != "")
}

// confirmRequest turns a preview into what the confirm panel lists.
func confirmRequest(id string, pv *steps.Preview) confirm.Request {
	req := confirm.Request{
		ID:    id,
		Title: fmt.Sprintf("Step %d changes %s", pv.Step, changesWhat(pv)),
		Note:  "Running a step again is safe: bslwiz adopts what already exists and changes nothing twice.",
	}
	for _, c := range pv.Calls {
		req.Calls = append(req.Calls, confirm.Call{Action: c.Service + ":" + c.Action, Target: c.Target, Where: c.Where})
	}
	for _, d := range pv.Documents {
		req.Documents = append(req.Documents, confirm.Document{Title: d.Title, Body: d.Body})
	}
	return req
}

func changesWhat(pv *steps.Preview) string {
	for _, c := range pv.Calls {
		if c.Service == "palette" {
			return "Palette"
		}
	}
	return "Account B"
}

// startApply runs the current step's Apply as a task, with its progress
// (and the retry countdown) coming back on a channel.
func (m *Model) startApply() tea.Cmd {
	st, pv := m.step(), m.pv
	m.phase = phaseApplying
	m.progress, m.lastReason = "", ""
	start, finish := applyText(st, pv)
	if m.quiet() {
		start = fmt.Sprintf("Resuming: step %d (%s) is done already", st.Number, st.Title)
	}
	seq, ctx, startCmd := m.newTask("apply", start, finish)
	ch := make(chan tea.Msg, 16)
	s, work, jref := m.s, m.work, m.jref
	work.add()
	job := func() tea.Msg {
		defer work.done()
		defer close(ch)
		err := st.Apply(ctx, s, pv, func(p steps.Progress) {
			select {
			case ch <- applyProgressMsg{seq: seq, p: p, ch: ch}:
			case <-ctx.Done():
			}
		})
		if err == nil {
			err = recordPlan(s, jref)
		}
		return applyDoneMsg{seq: seq, step: st.Number, err: err}
	}
	return tea.Batch(startCmd, job, listen(ch))
}

// listen waits for the next progress report of an Apply.
func listen(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// recordPlan keeps the journal's copy of the plan current, so a resume
// starts from what was entered.
func recordPlan(s *steps.Session, jref *journalRef) error {
	j := jref.get()
	if j == nil {
		return nil
	}
	p := s.RawPlan()
	j.Update(func(d *steps.JournalData) { d.Plan = p })
	return j.Save()
}

func applyText(st steps.Step, pv *steps.Preview) (start, finish string) {
	switch {
	case st.Number == 12:
		return "Validating through Palette", "Palette assumed the role and reached the bucket"
	case st.Number == 13 && pv != nil && !pv.NoChange:
		return "Creating the backup location", "Created the backup location"
	case st.Mutates && pv != nil && !pv.NoChange:
		return fmt.Sprintf("Making %d change(s) in %s", len(pv.Calls), changesWhat(pv)), "Done"
	}
	return "Recording step " + fmt.Sprint(st.Number), "Recorded"
}

// applyProgress shows what a running Apply is doing, and its countdown
// while it waits for IAM to propagate.
func (m *Model) applyProgress(msg applyProgressMsg) tea.Cmd {
	next := listen(msg.ch)
	if msg.seq != m.taskSeq || m.phase != phaseApplying {
		return next // drain a superseded Apply's channel
	}
	p := msg.p
	m.progress = p.Message
	id := taskID("apply", m.step().Number)
	if p.Retry == nil {
		return next
	}
	m.lastReason = p.Retry.Reason
	return tea.Batch(next, m.tasks.Retrying(id, task.Countdown{
		Attempt:   p.Retry.Attempt,
		NextIn:    p.Retry.Next,
		Remaining: p.Retry.Remaining,
		Reason:    "IAM changes take time to propagate",
	}))
}

// applyDone moves on to the next step, or shows the failure.
func (m *Model) applyDone(msg applyDoneMsg) tea.Cmd {
	if msg.seq != m.taskSeq || m.phase != phaseApplying {
		return nil
	}
	m.refreshHeader()
	if msg.err != nil {
		return m.fail("apply", msg.err)
	}
	m.status[m.cur] = steplist.StepDone
	m.taskCancel = nil
	if m.cur == len(m.all)-1 {
		m.stopChecks()
		m.phase = phaseDone
		m.done = true
		m.tasks.Clear()
		m.refreshList()
		m.layout()
		return nil
	}
	return m.enterStep(m.cur + 1)
}

// fail shows a failed preview or apply in place: what went wrong, what to
// do, and the retry key. A preview refused for a rule of one of this step's
// fields goes back to the form with the rule under the field instead.
func (m *Model) fail(op string, err error) tea.Cmd {
	m.failedOp = op
	if op == "preview" && m.form != nil && m.markFields(err) {
		m.tasks.Clear()
		m.phase = phaseForm
		m.notice = "Fix the fields marked below."
		m.layout()
		return m.startChecks()
	}
	m.status[m.cur] = steplist.StepFailed
	m.refreshList()
	m.tasks.Fail(taskID(op, m.step().Number), err, hint(err, m.form != nil))
	m.phase = phaseFailed
	m.layout()
	return nil
}

// markFields shows the rules a plan broke under this step's fields; it
// reports false when none of them is on this step's form.
func (m *Model) markFields(err error) bool {
	var ipe *steps.InvalidPlanError
	if !errors.As(err, &ipe) {
		return false
	}
	marked := false
	for _, fe := range ipe.Problems.Errors {
		if fe.Field.Step == m.step().Number && m.form.Field(fe.Field.Key) != nil {
			m.form.SetError(fe.Field.Key, fe.Err)
			if !marked {
				m.form.FocusKey(fe.Field.Key)
			}
			marked = true
		}
	}
	return marked
}

// retry runs the failed task again. A failed change is previewed again
// first, so what is left to do is confirmed again.
func (m *Model) retry() tea.Cmd {
	m.status[m.cur] = steplist.StepCurrent
	m.refreshList()
	if m.failedOp == "apply" && !(m.step().Mutates && m.pv != nil && !m.pv.NoChange) {
		return m.startApply()
	}
	return m.startPreview()
}

// backOut leaves a preview or a failure with nothing changed: back to the
// form, or, for a step without one, to a screen that offers to preview
// again.
func (m *Model) backOut(note string) tea.Cmd {
	if m.taskCancel != nil {
		m.taskCancel()
		m.taskCancel = nil
	}
	m.taskSeq++ // whatever was in flight is now stale
	m.tasks.Clear()
	m.status[m.cur] = steplist.StepCurrent
	m.refreshList()
	m.notice = note
	if m.form != nil {
		m.phase = phaseForm
		m.layout()
		return m.startChecks()
	}
	m.phase = phaseDeclined
	m.layout()
	return nil
}
