// Package wizard reads the bslwiz wizard's screen the way a user does (which
// step it is on, what the key help at the bottom offers) and walks it with
// the keys the key help names. The benchmarks (bench/) and the end-to-end
// tests (e2e/) drive the real binary with it, on a pty or inside tmux.
package wizard

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Phase is what the current screen waits for, read from its key help.
type Phase int

const (
	Busy     Phase = iota // a task runs: nothing to press but esc or ctrl+c
	Form                  // a form field is focused: enter moves on, and submits on the last field
	Continue              // a preview that changes nothing: enter continues
	Confirm               // a preview of a change: y or enter confirms
	CopyARN               // step 10's role ARN: c copies, enter continues
	Failed                // a task failed: r retries
	Resume                // unfinished journals were found: r resumes, n starts new
	Done                  // all 13 steps done: q leaves
)

// String names the phase.
func (p Phase) String() string {
	return [...]string{"busy", "form", "continue", "confirm", "copy-arn", "failed", "resume", "done"}[p]
}

// State is where the wizard stands, as its screen shows.
type State struct {
	Step  int // 1–13; 0 when the screen names no step
	Phase Phase
	Help  string // the key help line
}

func (s State) String() string { return fmt.Sprintf("step %d, %s (%q)", s.Step, s.Phase, s.Help) }

var (
	stepTitle   = regexp.MustCompile(`Step (\d+) of 13`)
	enterAction = regexp.MustCompile(`(^|[ /])enter [a-z]`)
)

// Parse reads the state from a screen (lines of plain text, as tmux
// capture-pane -p or a screen emulator gives them).
func Parse(screen string) State {
	var st State
	if m := stepTitle.FindStringSubmatch(screen); m != nil {
		st.Step, _ = strconv.Atoi(m[1])
	}
	lines := strings.Split(strings.TrimRight(screen, " \n"), "\n")
	st.Help = strings.TrimSpace(lines[len(lines)-1])
	h := st.Help
	switch {
	case strings.Contains(h, "q leave"):
		st.Phase = Done
	case strings.Contains(h, "r retry"):
		st.Phase = Failed
	case strings.Contains(h, "r resume"), strings.Contains(h, "r/enter resume"):
		st.Phase = Resume
	case strings.Contains(h, "enter confirm"):
		// Before "c copy": a change's preview may offer to copy a command.
		st.Phase = Confirm
	case strings.Contains(h, "c copy"):
		st.Phase = CopyARN
	case strings.Contains(h, "enter next"), strings.Contains(h, "enter submit"):
		st.Phase = Form
	case enterAction.MatchString(h):
		// "enter continue", "enter validate", "enter preview again": the
		// wording changes by step, the key does not.
		st.Phase = Continue
	default:
		st.Phase = Busy
	}
	return st
}

// Driver is a terminal with the wizard in it.
type Driver interface {
	// Screen is what the terminal shows now.
	Screen() (string, error)
	// Press sends one key by name: "enter", "esc", or a single character.
	Press(key string) error
}

// Options bound a walk.
type Options struct {
	// Timeout bounds the whole walk.
	Timeout time.Duration
	// Settle is how long to let the screen settle after it changed in
	// answer to a key, before reading it again (a frame may arrive in
	// pieces over a slow link).
	Settle time.Duration
	// Poll is how often the screen is read while waiting.
	Poll time.Duration
	// ConfirmWait is how long a confirmation stays on screen before the
	// walk confirms it: the wizard ignores a confirming key that arrives
	// within 400 ms of the calls appearing (type-ahead over a slow link).
	ConfirmWait time.Duration
}

func (o Options) withDefaults() Options {
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Settle == 0 {
		o.Settle = 100 * time.Millisecond
	}
	if o.Poll == 0 {
		o.Poll = 25 * time.Millisecond
	}
	if o.ConfirmWait == 0 {
		o.ConfirmWait = 600 * time.Millisecond
	}
	return o
}

// ErrStuck is returned when the wizard does not get where a walk goes in
// time.
var ErrStuck = errors.New("the wizard did not get there in time")

// Walk presses enter on every screen that offers it (form fields, previews,
// confirmations: the sandbox's defaults are valid, so enter walks all 13
// steps) until stop holds for the state, and returns that state. It waits
// while a task runs, starts a new run if offered to resume, and fails on a
// failed task or at the last screen.
func Walk(d Driver, stop func(State) bool, opts Options) (State, error) {
	opts = opts.withDefaults()
	deadline := time.Now().Add(opts.Timeout)
	var confirmSeen time.Time // when the current confirmation was first seen
	for {
		screen, err := d.Screen()
		if err != nil {
			return State{}, err
		}
		st := Parse(screen)
		if stop(st) {
			return st, nil
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("%w (%v): at %v; the screen shows:\n%s", ErrStuck, opts.Timeout, st, screen)
		}
		if st.Phase != Confirm {
			confirmSeen = time.Time{}
		}
		key := ""
		switch st.Phase {
		case Busy:
			time.Sleep(opts.Poll)
			continue
		case Failed:
			return st, fmt.Errorf("step %d failed; the screen shows:\n%s", st.Step, screen)
		case Done:
			return st, fmt.Errorf("the walk reached the last screen without stopping; the screen shows:\n%s", screen)
		case Resume:
			key = "n"
		case Confirm:
			if confirmSeen.IsZero() {
				confirmSeen = time.Now()
			}
			if wait := opts.ConfirmWait - time.Since(confirmSeen); wait > 0 {
				time.Sleep(wait)
				continue
			}
			key = "enter"
		default:
			key = "enter"
		}
		if err := d.Press(key); err != nil {
			return st, err
		}
		wait := time.Until(deadline)
		if st.Phase == Confirm {
			// A confirmation refused as type-ahead may leave the screen as
			// it was (its notice already showing): press again.
			wait = min(wait, 2*opts.ConfirmWait)
		}
		if _, err := WaitChange(d, screen, wait, opts.Poll); err != nil {
			if st.Phase == Confirm && errors.Is(err, ErrStuck) {
				continue
			}
			return st, fmt.Errorf("after %s at %v: %w", key, st, err)
		}
		time.Sleep(opts.Settle)
	}
}

// WaitChange waits until the screen differs from before, and returns it.
func WaitChange(d Driver, before string, timeout, poll time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		s, err := d.Screen()
		if err != nil {
			return "", err
		}
		if s != before {
			return s, nil
		}
		if time.Now().After(deadline) {
			return s, fmt.Errorf("%w: the screen did not change in %v; it shows:\n%s", ErrStuck, timeout, s)
		}
		time.Sleep(poll)
	}
}

// WaitFor waits until cond holds for the screen's state, and returns it.
func WaitFor(d Driver, cond func(State) bool, timeout, poll time.Duration) (State, string, error) {
	deadline := time.Now().Add(timeout)
	for {
		s, err := d.Screen()
		if err != nil {
			return State{}, "", err
		}
		st := Parse(s)
		if cond(st) {
			return st, s, nil
		}
		if time.Now().After(deadline) {
			return st, s, fmt.Errorf("%w (%v): at %v; the screen shows:\n%s", ErrStuck, timeout, st, s)
		}
		time.Sleep(poll)
	}
}

// At is a stop condition: the wizard shows step n in phase p.
func At(step int, p Phase) func(State) bool {
	return func(s State) bool { return s.Step == step && s.Phase == p }
}
