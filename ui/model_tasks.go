package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/confirm"
	"github.com/bslwiz/bslwiz/ui/components/task"
)

// previewDoneMsg carries a finished Preview back to the UI loop.
type previewDoneMsg struct {
	seq int
	pv  *steps.Preview
	err error
}

// applyProgressMsg is one progress report of a running Apply.
type applyProgressMsg struct {
	seq int
	p   steps.Progress
	ch  <-chan tea.Msg // the Apply's progress channel, to keep listening
}

// applyDoneMsg carries a finished Apply back to the UI loop.
type applyDoneMsg struct {
	seq int
	err error
}

func taskID(op string, step steps.StepID) string { return op + "-" + string(step) }

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
	cmd := m.tasks.Start(task.Task{ID: taskID(op, m.step().ID), StartText: start, FinishText: finish})
	return m.taskSeq, ctx, cmd
}

// startPreview runs the current step's preview, through the engine, as a
// task.
func (m *Model) startPreview() tea.Cmd {
	st := m.step()
	m.phase = phasePreviewing
	m.pv, m.showDiff, m.progress, m.lastReason = nil, false, "", ""
	start := st.Screen.Busy
	if m.quiet() {
		n, _ := m.eng.Position()
		start = fmt.Sprintf("Resuming: re-reading step %d (%s); nothing changes without you", n, st.Title)
	}
	seq, ctx, startCmd := m.newTask("preview", start, "")

	// A key typed on the form goes into the session through its locked
	// setter: the live checks may go on reading it meanwhile.
	s, key, eng, work := m.s, m.apiKey, m.eng, m.work
	work.add()
	job := func() tea.Msg {
		defer work.done()
		if key != "" {
			s.SetPaletteAPIKey(key)
		}
		pv, err := eng.Preview(ctx)
		if err == nil {
			eng.Prefetch(ctx) // the next step's reads, while this one is read
		}
		return previewDoneMsg{seq: seq, pv: pv, err: err}
	}
	return tea.Batch(startCmd, job)
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
	m.apiKey = "" // the session holds it now
	pv := msg.pv
	m.pv = pv
	m.tasks.Clear()
	if m.quiet() && (!pv.Mutates || pv.NoChange) {
		m.keep(pv, false)
		return m.startApply()
	}
	if m.passesThrough(pv) {
		m.keep(pv, true)
		return m.startApply()
	}
	m.keep(pv, false)
	if m.quiet() {
		m.notice = resumeStopped(pv, m.opts.Sandbox)
	}
	m.phase = phasePreview
	m.showDiff = showsDiff(pv)
	m.factsOpen, m.factsOff = false, 0
	if pv.Mutates && !pv.NoChange {
		req := confirmRequest(m.confirmID(), pv)
		if m.showDiff {
			req.Note = "" // the diff needs the room
		}
		m.confirm.Set(req)
		m.confirmShown = m.now()
	}
	if m.showDiff {
		m.diff.SetDiff(diffTitles(pv))
	}
	m.body.SetContentLines(m.previewLines(pv))
	m.body.GotoTop()
	m.layout()
	return m.startChecks()
}

// diffTitles are the titles and the diff of a preview's document change.
func diffTitles(pv *steps.Preview) (before, after string, d iampolicy.Diff) {
	return pv.Change.Name + " now", "after this step", pv.Change.Diff
}

// showsDiff reports whether a preview's document change is shown as a
// diff: an edit of a document that exists (a new one is shown whole).
func showsDiff(pv *steps.Preview) bool {
	return pv.Change != nil && pv.Change.ShowDiff && !pv.Change.Diff.Empty()
}

// confirmRequest turns a preview into what the confirm panel lists.
func confirmRequest(id string, pv *steps.Preview) confirm.Request {
	req := confirm.Request{
		ID:    id,
		Title: fmt.Sprintf("Step %d changes %s", pv.Number, changesWhat(pv)),
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
		if strings.HasSuffix(c.Where, "(Account A)") { // the grant, in Account A
			return "Account A"
		}
	}
	return "Account B"
}

// startApply runs the current step's apply, through the engine, as a task,
// with its progress (and the retry countdown) coming back on a channel.
func (m *Model) startApply() tea.Cmd {
	st, pv := m.step(), m.pv
	m.phase = phaseApplying
	m.progress, m.lastReason = "", ""
	start, finish := applyText(st, pv)
	if m.quiet() {
		start = fmt.Sprintf("Resuming: step %d (%s) is done already", pv.Number, st.Title)
	}
	seq, ctx, startCmd := m.newTask("apply", start, finish)
	ch := make(chan tea.Msg, 16)
	eng, work := m.eng, m.work
	work.add()
	job := func() tea.Msg {
		defer work.done()
		defer close(ch)
		err := eng.Apply(ctx, pv, func(p steps.Progress) {
			select {
			case ch <- applyProgressMsg{seq: seq, p: p, ch: ch}:
			case <-ctx.Done():
			}
		})
		return applyDoneMsg{seq: seq, err: err}
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

// applyText is what a task says while a step applies and once it is done:
// the step's own words when it has them, the count of changes for a change.
func applyText(st steps.Step, pv *steps.Preview) (start, finish string) {
	change := st.Mutates && pv != nil && !pv.NoChange
	switch {
	case st.Screen.Applying != "" && (!st.Mutates || change):
		return st.Screen.Applying, st.Screen.Applied
	case change:
		n := fmt.Sprintf("%d %s", len(pv.Calls), plural(len(pv.Calls), "change", "changes"))
		return fmt.Sprintf("Making %s in %s", n, changesWhat(pv)), fmt.Sprintf("Made %s in %s", n, changesWhat(pv))
	}
	n := 0
	if pv != nil {
		n = pv.Number
	}
	return fmt.Sprintf("Recording step %d", n), "Recorded"
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
	id := taskID("apply", m.step().ID)
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
	m.taskCancel = nil
	m.keepResult()
	if m.eng.Finished() {
		m.stopChecks()
		m.phase = phaseDone
		m.done = true
		m.tasks.Clear()
		m.refreshList()
		m.layout()
		return m.loadAuthorizations()
	}
	return m.enterStep()
}

// fail shows a failed preview or apply in place: what went wrong, what to
// do, and the retry key. A preview refused for a rule of one of this step's
// fields goes back to the form with the rule under the field instead.
func (m *Model) fail(op string, err error) tea.Cmd {
	m.failedOp = op
	m.offerKeyField(err)
	if op == "preview" && m.form != nil && m.markFields(err) {
		m.tasks.Clear()
		m.phase = phaseForm
		m.summarized = false // the form, with the rule under its field
		m.notice = "Fix the fields marked below."
		m.layout()
		return m.startChecks()
	}
	m.phase = phaseFailed
	m.refreshList()
	m.tasks.Fail(taskID(op, m.step().ID), steps.Explained(err), hint(err, m.form != nil))
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
		m.borrow(fe.Field)
		if m.form.Field(fe.Field.Key) != nil {
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
	m.phase = phasePreviewing // not failed any more, for the list
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
	m.phase = phaseDeclined
	m.refreshList()
	m.notice = note
	if m.form != nil {
		m.phase = phaseForm
		m.summarized = false
		m.layout()
		return tea.Batch(m.startChecks(), m.loadClusters())
	}
	m.phase = phaseDeclined
	m.layout()
	return nil
}
