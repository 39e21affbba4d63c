package ui

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/confirm"
	"github.com/bslwiz/bslwiz/ui/components/diffview"
	"github.com/bslwiz/bslwiz/ui/components/footer"
	"github.com/bslwiz/bslwiz/ui/components/form"
	"github.com/bslwiz/bslwiz/ui/components/header"
	"github.com/bslwiz/bslwiz/ui/components/sizenotice"
	"github.com/bslwiz/bslwiz/ui/components/steplist"
	"github.com/bslwiz/bslwiz/ui/components/task"
	"github.com/bslwiz/bslwiz/ui/components/validation"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// phase is where the current step stands; the root model is a state
// machine over (step, phase), glow's pattern.
type phase int

const (
	phaseResume     phase = iota // unfinished journals found: resume or start new
	phaseForm                    // the step's form and its live checks
	phasePreviewing              // the step's Preview runs as a task
	phasePreview                 // what the step found; confirm for a change
	phaseApplying                // the step's Apply runs as a task
	phaseFailed                  // a preview or apply failed: r retries
	phaseDeclined                // a change was not confirmed: nothing changed
	phaseDone                    // every step done
)

// String names the phase, for tests and debugging.
func (p phase) String() string {
	return [...]string{"resume", "form", "previewing", "preview", "applying", "failed", "declined", "done"}[p]
}

// Model is the root model of the wizard.
type Model struct {
	authMap authMapState // the done screen's authorization map (authmap.go)

	ctx  context.Context // ends when the program ends
	s    *steps.Session
	opts Options
	th   *theme.Theme
	km   keys.KeyMap
	fk   frameKeys

	backends steps.Backends // the session's, for the throwaway sessions of step 1's checks
	askKey   bool           // the session has no Palette API key: step 1 asks for one
	apiKey   string         // the key typed on step 1, until the session has it
	keyTyped string         // the key typed on step 1 this run, kept (in memory only) for its form when going back
	borrowed borrowedFields // fields of later steps a step reads and refused, shown on its form
	warnings *warnSink
	eng      *steps.Engine // the run: its steps, where it stands, its journal
	work     *tracker      // previews and applies in flight

	width, height int
	cur           steps.Step // the step on screen (the engine moves on when its apply ends)
	entryPlan     steps.Plan // the plan as the step on screen found it, before its form was typed into
	quietStep     bool       // cur is being re-run quietly (a resume)
	phase         phase

	summarized   bool                       // cur skipped its form: its inputs were all given
	editing      map[steps.StepID]bool      // steps whose form the user opened (e)
	typed        map[string]bool            // fields the user changed on a form this run
	clusterFill  string                     // the Account A step 9's cluster picker filled in (cluster_picker.go)
	found        map[steps.StepID]foundStep // what each previewed step found
	passed       []steps.StepID             // steps that went by without a key since the last one
	lastArtifact *steps.Artifact            // the last value a step handed over (the role ARN)

	listFocus  bool         // keys go to the step list
	listCursor int          // the highlighted row of the step list
	detail     steps.StepID // the done step whose findings are on screen, "" for none

	header  *header.Model
	list    *steplist.Model
	form    *form.Model // nil for a step without fields
	panel   *validation.Model
	tasks   *task.Model
	confirm *confirm.Model
	diff    *diffview.Model
	body    viewport.Model // a read-only step's findings
	foot    *footer.Model
	small   *sizenotice.Model

	pv           *steps.Preview
	showDiff     bool
	compact      bool      // the last layout showed the calls compactly under the diff
	factsOpen    bool      // i: the folded facts show in the diff's place
	factsOff     int       // the open facts' scroll offset
	doneOff      int       // the done screen's scroll offset
	detailOff    int       // a done step's detail view's scroll offset
	confirmShown time.Time // when the confirmation appeared (type-ahead guard)
	now          func() time.Time
	failedOp     string // "preview" or "apply"
	taskSeq      int
	taskCancel   context.CancelFunc
	progress     string // the last progress message of an apply
	lastReason   string // why the last attempt of a retried call failed

	gen         uint64 // validation generation
	checkCancel context.CancelFunc

	resumables   []resumable
	resumeCursor int
	resumeErr    string

	sizes map[string][2]int // the last size given to components that re-render on SetSize

	notice      string // the footer's status line: copy result, form hint
	done        bool
	interrupted bool

	mfaAsks chan *mfaAsk // the session's MFA prompt hands its requests here
	mfa     *mfaPrompt   // the MFA code prompt on screen, or nil
}

// frameKeys are the bindings of the wizard's own screens, with the help
// text each screen shows in the footer.
type frameKeys struct {
	Continue, Back, BackStep, CancelPreview, Resume, StartNew, Choose, Scroll, Leave, HelpTyping key.Binding
}

func newFrameKeys(km keys.KeyMap, upDown string) frameKeys {
	return frameKeys{
		Continue:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "continue")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the form")),
		BackStep:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back a step")),
		CancelPreview: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop")),
		Resume:        key.NewBinding(key.WithKeys("r", "enter"), key.WithHelp("r/enter", "resume")),
		StartNew:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "start new")),
		Choose:        key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp(km.Up.Help().Key+"/"+km.Down.Help().Key, "choose")),
		Scroll:        keys.Scroll(km, upDown),
		Leave:         key.NewBinding(key.WithKeys("q", "enter", "esc"), key.WithHelp("q", "leave")),
		HelpTyping:    key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "more keys")),
	}
}

// newModel builds the wizard on a session. ctx bounds every call the
// wizard makes.
func newModel(ctx context.Context, s *steps.Session, o Options, th *theme.Theme, found []resumable) *Model {
	km := keys.Default()
	if th.ASCII {
		km = km.ASCII()
	}
	m := &Model{
		ctx: ctx, s: s, opts: o, th: th, km: km, fk: newFrameKeys(km, th.Glyphs.UpDown),
		backends: s.Backends, warnings: &warnSink{},
		eng:   steps.NewEngine(s, steps.EngineOptions{StateDir: o.StateDir, Sandbox: o.Sandbox}),
		work:  &tracker{},
		width: 80, height: 24, resumables: resumablesFor(found, s), now: time.Now,
		editing: map[steps.StepID]bool{}, typed: map[string]bool{},
	}
	if s.Sources == nil {
		s.Sources = map[string]string{}
	}
	m.backends.Palette.Warn = m.warnings
	m.s.Backends.Palette.Warn = m.warnings
	m.askKey = s.NeedsAPIKey()
	m.cur, _ = m.eng.Current()
	m.buildComponents()
	m.serveMFA()
	return m
}

// buildComponents makes every themed component from m.th.
func (m *Model) buildComponents() {
	m.header = header.New(m.th)
	m.list = steplist.New(m.th)
	m.panel = validation.New(m.th)
	m.tasks = task.New(m.th, m.km)
	m.confirm = confirm.New(m.th, m.km)
	m.diff = diffview.New(m.th, m.km)
	m.foot = footer.New(m.th, m.km)
	m.small = sizenotice.New(m.th)
	m.body = viewport.New()
	m.body.KeyMap = viewport.KeyMap{Up: m.km.Up, Down: m.km.Down, PageUp: m.km.PageUp, PageDown: m.km.PageDown}
	m.body.MouseWheelEnabled = false
	m.body.SoftWrap = true
	m.sizes = nil
}

// Init starts the first step (or waits for the resume answer) and asks the
// terminal for its background colour. Nothing here waits on the network:
// the first frame draws at once.
func (m *Model) Init() tea.Cmd {
	m.refreshHeader()
	cmds := []tea.Cmd{tea.RequestBackgroundColor, listenMFA(m.mfaAsks, m.ctx.Done())}
	if len(m.resumables) > 0 {
		m.phase = phaseResume
		m.refreshList()
		m.layout()
	} else {
		cmds = append(cmds, m.enterStep())
	}
	m.layout()
	return tea.Batch(cmds...)
}

// step is the step on screen.
func (m *Model) step() steps.Step { return m.cur }

// quiet reports whether the step on screen is being re-run during a resume:
// it previews and applies without waiting for the user when nothing
// changes.
func (m *Model) quiet() bool { return m.quietStep }

// Update routes a message to the phase and the components it concerns,
// then lays the screen out again for what changed.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	// While a task's spinner turns, the checks' spinner holds still: one
	// animation on the wire, not three out of phase.
	if c := m.panel.SetPaused(m.tasks.Running()); c != nil {
		cmd = tea.Batch(cmd, c)
	}
	m.layout()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.updateMFA(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		return m.setDark(msg.IsDark())
	case tea.KeyPressMsg:
		if key.Matches(msg, m.km.Quit) {
			return m.quit()
		}
		return m.handleKey(msg)
	case tea.PasteMsg:
		if m.phase == phaseForm && m.form != nil {
			return m.form.Update(msg)
		}
		return nil
	case spinner.TickMsg:
		return tea.Batch(m.panel.Update(msg), m.tasks.Update(msg))
	case form.ChangedMsg:
		if m.phase != phaseForm {
			return nil
		}
		m.clusterChanged(msg)
		m.notice = ""
		m.gen++
		return validation.Debounce(m.gen, debounceDelay)
	case validation.DebounceMsg:
		if msg.Generation != m.gen || m.phase != phaseForm {
			return nil // the user kept typing, or moved on
		}
		return m.startChecks()
	case validation.ResultMsg:
		cmd := m.panel.Update(msg)
		m.refreshHeader()
		return cmd
	case form.SubmittedMsg:
		if m.phase != phaseForm {
			return nil
		}
		return m.submit(msg)
	case previewDoneMsg:
		return m.previewDone(msg)
	case applyProgressMsg:
		return m.applyProgress(msg)
	case applyDoneMsg:
		return m.applyDone(msg)
	case authsMsg:
		m.authMap.checks, m.authMap.auths = msg.checks, msg.auths
		return nil
	case clustersMsg:
		return m.clustersLoaded(msg)
	case confirm.ConfirmedMsg:
		if m.phase != phasePreview || msg.ID != m.confirmID() {
			return nil
		}
		return m.accept()
	case confirm.CancelledMsg:
		if m.phase != phasePreview || msg.ID != m.confirmID() {
			return nil
		}
		return m.backOut("Not confirmed: nothing was changed.")
	case task.RetryMsg:
		if m.phase != phaseFailed {
			return nil
		}
		return m.retry()
	case copiedMsg:
		return m.copied(msg)
	case wroteMsg:
		m.wrote(msg)
		return nil
	}
	// Messages private to a component (a file read by the form, a tick of a
	// task's countdown) go to the components that may own them.
	var cmds []tea.Cmd
	if m.form != nil && m.phase == phaseForm {
		cmds = append(cmds, m.form.Update(msg))
	}
	cmds = append(cmds, m.tasks.Update(msg))
	return tea.Batch(cmds...)
}

// confirmID identifies the confirmation of the current preview.
func (m *Model) confirmID() string { return fmt.Sprintf("step-%s-%d", m.step().ID, m.taskSeq) }

// quit ends the program. Before the last step it is an interruption: the
// work in flight is cancelled and Run saves the journal.
func (m *Model) quit() tea.Cmd {
	m.interrupted = !m.done
	m.stopChecks()
	if m.taskCancel != nil {
		m.taskCancel()
	}
	return tea.Quit
}

// setDark rebuilds the themed components for the terminal's background,
// keeping what they show.
func (m *Model) setDark(dark bool) tea.Cmd {
	if dark == m.th.IsDark {
		return nil
	}
	th := theme.FromCapabilities(dark, theme.Capabilities{NoColor: m.th.NoColor, ASCII: m.th.ASCII})
	old := *m
	m.th = th
	m.buildComponents()
	m.header.SetInfo(old.header.Info())
	m.list.SetItems(old.list.Items())
	cmd := m.panel.Reset(old.panel.Generation(), old.panel.Items())
	if old.tasks.Running() || m.phase == phaseFailed {
		m.tasks = old.tasks // keep a running task's state; its colours follow at the next step
	}
	m.foot.SetStatus(m.notice)
	if m.phase == phasePreview && m.pv != nil {
		m.confirm.Set(old.confirm.Request())
		if m.showDiff {
			m.diff.SetDiff(diffTitles(m.pv))
		}
		m.body.SetContentLines(m.previewLines(m.pv))
	}
	if old.form != nil {
		focused := ""
		if f := old.form.Focused(); f != nil {
			focused = f.Key()
		}
		m.form = m.buildForm(m.step(), old.form.Values())
		if focused != "" {
			_, c := m.form.FocusKey(focused)
			cmd = tea.Batch(cmd, c)
		}
	}
	m.layout()
	return cmd
}
