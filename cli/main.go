package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/bslwiz/bslwiz/internal/termsafe"
	"github.com/bslwiz/bslwiz/steps"
)

// TUIOptions is what the interactive wizard needs from the command line.
type TUIOptions struct {
	Accessible bool
	Sandbox    bool
	// StateDir is where journals live; the wizard opens the location's
	// journal once the name is known, and offers to resume one it finds.
	StateDir string
}

// Env is the world the command runs in; tests fill it with buffers.
type Env struct {
	Args       []string
	Getenv     func(string) string
	In         io.Reader // read through one buffered reader for the whole run
	Out, Err   io.Writer
	IsTerminal bool // stdin and stdout are a terminal
	// Version, when set, is what --version prints instead of the module
	// version and VCS revision of the build info.
	Version string
	// RunTUI runs the interactive wizard on a prepared session.
	RunTUI func(ctx context.Context, s *steps.Session, o TUIOptions) error
}

// Main runs bslwiz with the given environment and returns the exit code.
func Main(ctx context.Context, env Env) int {
	f := newFactory(env)
	root := NewCmdRoot(f)
	args := env.Args
	if args == nil {
		args = []string{} // cobra reads os.Args when given nil
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	code := ExitCode(err)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintf(f.IO.Err, "bslwiz: %s\n", termsafe.Text(explain(err)))
		if debugWanted(root, f.Getenv) {
			// The raw error, and the service's own answer at the bottom of
			// it when an explanation already reads as the error does.
			if raw := err.Error(); raw != explain(err) {
				fmt.Fprintf(f.IO.Err, "debug: %s\n", termsafe.Text(raw))
			} else if cause := rootCause(err); cause != nil && cause.Error() != raw {
				fmt.Fprintf(f.IO.Err, "debug: %s\n", termsafe.Text(cause.Error()))
			}
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintf(f.IO.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
	return code
}

// rootCause is the innermost error err wraps (the first of a joined set), or nil.
func rootCause(err error) error {
	var cause error
	for {
		var next error
		switch e := err.(type) {
		case interface{ Unwrap() error }:
			next = e.Unwrap()
		case interface{ Unwrap() []error }:
			if es := e.Unwrap(); len(es) > 0 {
				next = es[0]
			}
		}
		if next == nil {
			return cause
		}
		cause, err = next, next
	}
}
