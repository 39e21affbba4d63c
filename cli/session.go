package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// journalUse is what a command does with the location's journal.
type journalUse int

const (
	// noJournal: export, and the wizard, which opens its journal itself
	// once it knows the name.
	noJournal journalUse = iota
	// readJournal: plan and status read it and never write it, so they
	// neither take its lock nor wait for a run that holds it.
	readJournal
	// lockJournal: apply and undo hold its lock for the whole run.
	lockJournal
)

// lockWaitEnv bounds how long a run waits for another run of the same
// location to release the journal (a Go duration; default
// steps.DefaultLockWait).
const lockWaitEnv = "BSLWIZ_LOCK_WAIT"

// setup builds the session: the sandbox or real backends, the plan from the
// inputs, and, unless noJournal, the location's journal laid under the
// inputs. The cleanup it returns releases the journal's lock. The wizard
// shows its own SANDBOX badge.
func setup(f *Factory, in *planInputs, use journalUse, wizard bool) (*steps.Session, func(), error) {
	var (
		base    steps.Plan
		b       steps.Backends
		cleanup = func() {}
	)
	if in.sandbox {
		sbOpts, err := sandboxOptions(f.Getenv)
		if err != nil {
			return nil, nil, err
		}
		sb, err := sandbox.Start(sbOpts)
		if err != nil {
			return nil, nil, err
		}
		cleanup = sb.Close
		if err := useSandboxMFA(sb, f.IO.Err); err != nil {
			cleanup()
			return nil, nil, err
		}
		base, b = sb.Plan(), sb.Backends()
		if !wizard {
			fmt.Fprintln(f.IO.Err, "SANDBOX: AWS and Palette are in-process emulators; nothing leaves this machine."+sandboxKnobs(f.Getenv))
		}
	} else {
		b = steps.Backends{Palette: palette.Config{APIKey: f.Getenv("SPECTROCLOUD_APIKEY"), Warn: f.IO.Err}, AWS: aws.Options{}}
		// A custom AWS endpoint (an emulator, `bslwiz sandbox`, a private
		// endpoint) also needs S3 path-style addressing, which the SDK does
		// not infer from AWS_ENDPOINT_URL alone.
		b.AWS.Endpoint = f.Getenv("AWS_ENDPOINT_URL")
		b.AWS.Log = f.IO.Err // the wizard drops these: a line on stderr would tear its screen
	}
	p, given, err := loadPlan(in, f.Getenv)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	if in.sandbox {
		if err := sandboxOwnsPalette(in, p, given, base.PaletteEndpoint, f.IO.Err, wizard); err != nil {
			cleanup()
			return nil, nil, err
		}
	}
	in.given = given
	p = overlay(base, p, given)
	var j *steps.Journal
	if use != noJournal && p.LocationName != "" {
		// The name becomes the journal's file name: a name that breaks the
		// rule is the plan's fault (exit 3), not the file system's.
		if err := checkField(p, "locationName"); err != nil {
			cleanup()
			return nil, nil, err
		}
		dir, err := stateDir(in.stateDir)
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		var found bool
		if use == lockJournal {
			var wait time.Duration
			if wait, err = lockWait(f.Getenv); err == nil {
				j, found, err = lockedJournal(dir, p.LocationName, in.sandbox, wait)
			}
		} else {
			j, found, err = openJournal(dir, p.LocationName, in.sandbox)
		}
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		closeSandbox := cleanup
		cleanup = func() { j.Close(); closeSandbox() }
		if found {
			p = overlay(j.Snapshot().Plan, p, given)
		}
		j.Update(func(d *steps.JournalData) { d.Plan = p })
	}
	if p.APIKeyFile != "" {
		if err := checkAPIKeyFile(p.APIKeyFile); err != nil {
			cleanup()
			return nil, nil, err
		}
	}
	s := steps.NewSession(p, b, j)
	s.Sources = planSources(in, f.Getenv, given, base, in.sandbox)
	return s, cleanup, nil
}

// checkField checks one field of p with its rule, as Validate does.
func checkField(p steps.Plan, key string) error {
	f, _ := steps.FieldByKey(key)
	if _, err := f.Check(&p); err != nil {
		return steps.Problems{Errors: []steps.FieldError{{Field: f, Err: err}}}.Err()
	}
	return nil
}

// checkAPIKeyFile refuses, as a usage error and before anything opens it, an
// API key file that is not a regular file (a FIFO would hang the run, a
// device never end) or that other users can read. A file that is missing
// is left to the plan's rule.
func checkAPIKeyFile(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if !info.Mode().IsRegular() {
		return usageErrorf("--api-key-file %s is not a regular file; put the key in a plain file, mode 0600", path)
	}
	if perm := info.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return usageErrorf("--api-key-file %s is accessible by other users (mode %04o); run: chmod 600 %s", path, perm, path)
	}
	return nil
}

// lockWait is BSLWIZ_LOCK_WAIT, or steps.DefaultLockWait.
func lockWait(getenv func(string) string) (time.Duration, error) {
	v := getenv(lockWaitEnv)
	if v == "" {
		return steps.DefaultLockWait, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, usageErrorf("%s=%q is not a duration such as 0s or 30s", lockWaitEnv, v)
	}
	return d, nil
}

// headlessSession is setup for a command that cannot ask: every required
// input must be given, and the plan must follow its rules.
func headlessSession(f *Factory, in *planInputs, use journalUse) (*steps.Session, func(), error) {
	s, cleanup, err := setup(f, in, use, false)
	if err != nil {
		return nil, nil, err
	}
	if miss := missingFields(s.RawPlan()); len(miss) > 0 {
		cleanup()
		return nil, nil, missingError(miss)
	}
	if !in.sandbox && s.Backends.Palette.APIKey == "" && s.Plan().APIKeyFile == "" {
		cleanup()
		return nil, nil, usageErrorf("no Palette API key: set SPECTROCLOUD_APIKEY or pass --api-key-file (the key is never a flag: ps would show it)")
	}
	if err := resolveCluster(s); err != nil {
		cleanup()
		return nil, nil, err
	}
	if err := s.Plan().Validate().Err(); err != nil {
		cleanup()
		return nil, nil, err
	}
	return s, cleanup, nil
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

// withSignals cancels ctx on SIGINT/SIGTERM and flushes the journal on
// SIGHUP (a dropped SSH session) before cancelling.
func withSignals(ctx context.Context, s *steps.Session) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case <-ch:
			if s.Journal != nil {
				_ = s.Journal.Save()
			}
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(ch); cancel() }
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
	if v := getenv("BSLWIZ_SANDBOX_PARTITION"); v != "" {
		if !slices.Contains(sandbox.Partitions(), v) {
			return o, usageErrorf("BSLWIZ_SANDBOX_PARTITION=%q is not one of %s", v, strings.Join(sandbox.Partitions(), ", "))
		}
		o.Partition = v
	}
	o.Faults = getenv(sandbox.FaultsEnv) // parsed, and refused when wrong, by sandbox.Start
	o.MFA = getenv(sandbox.MFAEnv) != ""
	o.AccessAnalyzer = getenv(sandbox.AccessAnalyzerEnv)
	return o, nil
}
