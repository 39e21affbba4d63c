package ui

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

func TestWatchFirstFrame(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		calls  int
		after  int // the write after which done was called (1-based), 0 for never
	}{
		{"queries, then the frame", []string{"\x1b[?2026$p\x1b[?2027$p", ansi.SetModeAltScreenSaveCursor + "Step 1 of 13", "x"}, 1, 2},
		{"the frame first", []string{ansi.SetModeAltScreenSaveCursor + "Step 1 of 13", ansi.SetModeAltScreenSaveCursor}, 1, 1},
		{"never a frame", []string{"plain", "text"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			calls, after, writes := 0, 0, 0
			w := watchFirstFrame(&out, func() { calls++; after = writes })
			for _, s := range tt.writes {
				writes++
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if calls != tt.calls || after != tt.after {
				t.Errorf("done called %d times, after write %d; want %d, after %d", calls, after, tt.calls, tt.after)
			}
			if out.String() != strings.Join(tt.writes, "") {
				t.Errorf("out = %q, want every write passed through", out.String())
			}
		})
	}
}

// TestWatchFirstFrameKeepsATerminal: Bubble Tea sets the output up as a
// terminal only when it is a term.File, so the watch over one must be one.
func TestWatchFirstFrameKeepsATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := watchFirstFrame(f, func() {})
	tf, ok := w.(term.File)
	if !ok || tf.Fd() != f.Fd() {
		t.Fatalf("watchFirstFrame(*os.File) = %T, not a term.File over the same descriptor", w)
	}
	if watchFirstFrame(f, nil) != f {
		t.Error("with no done, the writer is not wrapped")
	}
}

// TestTheFirstFrameIsReportedOnce runs the real program: FirstFrame is
// called once, when the output already holds the first step.
func TestTheFirstFrameIsReportedOnce(t *testing.T) {
	var (
		mu    sync.Mutex
		calls int
		seen  string
	)
	p := startProgramWith(t, func(o *Options) {
		out := o.Out.(*syncBuffer)
		o.FirstFrame = func() {
			mu.Lock()
			defer mu.Unlock()
			calls++
			seen = out.String()
		}
	})
	if _, err := p.in.Write([]byte{3}); err != nil { // ctrl+c
		t.Fatal(err)
	}
	_ = p.wait(t)
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Fatalf("FirstFrame called %d times, want 1", calls)
	}
	if !strings.Contains(seen, ansi.SetModeAltScreenSaveCursor) || !strings.Contains(seen, "Step 1 of 13") {
		t.Errorf("FirstFrame was called before the first frame was written: %q", seen)
	}
}
