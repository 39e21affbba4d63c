package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/bslwiz/bslwiz/e2e/ptyterm"
	"github.com/bslwiz/bslwiz/e2e/wizard"
)

// frameResult is benchmark 1 for one kind of terminal: when the first full
// frame (see firstFrame) had arrived, and how many bytes it took.
type frameResult struct {
	At          []time.Duration // per run, since the process started
	FrameBytes  int             // bytes up to and including the first full frame (last run)
	SettleBytes int             // bytes until 300 ms of silence: the frame plus the first checks' results
}

func (r frameResult) Median() time.Duration { return median(r.At) }

// benchFirstFrame starts the wizard runs times on a terminal of the given
// kind and times the first full frame.
func benchFirstFrame(w *wizardBinary, opts ptyterm.Options, runs int) (frameResult, error) {
	var res frameResult
	for range runs {
		t, err := w.start(opts)
		if err != nil {
			return res, err
		}
		at, err := t.WaitScreen(10*time.Second, firstFrame)
		if err != nil {
			quit(t)
			return res, fmt.Errorf("first frame: %w", err)
		}
		res.At = append(res.At, at)
		res.FrameBytes = bytesUntil(t.Chunks(), at)
		res.SettleBytes, _ = t.WaitQuiet(300*time.Millisecond, 5*time.Second)
		quit(t)
	}
	return res, nil
}

// benchVersion times `bslwiz --version` on the same kind of pty, to the
// end of the process: the cost of starting the binary, the baseline of the
// first-frame ratio.
func benchVersion(w *wizardBinary, runs int) (time.Duration, error) {
	var at []time.Duration
	for range runs {
		r, err := w.newRun("xterm-256color")
		if err != nil {
			return 0, err
		}
		t, err := ptyterm.Start(ptyterm.Options{Cols: benchCols, Rows: benchRows, Env: r.Env}, w.path, "--version")
		if err != nil {
			return 0, err
		}
		if err := t.Wait(5 * time.Second); err != nil {
			t.Close()
			return 0, fmt.Errorf("bslwiz --version: %w", err)
		}
		at = append(at, t.Since())
		t.Close()
	}
	return median(at), nil
}

// bytesUntil counts the bytes read up to and including the read at at.
func bytesUntil(chunks []ptyterm.Chunk, at time.Duration) int {
	n := 0
	for _, c := range chunks {
		if c.At > at {
			break
		}
		n += c.N
	}
	return n
}

// typingResult is benchmark 2 for typing into a form field.
type typingResult struct {
	Field    string
	Text     string
	PerKey   []int // bytes written in answer to each key
	Tab      int   // bytes for moving to the next field
	Checks   int   // bytes of the live checks' redraw once typing stops (debounced)
	IdleRate float64
}

// typingText is what is typed: 30 characters, as in the charm-stack
// measurements, that keep the location name valid (no dots).
const typingText = "-bastion-prod-eu-west-1-corpio"

// benchTyping walks to step 3 (the location name field is focused first,
// holding the sandbox's "sandbox-backups") and types typingText one key
// at a time, each after the previous key's echo went quiet for 120 ms
// (about 7 keys a second, under the 300 ms debounce of the live checks).
func benchTyping(w *wizardBinary, opts ptyterm.Options) (typingResult, error) {
	res := typingResult{Field: "step 3, Location name", Text: typingText}
	t, err := w.start(opts)
	if err != nil {
		return res, err
	}
	defer quit(t)
	if _, err := t.WaitScreen(10*time.Second, firstFrame); err != nil {
		return res, err
	}
	// The sandbox gives step 3's inputs, so it shows them as a summary: e
	// opens its form.
	if _, err := wizard.Walk(ptyDriver{t}, wizard.At(3, wizard.Continue), walkOpts); err != nil {
		return res, err
	}
	if err := t.Send("e"); err != nil {
		return res, err
	}
	if _, err := t.WaitContains(5*time.Second, "› Location name"); err != nil {
		return res, fmt.Errorf("the location name field is not focused on step 3: %w", err)
	}
	if _, err := t.WaitQuiet(500*time.Millisecond, 5*time.Second); err != nil {
		return res, err
	}
	for _, r := range typingText {
		n, err := answer(t, string(r), 120*time.Millisecond)
		if err != nil {
			return res, err
		}
		res.PerKey = append(res.PerKey, n)
	}
	// The field scrolls sideways once the name is longer than it: look
	// for the end of what was typed.
	if _, err := t.WaitContains(2*time.Second, typingText[len(typingText)-20:]); err != nil {
		return res, fmt.Errorf("the typed text is not on screen: %w", err)
	}
	// The live checks run 300 ms after the last key and redraw the panel.
	mark := t.Len()
	n, err := t.WaitQuiet(time.Second, 10*time.Second)
	if err != nil {
		return res, err
	}
	res.Checks = n - mark
	// The stream while nothing happens (a blinking cursor, if any).
	mark = t.Len()
	time.Sleep(2 * time.Second)
	res.IdleRate = float64(t.Len()-mark) / 2
	if res.Tab, err = answer(t, "\t", 120*time.Millisecond); err != nil {
		return res, err
	}
	return res, nil
}

// answer types key and counts the bytes written in answer, until quiet
// of silence after the first of them.
func answer(t *ptyterm.Terminal, key string, quiet time.Duration) (int, error) {
	mark := t.Len()
	if err := t.Send(key); err != nil {
		return 0, err
	}
	deadline := time.Now().Add(2 * time.Second)
	for t.Len() == mark {
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("no output in answer to %q", key)
		}
		time.Sleep(time.Millisecond)
	}
	n, err := t.WaitQuiet(quiet, 5*time.Second)
	return n - mark, err
}

// spinnerResult is benchmark 2 for spinners: a running task's, and any
// other on screen meanwhile (the live checks' panel has its own).
type spinnerResult struct {
	Window   time.Duration
	Ticks    []int // bytes of each burst (reads closer than 30 ms apart)
	Glyphs   int   // spinner glyphs drawn in all the bursts
	OnScreen int   // spinners on screen at the end of the window
}

func (r spinnerResult) Total() int {
	total := 0
	for _, n := range r.Ticks {
		total += n
	}
	return total
}

// Rate is the stream while the spinners turn, in bytes per second.
func (r spinnerResult) Rate() float64 { return float64(r.Total()) / r.Window.Seconds() }

// PerSpinner is the bytes of one spinner's tick: every burst's bytes over
// the spinner glyphs they drew.
func (r spinnerResult) PerSpinner() float64 { return float64(r.Total()) / float64(max(r.Glyphs, 1)) }

// isSpinnerGlyph reports whether r is a frame of the wizard's spinners
// (Braille dots, as bubbles' spinner.MiniDot and spinner.Dot draw).
func isSpinnerGlyph(r rune) bool { return r > 0x2800 && r <= 0x28ff }

func countSpinnerGlyphs(s string) int {
	n := 0
	for _, r := range s {
		if isSpinnerGlyph(r) {
			n++
		}
	}
	return n
}

// benchSpinner submits step 1 with latency injected into every emulated
// call, so that the preview ("Connecting to Palette") runs as a task with
// its spinner for seconds, and splits the stream over window into ticks.
func benchSpinner(w *wizardBinary, opts ptyterm.Options, window time.Duration) (spinnerResult, error) {
	res := spinnerResult{Window: window}
	latency := 2*window + time.Second
	t, err := w.start(opts, "BSLWIZ_SANDBOX_LATENCY="+latency.String())
	if err != nil {
		return res, err
	}
	defer quit(t)
	if _, err := t.WaitScreen(10*time.Second, firstFrame); err != nil {
		return res, err
	}
	busy := func(s wizard.State) bool { return s.Step == 1 && s.Phase == wizard.Busy }
	if _, err := wizard.Walk(ptyDriver{t}, busy, walkOpts); err != nil {
		return res, err
	}
	if _, err := t.WaitContains(2*time.Second, "Connecting to Palette"); err != nil {
		return res, fmt.Errorf("no task on screen: %w", err)
	}
	time.Sleep(300 * time.Millisecond) // the task's first frame
	from := t.Since()
	time.Sleep(window)
	to := from + window
	screen := t.Screen()
	if st := wizard.Parse(screen); !busy(st) {
		return res, fmt.Errorf("the task ended within the window (%v); raise the latency", st)
	}
	res.OnScreen = countSpinnerGlyphs(screen)
	raw := t.Raw()
	var burst []byte
	var last time.Duration
	flush := func() {
		if len(burst) > 0 {
			res.Ticks = append(res.Ticks, len(burst))
			res.Glyphs += countSpinnerGlyphs(string(burst))
			burst = burst[:0]
		}
	}
	off := 0
	for _, c := range t.Chunks() {
		b := raw[off : off+c.N]
		off += c.N
		if c.At < from || c.At >= to {
			continue
		}
		if len(burst) > 0 && c.At-last > 30*time.Millisecond {
			flush()
		}
		burst = append(burst, b...)
		last = c.At
	}
	flush()
	if len(res.Ticks) == 0 || res.Glyphs == 0 {
		return res, fmt.Errorf("no spinner ticks in %v", window)
	}
	return res, nil
}

func median[T int | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
