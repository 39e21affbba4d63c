// Package ptyterm runs a program on a pseudo-terminal the way a user's
// terminal would: at a fixed size, recording every byte the program writes
// with the time it arrived, keeping a screen (github.com/charmbracelet/x/vt)
// of what a terminal would show, and, if asked, answering the program's
// queries like xterm does. The benchmarks (bench/) and the end-to-end tests
// (e2e/) drive the bslwiz binary through it.
package ptyterm

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// Options describe the terminal a program runs on.
type Options struct {
	Cols, Rows int
	// Env is the program's whole environment (os/exec form); TERM belongs
	// in it.
	Env []string
	// Dir is the program's working directory; empty is the caller's.
	Dir string
	// Answer makes the terminal reply to queries as xterm does (OSC 11,
	// CPR, DECRQM, DA1). Without it the terminal never answers, like a
	// pty relay (ssh -tt, CI runners) that swallows queries.
	Answer bool
	// SyncOutput, with Answer, also acknowledges synchronized output
	// (DECRQM 2026) as kitty, WezTerm, foot and iTerm2 do; xterm does not.
	SyncOutput bool
	// ReplyDelay holds every answer back, like the round trip of a slow
	// link.
	ReplyDelay time.Duration
}

// Chunk is one read from the pty: how many bytes, and when they arrived
// (since the program started).
type Chunk struct {
	At time.Duration
	N  int
}

// Terminal is a program running on a pty.
type Terminal struct {
	cmd   *exec.Cmd
	pty   *os.File
	start time.Time
	opts  Options

	mu      sync.Mutex
	raw     []byte
	chunks  []Chunk
	emu     *vt.Emulator
	queries queryScanner
	replied []string // the replies sent, in order
	watches []*watch

	readDone chan struct{}
	waitDone chan struct{}
	waitErr  error
}

// Start runs name with args on a new pty of the given size.
func Start(opts Options, name string, args ...string) (*Terminal, error) {
	if opts.Cols == 0 || opts.Rows == 0 {
		opts.Cols, opts.Rows = 120, 40
	}
	cmd := exec.Command(name, args...)
	cmd.Env = opts.Env
	cmd.Dir = opts.Dir
	t := &Terminal{cmd: cmd, opts: opts, emu: vt.NewEmulator(opts.Cols, opts.Rows), queries: queryScanner{syncOutput: opts.SyncOutput},
		readDone: make(chan struct{}), waitDone: make(chan struct{})}
	// The emulator writes its own replies into a pipe and blocks until they
	// are read; this terminal answers by itself (or not at all), so they are
	// thrown away.
	go func() { _, _ = io.Copy(io.Discard, t.emu) }()
	t.start = time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(opts.Cols), Rows: uint16(opts.Rows)})
	if err != nil {
		if c, ok := t.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
		return nil, fmt.Errorf("start %s on a pty: %w", name, err)
	}
	t.pty = f
	go t.read()
	go func() {
		t.waitErr = cmd.Wait()
		close(t.waitDone)
	}()
	return t, nil
}

// read records what the program writes, feeds the screen and answers
// queries, until the pty closes.
func (t *Terminal) read() {
	defer close(t.readDone)
	buf := make([]byte, 32*1024)
	for {
		n, err := t.pty.Read(buf)
		if n > 0 {
			at := time.Since(t.start)
			p := buf[:n]
			t.mu.Lock()
			t.raw = append(t.raw, p...)
			t.chunks = append(t.chunks, Chunk{At: at, N: n})
			_, _ = t.emu.Write(p)
			t.fireWatches(at)
			var replies []string
			if t.opts.Answer {
				pos := t.emu.CursorPosition()
				replies = t.queries.scan(p, pos.Y+1, pos.X+1)
				t.replied = append(t.replied, replies...)
			}
			t.mu.Unlock()
			if len(replies) > 0 {
				t.reply(strings.Join(replies, ""))
			}
		}
		if err != nil {
			return
		}
	}
}

// reply sends answers to the program, after the reply delay.
func (t *Terminal) reply(s string) {
	if t.opts.ReplyDelay <= 0 {
		_, _ = t.pty.WriteString(s)
		return
	}
	time.AfterFunc(t.opts.ReplyDelay, func() { _, _ = t.pty.WriteString(s) })
}

// Pid is the program's process id.
func (t *Terminal) Pid() int { return t.cmd.Process.Pid }

// Send types s, as the terminal would send it (raw bytes: "\r" is enter,
// "\x1b" escape).
func (t *Terminal) Send(s string) error {
	if _, err := t.pty.WriteString(s); err != nil {
		return fmt.Errorf("type %q: %w", s, err)
	}
	return nil
}

// Screen is what the terminal shows now, one line per row, trailing spaces
// trimmed.
func (t *Terminal) Screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// AltScreen reports whether the program switched to the alternate screen.
func (t *Terminal) AltScreen() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.IsAltScreen()
}

// Len is the number of bytes the program has written so far.
func (t *Terminal) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.raw)
}

// Raw is a copy of every byte the program has written.
func (t *Terminal) Raw() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]byte(nil), t.raw...)
}

// Chunks is a copy of every read so far.
func (t *Terminal) Chunks() []Chunk {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Chunk(nil), t.chunks...)
}

// Replies are the answers the terminal sent to the program's queries.
func (t *Terminal) Replies() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.replied...)
}

// Since is the time elapsed since the program started.
func (t *Terminal) Since() time.Duration { return time.Since(t.start) }

// ErrTimeout is returned by the waits when their time is up.
var ErrTimeout = errors.New("timed out")

// watch is a condition on the screen checked after every read.
type watch struct {
	cond func(string) bool
	hit  chan time.Duration
}

// fireWatches checks the pending conditions; t.mu is held.
func (t *Terminal) fireWatches(at time.Duration) {
	if len(t.watches) == 0 {
		return
	}
	screen := t.emu.String()
	kept := t.watches[:0]
	for _, w := range t.watches {
		if w.cond(screen) {
			w.hit <- at
			continue
		}
		kept = append(kept, w)
	}
	t.watches = kept
}

// WaitScreen waits until cond holds for the screen and returns when that
// happened (since the program started): the arrival of the read that made
// it true.
func (t *Terminal) WaitScreen(timeout time.Duration, cond func(screen string) bool) (time.Duration, error) {
	w := &watch{cond: cond, hit: make(chan time.Duration, 1)}
	t.mu.Lock()
	if cond(t.emu.String()) {
		at := time.Duration(0)
		if n := len(t.chunks); n > 0 {
			at = t.chunks[n-1].At
		}
		t.mu.Unlock()
		return at, nil
	}
	t.watches = append(t.watches, w)
	t.mu.Unlock()
	defer t.unwatch(w)

	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	select {
	case at := <-w.hit:
		return at, nil
	case <-t.readDone:
		select {
		case at := <-w.hit:
			return at, nil
		default:
		}
		err := t.Wait(time.Second)
		return 0, fmt.Errorf("the program ended (%v) before the screen showed what was awaited; it shows:\n%s", err, t.Screen())
	case <-deadline.C:
		return 0, fmt.Errorf("%w after %v waiting for the screen; it shows:\n%s", ErrTimeout, timeout, t.Screen())
	}
}

func (t *Terminal) unwatch(w *watch) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, x := range t.watches {
		if x == w {
			t.watches = append(t.watches[:i], t.watches[i+1:]...)
			return
		}
	}
}

// WaitContains waits until the screen shows every one of texts.
func (t *Terminal) WaitContains(timeout time.Duration, texts ...string) (time.Duration, error) {
	return t.WaitScreen(timeout, func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// WaitQuiet waits until the program has written nothing for quiet, and
// returns the byte count then.
func (t *Terminal) WaitQuiet(quiet, timeout time.Duration) (int, error) {
	deadline := time.Now().Add(timeout)
	for {
		t.mu.Lock()
		n := len(t.raw)
		var last time.Duration
		if c := len(t.chunks); c > 0 {
			last = t.chunks[c-1].At
		}
		t.mu.Unlock()
		idle := time.Since(t.start) - last
		if idle >= quiet {
			return n, nil
		}
		if time.Now().After(deadline) {
			return n, fmt.Errorf("%w after %v waiting for %v of quiet", ErrTimeout, timeout, quiet)
		}
		time.Sleep(min(quiet-idle, 10*time.Millisecond) + time.Millisecond)
	}
}

// Wait waits for the program to end.
func (t *Terminal) Wait(timeout time.Duration) error {
	select {
	case <-t.waitDone:
		return t.waitErr
	case <-time.After(timeout):
		return fmt.Errorf("%w after %v waiting for the program to end", ErrTimeout, timeout)
	}
}

// Close kills the program if it still runs, and releases the pty.
func (t *Terminal) Close() {
	select {
	case <-t.waitDone:
	default:
		_ = t.cmd.Process.Kill()
		<-t.waitDone
	}
	_ = t.pty.Close()
	<-t.readDone
	// Ends the goroutine draining the emulator's replies. (Emulator.Close
	// would race with that goroutine's Read in vt v0.1.0.)
	if c, ok := t.emu.InputPipe().(io.Closer); ok {
		_ = c.Close()
	}
}
