package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// InterruptedError is returned when the wizard stops before the last step:
// ctrl+c, a hang-up, or a termination signal. It wraps context.Canceled, so
// bslwiz exits with status 130; the journal has been saved.
type InterruptedError struct {
	Reason  string // "interrupted", "hung up", "terminated"
	Journal string // where the journal is, "" before the location has a name
}

func (e *InterruptedError) Error() string {
	if e.Journal == "" {
		return e.Reason + " before the location had a name: nothing was changed and there is no journal yet"
	}
	return e.Reason + "; the journal is saved in " + e.Journal + ": run bslwiz again to resume"
}

// Unwrap makes errors.Is(err, context.Canceled) true.
func (e *InterruptedError) Unwrap() error { return context.Canceled }

// finalWait bounds how long Run waits, after the program ends, for a
// cancelled call to return before it saves the journal.
const finalWait = 5 * time.Second

// Run walks the plan's steps with the user on session s: the full-screen
// wizard, or line prompts when o.Accessible or TERM=dumb. It returns nil
// when the location is created, an *InterruptedError (wrapping
// context.Canceled) when the user stops early, and the error otherwise.
func Run(ctx context.Context, s *steps.Session, o Options) error {
	o = o.withDefaults()
	if o.StateDir == "" {
		dir, err := steps.StateDir()
		if err != nil {
			return err
		}
		o.StateDir = dir
	}
	if o.accessible() {
		return runAccessible(ctx, s, o)
	}
	return runTUI(ctx, s, o, nil)
}

// runTUI runs the full-screen program; extra adds program options (tests).
func runTUI(ctx context.Context, s *steps.Session, o Options, extra []tea.ProgramOption) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	th := theme.FromCapabilities(true, theme.Detect(o.Environ))
	m := newModel(ctx, s, o, th, findResumable(o.StateDir, o.Sandbox))

	// A dropped SSH session sends SIGHUP, which Bubble Tea does not handle:
	// save the journal at once (the terminal may be gone before the program
	// notices), then end the program through its context.
	var hungUp atomic.Bool
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		select {
		case <-hup:
			hungUp.Store(true)
			_ = m.eng.SaveJournal()
			cancel()
		case <-ctx.Done():
		}
	}()

	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(watchFirstFrame(o.Out, o.FirstFrame)), tea.WithEnvironment(o.Environ), tea.WithFPS(120)}
	if o.In != os.Stdin {
		opts = append(opts, tea.WithInput(o.In))
	}
	p := tea.NewProgram(m, append(opts, extra...)...)
	final, runErr := p.Run()
	stopped := ctx.Err() != nil // cancelled from outside (or by a hang-up), not by the program
	cancel()
	m.work.wait(finalWait)
	saveErr := m.eng.CloseJournal()

	fm, _ := final.(*Model)
	if fm == nil {
		fm = m
	}
	if fm.done && runErr == nil {
		fmt.Fprint(o.Out, fm.summaryText())
		return saveErr
	}
	journal := m.eng.JournalPath()
	switch {
	case hungUp.Load():
		return &InterruptedError{Reason: "hung up", Journal: journal}
	case fm.interrupted, errors.Is(runErr, tea.ErrInterrupted):
		return &InterruptedError{Reason: "interrupted", Journal: journal}
	case runErr != nil && errors.Is(runErr, tea.ErrProgramPanic):
		return fmt.Errorf("wizard: %w (the journal is saved; run bslwiz again to resume)", runErr)
	case stopped:
		return &InterruptedError{Reason: "stopped", Journal: journal}
	case runErr != nil:
		return fmt.Errorf("wizard: %w", runErr)
	case saveErr != nil:
		return saveErr
	}
	// The program ended without ctrl+c and before the last step: SIGTERM.
	return &InterruptedError{Reason: "terminated", Journal: journal}
}
