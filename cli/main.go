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
		if debugWanted(root, f.Getenv) && explain(err) != err.Error() {
			fmt.Fprintf(f.IO.Err, "debug: %s\n", termsafe.Text(err.Error()))
		}
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintf(f.IO.Err, "Run '%s --help' for usage.\n", cmd.CommandPath())
		}
	}
	return code
}
