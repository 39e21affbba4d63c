package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/bslwiz/bslwiz/export"
	"github.com/bslwiz/bslwiz/internal/shellquote"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// Result is what --output json prints.
type Result struct {
	Command     string              `json:"command"`
	Location    string              `json:"location,omitempty"`
	Sandbox     bool                `json:"sandbox,omitempty"`
	RoleARN     string              `json:"roleArn,omitempty"`
	PolicyARN   string              `json:"policyArn,omitempty"`
	LocationUID string              `json:"locationUid,omitempty"`
	Steps       []StepResult        `json:"steps,omitempty"`
	Checks      []steps.CheckResult `json:"checks,omitempty"`
	Error       string              `json:"error,omitempty"`
	ExitCode    int                 `json:"exitCode"`
}

// StepResult is one step in --output json.
type StepResult struct {
	Step     int      `json:"step"`
	Title    string   `json:"title"`
	Status   string   `json:"status"` // "done", "unchanged", "planned"
	Calls    []string `json:"calls,omitempty"`
	Facts    []string `json:"facts,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

func stepResult(pv *steps.Preview, status string) StepResult {
	r := StepResult{Step: pv.Step, Title: pv.Title, Status: status, Facts: pv.Facts, Warnings: pv.Warnings}
	for _, c := range pv.Calls {
		r.Calls = append(r.Calls, c.String())
	}
	return r
}

// headlessPlan loads and checks the plan for a command that cannot ask.
func headlessSession(env Env, o *options, withJournal bool) (*steps.Session, func(), error) {
	s, cleanup, err := setup(env, o, withJournal)
	if err != nil {
		return nil, nil, err
	}
	if miss := missingFields(s.RawPlan()); len(miss) > 0 {
		cleanup()
		return nil, nil, missingError(miss)
	}
	if !o.sandbox && s.Backends.Palette.APIKey == "" && s.Plan().APIKeyFile == "" {
		cleanup()
		return nil, nil, usageErrorf("no Palette API key: set SPECTROCLOUD_APIKEY or pass --api-key-file (the key is never a flag: ps would show it)")
	}
	if err := s.Plan().Validate().Err(); err != nil {
		cleanup()
		return nil, nil, err
	}
	return s, cleanup, nil
}

func runPlan(ctx context.Context, env Env, o *options) error {
	// The journal is read (so what an earlier apply made counts as bslwiz's)
	// and never written: previews do not save it.
	s, cleanup, err := headlessSession(env, o, true)
	if err != nil {
		return err
	}
	defer cleanup()
	pvs, err := steps.PlanAll(ctx, s)
	res := Result{Command: "plan", Location: s.Plan().LocationName, Sandbox: o.sandbox}
	for _, pv := range pvs {
		res.Steps = append(res.Steps, stepResult(pv, "planned"))
		if o.output == "text" {
			fmt.Fprintln(env.Out, pv.Render())
		}
	}
	return finish(env, o, &res, err)
}

func finish(env Env, o *options, res *Result, err error) error {
	res.ExitCode = ExitCode(err)
	if err != nil {
		res.Error = err.Error()
	}
	if o.output == "json" {
		if werr := writeJSON(env.Out, res); werr != nil {
			return werr
		}
		if err != nil {
			fmt.Fprintf(env.Err, "bslwiz: %v\n", err)
			return &reportedError{err}
		}
	}
	return err
}

func runApply(ctx context.Context, env Env, o *options) error {
	s, cleanup, err := headlessSession(env, o, true)
	if err != nil {
		return err
	}
	defer cleanup()
	ctx, stop := withSignals(ctx, s)
	defer stop()
	res := Result{Command: "apply", Location: s.Plan().LocationName, Sandbox: o.sandbox}
	text := o.output == "text"
	r := &steps.Runner{
		Session: s,
		Confirm: func(_ context.Context, pv *steps.Preview) (bool, error) {
			if o.yes {
				return true, nil
			}
			if !env.IsTerminal {
				return false, usageErrorf("step %d changes %s; pass --yes to confirm changes without a terminal", pv.Step, callsWhere(pv))
			}
			return askYes(env, "Make these changes?")
		},
		OnPreview: func(pv *steps.Preview) {
			if text {
				fmt.Fprint(env.Out, pv.Render())
			}
			res.Steps = append(res.Steps, stepResult(pv, "previewed"))
		},
		OnDone: func(st steps.Step) {
			last := &res.Steps[len(res.Steps)-1]
			last.Status = "done"
			if st.Mutates && len(last.Calls) == 0 {
				last.Status = "unchanged"
			}
		},
		OnProgress: func(p steps.Progress) {
			if !text {
				return
			}
			if p.Retry != nil {
				fmt.Fprintf(env.Out, "  … %s\n", p.Retry)
				return
			}
			fmt.Fprintf(env.Out, "  … %s\n", p.Message)
		},
	}
	err = r.Run(ctx, 1, 13)
	if err != nil && len(res.Steps) > 0 && res.Steps[len(res.Steps)-1].Status == "previewed" {
		res.Steps[len(res.Steps)-1].Status = "failed"
		if errors.Is(err, steps.ErrDeclined) {
			res.Steps[len(res.Steps)-1].Status = "declined"
		}
	}
	if j := s.Journal; j != nil {
		d := j.Snapshot()
		res.RoleARN, res.PolicyARN, res.LocationUID = d.Created.RoleARN, d.Created.PolicyARN, d.Created.LocationUID
	}
	if err == nil {
		res.Checks = s.RunChecks(ctx, nil, nil)
		if text {
			fmt.Fprintf(env.Out, "\nDone: location %s (uid %s) uses role %s\n", res.Location, res.LocationUID, res.RoleARN)
			fmt.Fprintf(env.Out, "Journal: %s\n", s.Journal.Path())
		}
	}
	if err != nil && isValidateFailure(err) {
		err = &ValidationError{err}
	}
	return finish(env, o, &res, err)
}

func isValidateFailure(err error) bool {
	var ve *steps.ValidateError
	return errors.As(err, &ve)
}

func callsWhere(pv *steps.Preview) string {
	seen := map[string]bool{}
	var out []string
	for _, c := range pv.Calls {
		if !seen[c.Where] {
			seen[c.Where] = true
			out = append(out, c.Where)
		}
	}
	return strings.Join(out, " and ")
}

func askYes(env Env, q string) (bool, error) {
	fmt.Fprintf(env.Out, "%s [y/N] ", q)
	line, err := bufio.NewReader(env.In).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
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

func runExport(ctx context.Context, env Env, o *options) error {
	f, err := export.ParseFormat(o.format)
	if err != nil {
		return usageErrorf("%v", err)
	}
	s, cleanup, err := setup(env, o, false)
	if err != nil {
		return err
	}
	defer cleanup()
	if miss := missingFields(s.RawPlan()); len(miss) > 0 {
		return missingError(miss)
	}
	p := s.Plan()
	if p.Region == "" {
		// Detect the bucket's region (read-only), as step 4 does.
		st, _ := steps.ByNumber(4)
		if _, err := st.Preview(ctx, s); err != nil {
			return fmt.Errorf("detect the bucket's region (or give --region): %w", err)
		}
	}
	if p.PaletteAccountID == "" || p.ExternalID == "" {
		// Fetch Palette's IDs (read-only), as step 5 does.
		for _, n := range []int{1, 5} {
			st, _ := steps.ByNumber(n)
			if _, err := st.Preview(ctx, s); err != nil {
				return fmt.Errorf("fetch Palette's account ID and external ID (or give --palette-account-id and --external-id): %w", err)
			}
		}
	}
	if p = s.Plan(); p.Region == "" {
		return usageErrorf("the bucket's region is not known: give --region")
	}
	return export.Render(env.Out, f, p)
}

func runStatus(ctx context.Context, env Env, o *options, args []string) error {
	if err := locationArg(o, args); err != nil {
		return err
	}
	s, cleanup, err := setup(env, o, true)
	if err != nil {
		return err
	}
	defer cleanup()
	switch jd := s.Journal.Snapshot(); {
	case jd.Undone != nil && jd.Created == (steps.Created{}):
		fmt.Fprintf(env.Err, "%s was undone at %s; checking what is left\n", jd.Location, jd.Undone.Local().Format("2006-01-02 15:04"))
	case len(jd.Done) == 0:
		if miss := missingFields(s.RawPlan()); len(miss) > 0 {
			return missingError(miss)
		}
		fmt.Fprintf(env.Err, "no journal for %s; checking the plan from flags and environment\n", s.Plan().LocationName)
	}
	// Connect as steps 1 and 5 do, so every check can run.
	var authErr error
	for _, n := range []int{1, 5} {
		st, _ := steps.ByNumber(n)
		if _, err := st.Preview(ctx, s); err != nil {
			fmt.Fprintf(env.Err, "step %d: %v\n", n, err)
			if ExitCode(err) == ExitAuth && authErr == nil {
				authErr = err
			}
		}
	}
	res := Result{Command: "status", Location: s.Plan().LocationName, Sandbox: o.sandbox, RoleARN: s.RoleARN()}
	res.Checks = s.RunChecks(ctx, nil, nil)
	failed := 0
	for _, c := range res.Checks {
		if c.Status == steps.StatusFail {
			failed++
		}
		if o.output == "text" {
			fmt.Fprintf(env.Out, "%-8s %-50s %s\n", "["+c.Status.String()+"]", c.Name, c.Reason)
		}
	}
	if authErr != nil {
		return finish(env, o, &res, authErr)
	}
	if failed > 0 {
		return finish(env, o, &res, &ValidationError{fmt.Errorf("%d check(s) failed", failed)})
	}
	return finish(env, o, &res, nil)
}

func locationArg(o *options, args []string) error {
	if len(args) != 1 {
		return usageErrorf("give the location name: bslwiz %s <location>", "status|undo")
	}
	*o.vals["locationName"] = args[0]
	return o.fs.Set("name", args[0])
}

func runUndo(ctx context.Context, env Env, o *options, args []string) error {
	if err := locationArg(o, args); err != nil {
		return err
	}
	s, cleanup, err := setup(env, o, true)
	if err != nil {
		return err
	}
	defer cleanup()
	if jd := s.Journal.Snapshot(); jd.Undone != nil && jd.Created == (steps.Created{}) && len(jd.Intents) == 0 {
		fmt.Fprintf(env.Out, "%s was already undone at %s; nothing is left that bslwiz made.\n", jd.Location, jd.Undone.Local().Format("2006-01-02 15:04"))
		return nil
	}
	if jd := s.Journal.Snapshot(); len(jd.Done) == 0 && jd.Created == (steps.Created{}) && len(jd.Intents) == 0 {
		return usageErrorf("no journal for %s in %s: nothing bslwiz knows it changed", s.Plan().LocationName, s.Journal.Path())
	}
	pv, err := s.UndoPreview(ctx)
	if err != nil {
		return err
	}
	fmt.Fprint(env.Out, pv.Render())
	if pv.NoChange {
		return nil
	}
	if !o.yes {
		if !env.IsTerminal {
			return usageErrorf("undo changes %s; pass --yes to confirm without a terminal", callsWhere(pv))
		}
		okd, err := askYes(env, "Undo these changes?")
		if err != nil {
			return err
		}
		if !okd {
			return fmt.Errorf("undo: %w", steps.ErrDeclined)
		}
	}
	if err := s.Undo(ctx, pv, func(p steps.Progress) { fmt.Fprintf(env.Out, "  … %s\n", p.Message) }); err != nil {
		return err
	}
	fmt.Fprintln(env.Out, "Undone.")
	return nil
}

func runSandbox(ctx context.Context, env Env) error {
	opts, err := sandboxOptions(env.Getenv)
	if err != nil {
		return err
	}
	sb, err := sandbox.Start(opts)
	if err != nil {
		return err
	}
	defer sb.Close()
	fmt.Fprintln(env.Out, "# bslwiz sandbox: AWS (IAM, STS, S3) and Palette emulators on loopback; nothing leaves this machine.")
	fmt.Fprintln(env.Out, "# Sandbox-only credentials. Paste these lines into another shell while this process runs.")
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(env.Out, "export %s=%s\n", k, shellquote.Quote(v))
	}
	fmt.Fprintf(env.Out, "# Account B %s, bucket %s (%s); Account A %s; Palette account %s; project %s.\n",
		sandbox.AccountB, sandbox.Bucket, sandbox.BucketRegion, sandbox.AccountA, sandbox.PaletteAccount, sandbox.ProjectName)
	fmt.Fprintln(env.Out, "# Serving until interrupted (Ctrl-C).")
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	<-ctx.Done()
	time.Sleep(10 * time.Millisecond)
	return nil
}

func runWizard(ctx context.Context, env Env, o *options) error {
	if env.RunTUI == nil {
		return errors.New("this build has no interactive wizard")
	}
	if !env.IsTerminal && !o.accessible && !isDumb(env.Getenv) {
		return usageErrorf("the wizard needs a terminal; without one use 'bslwiz plan' and 'bslwiz apply --yes'")
	}
	o.wizard = true
	s, cleanup, err := setup(env, o, false)
	if err != nil {
		return err
	}
	defer cleanup()
	s.Backends.AWS.Log = nil
	dir := o.stateDir
	if dir == "" {
		if dir, err = steps.StateDir(); err != nil {
			return err
		}
	}
	return env.RunTUI(ctx, s, TUIOptions{Accessible: o.accessible || isDumb(env.Getenv), Sandbox: o.sandbox, StateDir: dir})
}
