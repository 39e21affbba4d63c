package ui

import (
	"bytes"
	"io"
	"sync/atomic"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// watchFirstFrame returns out with every write passed through, which calls
// done once, after the write that carries the first frame: the renderer's
// first flush, which switches to the alternate screen before it draws. When
// out is a terminal the result is one too (term.File), so Bubble Tea still
// sets it up as one.
func watchFirstFrame(out io.Writer, done func()) io.Writer {
	if done == nil {
		return out
	}
	w := &frameWatch{Writer: out, done: done}
	if f, ok := out.(term.File); ok {
		return &frameWatchFile{File: f, frameWatch: w}
	}
	return w
}

// frameWatch is watchFirstFrame's writer.
type frameWatch struct {
	io.Writer
	done  func()
	drawn atomic.Bool
}

// altScreen starts the first frame (cursed_renderer.go's flush).
var altScreen = []byte(ansi.SetModeAltScreenSaveCursor)

func (w *frameWatch) Write(p []byte) (int, error) {
	n, err := w.Writer.Write(p)
	if !w.drawn.Load() && bytes.Contains(p, altScreen) && w.drawn.CompareAndSwap(false, true) {
		w.done()
	}
	return n, err
}

// frameWatchFile is a frameWatch over a terminal.
type frameWatchFile struct {
	term.File
	*frameWatch
}

func (w *frameWatchFile) Write(p []byte) (int, error) { return w.frameWatch.Write(p) }
