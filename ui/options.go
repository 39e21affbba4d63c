package ui

import (
	"io"
	"os"
	"strings"
)

// Options is what Run needs besides the session. The zero value runs the
// full-screen wizard on the process's terminal.
type Options struct {
	// Accessible asks for plain line prompts: no alternate screen, no
	// spinners, no colour-only cues. TERM=dumb implies it.
	Accessible bool
	// Sandbox marks a run against the in-process emulators: its journals
	// are kept apart from real ones, and only they are offered for resume.
	Sandbox bool
	// StateDir is where journals live. Empty means steps.StateDir().
	StateDir string

	// In and Out are the terminal; nil means os.Stdin and os.Stdout.
	In  io.Reader
	Out io.Writer
	// Environ is the user's environment in os.Environ form (NO_COLOR, TERM,
	// TMUX, SSH_CONNECTION); nil means os.Environ().
	Environ []string
	// WorkDir is where the role ARN file is written (key w on step 10);
	// empty means the current directory.
	WorkDir string
	// FirstFrame, when set, is called once, as soon as the full-screen
	// wizard's first frame has been written to Out (main ends its hold on
	// the garbage collector there). The line prompts never call it.
	FirstFrame func()
}

func (o Options) withDefaults() Options {
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Out == nil {
		o.Out = os.Stdout
	}
	if o.Environ == nil {
		o.Environ = os.Environ()
	}
	if o.WorkDir == "" {
		if wd, err := os.Getwd(); err == nil {
			o.WorkDir = wd
		}
	}
	return o
}

// getenv reads one variable of the options' environment (later entries win).
func (o Options) getenv(key string) string {
	v := ""
	for _, kv := range o.Environ {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// accessible reports whether the line-prompt mode is wanted.
func (o Options) accessible() bool {
	return o.Accessible || o.getenv("TERM") == "dumb" || o.getenv("ACCESSIBLE") != ""
}
