package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/internal/termsafe"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/sandbox"
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
	In         io.Reader
	Out, Err   io.Writer
	IsTerminal bool // stdin and stdout are a terminal
	Version    string
	// RunTUI runs the interactive wizard on a prepared session.
	RunTUI func(ctx context.Context, s *steps.Session, o TUIOptions) error
}

type options struct {
	fs         *pflag.FlagSet
	vals       map[string]*string
	file       string
	output     string
	format     string
	yes        bool
	sandbox    bool
	accessible bool
	stateDir   string
	help       bool
	version    bool
	wizard     bool // running the interactive wizard, not a headless command
}

// Main runs bslwiz with the given environment and returns the exit code.
func Main(ctx context.Context, env Env) int {
	o := &options{fs: pflag.NewFlagSet("bslwiz", pflag.ContinueOnError)}
	o.fs.SetOutput(io.Discard)
	o.vals = planFlags(o.fs)
	o.fs.StringVarP(&o.file, "file", "f", "", "plan file (YAML or JSON; keys are the flag names in camelCase)")
	o.fs.StringVarP(&o.output, "output", "o", "text", "output: text or json")
	o.fs.StringVar(&o.format, "format", "", "export format: terraform, cloudformation, awscli or json")
	o.fs.BoolVarP(&o.yes, "yes", "y", false, "confirm every previewed change (apply, undo)")
	o.fs.BoolVar(&o.sandbox, "sandbox", false, "run against in-process AWS and Palette emulators; nothing leaves this machine")
	o.fs.BoolVar(&o.accessible, "accessible", false, "plain line prompts: no alt screen, no spinners, no colour (also TERM=dumb, ACCESSIBLE=1)")
	o.fs.StringVar(&o.stateDir, "state-dir", "", "where journals live (default $XDG_STATE_HOME/bslwiz)")
	o.fs.BoolVarP(&o.help, "help", "h", false, "show help")
	o.fs.BoolVar(&o.version, "version", false, "print the version")
	if err := o.fs.Parse(env.Args); err != nil {
		fmt.Fprintf(env.Err, "bslwiz: %s\nRun 'bslwiz --help' for usage.\n", termsafe.Text(err.Error()))
		return ExitUsage
	}
	cmd, rest := "", o.fs.Args()
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	if o.help || cmd == "help" {
		writeHelp(env.Out, o.fs)
		return ExitOK
	}
	if o.version || cmd == "version" {
		fmt.Fprintf(env.Out, "bslwiz %s\n", env.Version)
		return ExitOK
	}
	if o.output != "text" && o.output != "json" {
		fmt.Fprintf(env.Err, "bslwiz: --output must be text or json, not %q\n", o.output)
		return ExitUsage
	}
	var err error
	switch cmd {
	case "":
		err = runWizard(ctx, env, o)
	case "plan":
		err = runPlan(ctx, env, o)
	case "apply":
		err = runApply(ctx, env, o)
	case "export":
		err = runExport(ctx, env, o)
	case "status":
		err = runStatus(ctx, env, o, rest)
	case "undo":
		err = runUndo(ctx, env, o, rest)
	case "sandbox":
		err = runSandbox(ctx, env)
	default:
		err = usageErrorf("unknown command %q; commands: plan, apply, export, status, undo, sandbox", cmd)
	}
	code := ExitCode(err)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintf(env.Err, "bslwiz: %s\n", termsafe.Text(err.Error()))
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintln(env.Err, "Run 'bslwiz --help' for usage.")
		}
	}
	return code
}

// errReported marks an error already printed (in JSON output, say).
var errReported = errors.New("reported")

type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() []error {
	return []error{e.err, errReported}
}

// setup builds the session: the sandbox or real backends, the plan from the
// inputs, and the journal (nil in plan mode).
func setup(env Env, o *options, withJournal bool) (*steps.Session, func(), error) {
	var (
		base    steps.Plan
		b       steps.Backends
		cleanup = func() {}
	)
	if o.sandbox {
		sbOpts, err := sandboxOptions(env.Getenv)
		if err != nil {
			return nil, nil, err
		}
		sb, err := sandbox.Start(sbOpts)
		if err != nil {
			return nil, nil, err
		}
		cleanup = sb.Close
		base, b = sb.Plan(), sb.Backends()
		if !o.wizard { // the wizard shows its own SANDBOX badge
			fmt.Fprintln(env.Err, "SANDBOX: AWS and Palette are in-process emulators; nothing leaves this machine.")
		}
	} else {
		b = steps.Backends{Palette: palette.Config{APIKey: env.Getenv("SPECTROCLOUD_APIKEY"), Warn: env.Err}, AWS: aws.Options{}}
		// A custom AWS endpoint (an emulator, `bslwiz sandbox`, a private
		// endpoint) also needs S3 path-style addressing, which the SDK does
		// not infer from AWS_ENDPOINT_URL alone.
		b.AWS.Endpoint = env.Getenv("AWS_ENDPOINT_URL")
		b.AWS.Log = env.Err // the wizard drops these: a line on stderr would tear its screen
	}
	p, given, err := loadPlan(o.fs, o.vals, o.file, env.Getenv)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	p = overlay(base, p, given)
	var j *steps.Journal
	if withJournal && p.LocationName != "" {
		dir := o.stateDir
		if dir == "" {
			if dir, err = steps.StateDir(); err != nil {
				cleanup()
				return nil, nil, err
			}
		}
		path := steps.JournalPath(dir, p.LocationName, o.sandbox)
		var found bool
		j, found, err = steps.OpenJournal(path, p.LocationName, o.sandbox, time.Now())
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		if found {
			p = overlay(j.Snapshot().Plan, p, given)
		}
		j.Update(func(d *steps.JournalData) { d.Plan = p })
	}
	return steps.NewSession(p, b, j), cleanup, nil
}

// overlay returns base with the given fields of top laid over it.
func overlay(base, top steps.Plan, given map[string]bool) steps.Plan {
	for _, f := range steps.Fields() {
		if given[f.Key] {
			_ = f.Set(&base, f.Get(&top))
		}
	}
	return base
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func isDumb(getenv func(string) string) bool {
	return getenv("TERM") == "dumb" || getenv("ACCESSIBLE") != ""
}

// sandboxOptions reads the sandbox's knobs: BSLWIZ_SANDBOX_LATENCY (a Go
// duration such as 2s) delays every emulated call, so spinners stay on screen
// long enough to see and measure; BSLWIZ_SANDBOX_PROPAGATION (such as 20s)
// makes new roles and trust changes reach STS only after that long, as in
// AWS, so validation's countdown shows.
func sandboxOptions(getenv func(string) string) (sandbox.Options, error) {
	var o sandbox.Options
	for _, knob := range []struct {
		name string
		to   *time.Duration
	}{{"BSLWIZ_SANDBOX_LATENCY", &o.Latency}, {"BSLWIZ_SANDBOX_PROPAGATION", &o.PropagationDelay}} {
		v := getenv(knob.name)
		if v == "" {
			continue
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return o, usageErrorf("%s=%q is not a duration such as 500ms or 2s", knob.name, v)
		}
		*knob.to = d
	}
	o.Faults = getenv(sandbox.FaultsEnv) // parsed, and refused when wrong, by sandbox.Start
	return o, nil
}
