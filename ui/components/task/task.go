// Package task renders long network calls as tasks (gh-dash's pattern): a
// line that says what is being done, with a spinner while it runs, then
// what was done, or what failed with what to do about it and a retry key.
// A task that is waiting to retry (IAM changes take time to propagate)
// shows a countdown.
//
// The spinner ticks at about 10 Hz only while a task runs, and the
// countdown once a second only while one counts down; otherwise the
// component schedules nothing and costs no redraws.
package task

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// State is where a task stands.
type State int

// The states of a task.
const (
	Running State = iota + 1
	Done
	Failed
)

// String names the state.
func (s State) String() string {
	switch s {
	case Running:
		return "running"
	case Done:
		return "done"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Task is what a task says: StartText while it runs ("Creating role
// bslwiz-velero"), FinishText when done ("Created role bslwiz-velero").
type Task struct {
	ID         string
	StartText  string
	FinishText string
}

// Countdown is a task waiting to try again.
type Countdown struct {
	Attempt   int           // attempts made so far
	NextIn    time.Duration // until the next attempt
	Remaining time.Duration // until the retry budget is spent
	Reason    string        // why it retries, e.g. "IAM changes take time to propagate"
}

// FinishedMsg finishes task ID; Text, when set, replaces its FinishText.
type FinishedMsg struct {
	ID   string
	Text string
}

// FailedMsg fails task ID with Err, and Hint says what to do about it.
type FailedMsg struct {
	ID   string
	Err  error
	Hint string
}

// RetryingMsg shows a countdown on task ID, which keeps running.
type RetryingMsg struct {
	ID        string
	Countdown Countdown
}

// RetryMsg is sent when the user presses the retry key on failed task ID.
// The root model runs the task again (and calls Start).
type RetryMsg struct{ ID string }

// countdownTickMsg ticks a countdown down by a second.
type countdownTickMsg struct {
	id  string
	seq int
}

type entry struct {
	Task
	state     State
	finish    string
	err       error
	hint      string
	countdown *Countdown
	seq       int // bumped on each Retrying; older ticks are dropped
}

// Model is a list of tasks.
type Model struct {
	th            *theme.Theme
	km            keys.KeyMap
	tasks         []*entry
	spin          spinner.Model
	width, height int

	// tick makes the countdown's one-second tick; tests replace it.
	tick func(d time.Duration, msg tea.Msg) tea.Cmd
}

var _ components.Component = (*Model)(nil)

// New returns an empty task list.
func New(th *theme.Theme, km keys.KeyMap) *Model {
	return &Model{
		th: th, km: km, width: 80, height: 10,
		spin: spinner.New(spinner.WithSpinner(th.Glyphs.Spinner)),
		tick: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
	}
}

func (m *Model) find(id string) *entry {
	for _, e := range m.tasks {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// Start adds t, or restarts the task with its ID (a retry), as running.
// The command starts the spinner if nothing was running.
func (m *Model) Start(t Task) tea.Cmd {
	wasRunning := m.Running()
	e := m.find(t.ID)
	if e == nil {
		e = &entry{}
		m.tasks = append(m.tasks, e)
	}
	*e = entry{Task: t, state: Running, seq: e.seq + 1}
	if wasRunning {
		return nil
	}
	return m.spin.Tick
}

// Finish marks task id done; text, when set, replaces its FinishText.
func (m *Model) Finish(id, text string) {
	if e := m.find(id); e != nil {
		e.state, e.finish, e.countdown = Done, text, nil
	}
}

// Fail marks task id failed with err; hint says what to do about it.
func (m *Model) Fail(id string, err error, hint string) {
	if e := m.find(id); e != nil {
		e.state, e.err, e.hint, e.countdown = Failed, err, hint, nil
	}
}

// Retrying shows a countdown on task id and ticks it down once a second.
func (m *Model) Retrying(id string, c Countdown) tea.Cmd {
	e := m.find(id)
	if e == nil || e.state != Running {
		return nil
	}
	e.seq++
	e.countdown = &c
	if c.NextIn <= 0 {
		return nil
	}
	return m.tick(time.Second, countdownTickMsg{id: id, seq: e.seq})
}

// Clear removes every task.
func (m *Model) Clear() { m.tasks = nil }

// State is the state of task id, 0 when there is no such task.
func (m *Model) State(id string) State {
	if e := m.find(id); e != nil {
		return e.state
	}
	return 0
}

// Running reports whether any task runs.
func (m *Model) Running() bool {
	for _, e := range m.tasks {
		if e.state == Running {
			return true
		}
	}
	return false
}

// Failed returns the first failed task.
func (m *Model) Failed() (Task, bool) {
	for _, e := range m.tasks {
		if e.state == Failed {
			return e.Task, true
		}
	}
	return Task{}, false
}

// SetSize sets the box the list draws in.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Update handles the task messages, the spinner, the countdown and the
// retry key.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case FinishedMsg:
		m.Finish(msg.ID, msg.Text)
	case FailedMsg:
		m.Fail(msg.ID, msg.Err, msg.Hint)
	case RetryingMsg:
		return m.Retrying(msg.ID, msg.Countdown)
	case spinner.TickMsg:
		if !m.Running() {
			return nil // the chain ends: no redraws while idle
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case countdownTickMsg:
		e := m.find(msg.id)
		if e == nil || e.seq != msg.seq || e.countdown == nil || e.state != Running {
			return nil
		}
		c := e.countdown
		c.NextIn = max(0, c.NextIn-time.Second)
		c.Remaining = max(0, c.Remaining-time.Second)
		if c.NextIn > 0 {
			return m.tick(time.Second, msg)
		}
	case tea.KeyPressMsg:
		if t, ok := m.Failed(); ok && key.Matches(msg, m.km.Retry) {
			return func() tea.Msg { return RetryMsg{ID: t.ID} }
		}
	}
	return nil
}

// ShortHelp offers the retry key while a task has failed.
func (m *Model) ShortHelp() []key.Binding {
	if _, ok := m.Failed(); ok {
		return []key.Binding{m.km.Retry}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if s := m.ShortHelp(); s != nil {
		return [][]key.Binding{s}
	}
	return nil
}
