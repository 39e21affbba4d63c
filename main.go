// Command bslwiz adds an S3 bucket in AWS Account B as a Spectro Cloud Palette
// backup location for clusters in AWS Account A, validated through STS. See
// README.md.
package main

import (
	"context"
	"os"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/bslwiz/bslwiz/cli"
	"github.com/bslwiz/bslwiz/internal/procguard"
	"github.com/bslwiz/bslwiz/internal/startgc"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui"
)

// version, when set at build time with -ldflags "-X main.version=...", is
// what --version prints; empty prints the module version and VCS revision
// of the build info.
var version string

// startHold bounds how long the garbage collector is held at start-up
// (internal/startgc): about ten times the wizard's first frame.
const startHold = 250 * time.Millisecond

// init makes the process non-dumpable before anything reads the API key: a core dump
// would hold it. A kernel that refuses is no reason not to run.
func init() { _ = procguard.NoDump() }

func main() {
	// A command that draws no wizard ends the hold here; the wizard ends
	// it at its first frame, or here if that takes longer.
	time.AfterFunc(startHold, startgc.Release)
	os.Exit(cli.Main(context.Background(), cli.Env{
		Args:       os.Args[1:],
		Getenv:     os.Getenv,
		In:         os.Stdin,
		Out:        os.Stdout,
		Err:        os.Stderr,
		IsTerminal: term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()),
		Version:    version,
		RunTUI:     runTUI,
	}))
}

// runTUI adapts the command line's options to the wizard's: ui does not
// import cli.
func runTUI(ctx context.Context, s *steps.Session, o cli.TUIOptions) error {
	// The wizard's live heap is about 4 MB, and the default GOGC lets it
	// grow to 8 MB between collections; at 50 the peak resident set after a
	// walk of every step is 2–3 MB lower (bench 4), for collections of a few
	// milliseconds that a person at a keyboard never sees. GOGC, when set,
	// wins. The collector is held until the first frame is on screen
	// (internal/startgc).
	startgc.SetPercent(50)
	return ui.Run(ctx, s, ui.Options{Accessible: o.Accessible, Sandbox: o.Sandbox, StateDir: o.StateDir, FirstFrame: startgc.Release})
}
