package ui

import (
	"strings"
	"sync"
	"time"
)

// tracker counts work in flight (previews and applies, which may write the
// journal) so that the final journal save can wait for it to drain. add is
// called on the UI loop when the work's command is made, done when the work
// ends.
type tracker struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n drops to 0; nil while n == 0
}

func (t *tracker) add() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == 0 {
		t.zero = make(chan struct{})
	}
	t.n++
}

func (t *tracker) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.n == 0 {
		close(t.zero)
		t.zero = nil
	}
}

// wait blocks until no work is in flight, or timeout; it reports whether
// the work drained.
func (t *tracker) wait(timeout time.Duration) bool {
	t.mu.Lock()
	ch := t.zero
	t.mu.Unlock()
	if ch == nil {
		return true
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-ch:
		return true
	case <-timer.C:
		return false
	}
}

// warnSink collects the warnings the Palette client writes (plain http,
// TLS verification off) so they show on screen once, rather than being
// written to stderr under the full-screen program.
type warnSink struct {
	mu    sync.Mutex
	lines []string
}

func (w *warnSink) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range strings.Split(strings.TrimSpace(string(p)), "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "WARNING:"))
		if l == "" {
			continue
		}
		seen := false
		for _, have := range w.lines {
			seen = seen || have == l
		}
		if !seen {
			w.lines = append(w.lines, l)
		}
	}
	return len(p), nil
}

// Lines returns the distinct warnings so far.
func (w *warnSink) Lines() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.lines...)
}
