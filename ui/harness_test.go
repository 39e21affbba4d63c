package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/internal/fakeclock"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// driver runs a Model the way Bubble Tea does, without a terminal: every
// command runs in its own goroutine and its message comes back through a
// channel to Update, one at a time (huh's approach, with the commands
// actually run, so the steps engine talks to the emulators).
type driver struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
	raw  []string // what tea.Raw would have written to the terminal
	quit bool
}

func newDriver(t *testing.T, m *Model, width, height int) *driver {
	t.Helper()
	d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 1024)}
	d.run(m.Init())
	d.handle(tea.WindowSizeMsg{Width: width, Height: height})
	return d
}

func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		select {
		case d.msgs <- msg:
		case <-time.After(30 * time.Second): // the test is over
		}
	}()
}

func (d *driver) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
		return
	case tea.RawMsg:
		d.raw = append(d.raw, fmt.Sprint(msg.Msg))
		return
	case tea.QuitMsg:
		d.quit = true
		return
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

// press sends key presses: "enter", "esc", "tab", "y", or ctrl+c as "ctrl+c".
func (d *driver) press(keys ...string) {
	for _, k := range keys {
		d.handle(keyMsg(k))
	}
}

// typeText types text one key at a time.
func (d *driver) typeText(text string) {
	for _, msg := range uitest.Type(text) {
		d.handle(msg)
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return uitest.Key(tea.KeyEnter)
	case "esc":
		return uitest.Key(tea.KeyEscape)
	case "tab":
		return uitest.Key(tea.KeyTab)
	case "backspace":
		return uitest.Key(tea.KeyBackspace)
	case "down":
		return uitest.Key(tea.KeyDown)
	case "pgdown":
		return uitest.Key(tea.KeyPgDown)
	case "end":
		return uitest.Key(tea.KeyEnd)
	case "shift+tab":
		return uitest.Shift(tea.KeyTab)
	case "ctrl+c":
		return uitest.Ctrl('c')
	case "f1":
		return uitest.Key(tea.KeyF1)
	case "ctrl+u":
		return uitest.Ctrl('u')
	}
	return uitest.Key([]rune(k)[0])
}

// number is the position of the step on screen among the plan's steps:
// the number the user sees.
func (m *Model) number() int {
	n, _ := steps.Position(m.s.RawPlan(), m.step().ID)
	return n
}

// until handles messages until cond holds, failing with the screen after a
// while.
func (d *driver) until(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-deadline:
			d.t.Fatalf("timed out waiting for %s (step %d, phase %s); screen:\n%s", what, d.m.number(), d.m.phase, d.screen())
		}
	}
}

// settle handles the messages that arrive within d (debounce, checks).
func (d *driver) settle(wait time.Duration) {
	deadline := time.After(wait)
	for {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-deadline:
			return
		}
	}
}

// screen is the view without escape sequences.
func (d *driver) screen() string { return uitest.Plain(d.m.render()) }

// formText is the form alone, without escape sequences (the screen
// interleaves it with the step list).
func (d *driver) formText() string {
	if d.m.form == nil {
		return ""
	}
	return uitest.Plain(d.m.form.View())
}

// atStep waits until step n shows its form or its preview, or went by
// without a key (a read-only step that only reports); it fails if the step
// failed.
func (d *driver) atStep(n int) {
	d.t.Helper()
	d.until(fmt.Sprintf("step %d", n), func() bool {
		if d.m.phase == phaseFailed {
			d.t.Fatalf("step %d failed:\n%s", d.m.number(), d.screen())
		}
		return d.passed(n) || d.m.phase != phaseDone && d.m.number() == n && (d.m.phase == phaseForm || d.m.phase == phasePreview)
	})
}

// passed reports whether step n went by without a key: the wizard stands
// further on, waiting for the user.
func (d *driver) passed(n int) bool {
	return (d.m.phase == phaseDone || d.m.number() > n) && (d.m.phase == phaseForm || d.m.phase == phasePreview || d.m.phase == phaseDone)
}

// edit opens the form of a step shown as a summary of its given inputs.
func (d *driver) edit() {
	d.t.Helper()
	if d.m.phase == phasePreview && d.m.summarized {
		d.press("e")
	}
	d.until("the form", func() bool { return d.m.phase == phaseForm })
}

// submit presses enter through the form until it is submitted.
func (d *driver) submit() {
	d.t.Helper()
	for i := 0; d.m.phase == phaseForm; i++ {
		if i == 40 {
			d.t.Fatalf("the form does not submit:\n%s", d.screen())
		}
		d.press("enter")
		d.settle(5 * time.Millisecond)
	}
	d.until("the preview", func() bool { return d.m.phase != phasePreviewing })
}

// walk goes through step n: submits its form, confirms its change, and
// waits for the next step (or the done screen).
func (d *driver) walk(n int) {
	d.t.Helper()
	d.atStep(n)
	if d.passed(n) {
		return
	}
	if d.m.phase == phaseForm {
		d.submit()
	}
	if d.m.phase != phasePreview {
		d.t.Fatalf("step %d: phase %s after submit:\n%s", n, d.m.phase, d.screen())
	}
	if d.m.pv.Mutates && !d.m.pv.NoChange {
		d.press("y")
	} else {
		d.press("enter")
	}
	d.until(fmt.Sprintf("step %d done", n), func() bool {
		if d.m.phase == phaseFailed {
			d.t.Fatalf("step %d failed:\n%s", n, d.screen())
		}
		return d.m.phase == phaseDone || d.m.number() > n
	})
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }

// newFakeClock is the clock shared by the emulators and the steps, so that
// waits for IAM to propagate take no real time.
func newFakeClock() *fakeclock.Clock {
	return fakeclock.New(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
}

// world is a wizard on a fresh sandbox.
type world struct {
	*driver
	sb    *sandbox.Sandbox
	s     *steps.Session
	dir   string // state directory
	work  string // where the ARN file goes
	clock *fakeclock.Clock
}

type worldOpts struct {
	width, height int
	sandbox       sandbox.Options
	environ       []string
	plan          func(*steps.Plan)
	// clockNow starts the fake clock now rather than on a fixed day: the
	// SDK refreshes an assumed role's credentials by the wall clock.
	clockNow bool
}

func newWorld(t *testing.T, o worldOpts) *world {
	t.Helper()
	if o.width == 0 {
		o.width, o.height = 80, 24
	}
	clock := newFakeClock()
	if o.clockNow {
		clock = fakeclock.New(time.Now())
	}
	o.sandbox.Clock = clock.Now
	sb, err := sandbox.Start(o.sandbox)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	p := sb.Plan()
	if o.plan != nil {
		o.plan(&p)
	}
	s := steps.NewSession(p, sb.Backends(), nil)
	s.Clock = steps.Clock{Now: clock.Now, Sleep: clock.Sleep}
	w := &world{sb: sb, s: s, dir: t.TempDir(), work: t.TempDir(), clock: clock}
	if o.environ == nil {
		o.environ = []string{"TERM=xterm-256color"}
	}
	opts := Options{Sandbox: true, StateDir: w.dir, WorkDir: w.work, Environ: o.environ}.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := newModel(ctx, s, opts, theme.New(true, true), findResumable(w.dir, true))
	m.now = steadyClock() // past the type-ahead guard on every key
	w.driver = newDriver(t, m, o.width, o.height)
	return w
}

// steadyClock moves a second on every reading.
func steadyClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// mutatingCalls lists the changes the emulators were asked to make.
func (w *world) mutatingCalls() []string {
	var out []string
	for _, c := range w.sb.AWS.Calls() {
		if c.Mutating {
			out = append(out, c.Service+":"+c.Action)
		}
	}
	for _, c := range w.sb.Palette.Calls() {
		if c.Mutating {
			out = append(out, "palette:"+c.Method+" "+c.Path)
		}
	}
	return out
}

// flat joins the words of s with single spaces, so that text wrapped over
// lines matches.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// contains fails unless every want is in screen, whatever the wrapping.
// Use it on one column (the form, the tasks) or on text that fits a line:
// the screen interleaves columns.
func contains(t *testing.T, screen string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(flat(screen), flat(w)) {
			t.Errorf("screen lacks %q:\n%s", w, screen)
		}
	}
}
