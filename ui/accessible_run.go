package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/bslwiz/bslwiz/internal/termsafe"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/accessible"
	"github.com/bslwiz/bslwiz/ui/clipboard"
)

// runAccessible walks the same steps as the full-screen wizard, through the
// same engine, with plain line prompts: no alternate screen, no spinners,
// no colour; each preview printed as text, each change confirmed with y/N.
func runAccessible(ctx context.Context, s *steps.Session, o Options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	defer stop()
	a := &accessibleRun{ctx: ctx, s: s, o: o, p: accessible.New(o.In, o.Out),
		eng: steps.NewEngine(s, steps.EngineOptions{StateDir: o.StateDir, Sandbox: o.Sandbox})}
	a.p.SetWidth(lineWidth(o))
	a.askKey = s.NeedsAPIKey()
	s.SetMFAPrompt(a.askMFA)
	done := make(chan error, 1)
	go func() { done <- a.run() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		// The prompt may be blocked reading a line: do not wait for it.
		err = context.Canceled
	}
	saveErr := a.eng.CloseJournal()
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(o.Out)
		return &InterruptedError{Reason: "interrupted", Journal: a.eng.JournalPath()}
	}
	if err == nil {
		err = saveErr
	}
	return err
}

// accessibleRun is one run of the line-prompt wizard.
type accessibleRun struct {
	ctx    context.Context
	s      *steps.Session
	o      Options
	p      *accessible.Prompter
	eng    *steps.Engine
	askKey bool
}

func (a *accessibleRun) run() error {
	a.p.Println("bslwiz: add an S3 bucket in AWS Account B as a Palette backup location, validated through STS.")
	a.p.Println("Accessible mode: one question per line. Press enter to keep the default shown. Ctrl-C stops; the journal keeps your progress.")
	if a.o.Sandbox {
		a.p.Println("SANDBOX: AWS and Palette are in-process emulators; nothing leaves this machine." + sandboxKnobs(a.o.Environ))
	}
	if err := a.offerResume(); err != nil {
		return err
	}
	for !a.eng.Finished() {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		if err := a.runStep(); err != nil {
			return err
		}
	}
	m := &Model{s: a.s, opts: a.o, eng: a.eng}
	a.p.Println()
	a.p.Println(m.summaryText())
	return nil
}

// offerResume asks whether to resume an unfinished run of the state
// directory.
func (a *accessibleRun) offerResume() error {
	found := resumablesFor(findResumable(a.o.StateDir, a.o.Sandbox), a.s)
	if len(found) == 0 {
		return nil
	}
	a.p.Println(fmt.Sprintf("Found %d unfinished run(s) in %s.", len(found), a.o.StateDir))
	opts := []accessible.Option{{Value: "new", Label: "start a new run"}}
	for _, r := range found {
		opts = append(opts, accessible.Option{Value: r.location, Label: "resume: next is " + r.nextWords()})
	}
	choice, err := a.p.Select(accessible.Question{Label: "Resume a run", Default: found[0].location}, opts)
	if err != nil || choice == "new" {
		return err
	}
	for _, r := range found {
		if r.location != choice {
			continue
		}
		j, err := steps.LoadJournal(r.path)
		if err != nil {
			return err
		}
		a.eng.Resume(j, a.resumeOver())
		a.askKey = a.s.NeedsAPIKey()
		a.p.Println(fmt.Sprintf("Resuming %s: the steps done are read again; nothing changes without you.", r.location))
	}
	return nil
}

// resumeOver lays over a resumed plan what this run was given and what
// belongs to this process (the sandbox's emulators are new on every run).
func (a *accessibleRun) resumeOver() func(*steps.Plan) {
	return resumeOverlay(a.s, a.o.Sandbox)
}

// What to do after a step failed or a change was not confirmed.
const (
	choiceRetry = "retry"
	choiceEdit  = "edit"
	choiceBack  = "back"
	choiceQuit  = "quit"
)

// runStep asks the current step's questions, previews it, confirms a
// change, and applies it. A failure, or a change not confirmed, offers to
// try again, to answer the step's questions again, to go back a step, or to
// stop.
func (a *accessibleRun) runStep() error {
	st, _ := a.eng.Current()
	quiet := a.eng.Quiet()
	n, total := a.eng.Position()
	a.p.Println()
	a.p.Println(fmt.Sprintf("Step %d of %d: %s", n, total, st.Title))
	if !quiet {
		a.p.Println(st.Guide)
	}
	ask, again := !quiet, false
	for {
		asked := ask
		if ask && !again {
			var err error
			if asked, err = a.askGiven(st); err != nil {
				return err
			}
		}
		if err := a.askFields(st, !asked); err != nil {
			return err
		}
		if ask && len(st.Checks) > 0 && len(st.Fields) > 0 {
			a.runChecks(st)
		}
		pv, err := a.preview(st)
		declined := false
		if err == nil {
			var ok bool
			ok, err = a.confirmAndApply(st, pv, quiet)
			if err == nil && ok {
				return nil
			}
			declined = err == nil
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		if err != nil {
			// The error names its step already ("step 4 (Fields): ...").
			label := fmt.Sprintf("step %d (%s)", n, st.Title)
			a.p.Status("failed", label, termsafe.Text(strings.TrimPrefix(steps.Explain(err), label+": ")))
			// Line mode has no esc: the menu below is the way back.
			a.p.Println("What to do: " + hint(err, false))
			// A key from the environment or a key file that Palette refused:
			// ask for one now, masked, as when none was given.
			if steps.FailureOf(err) == steps.FailurePaletteAuth && slices.Contains(st.Fields, "paletteEndpoint") {
				a.askKey = true
			}
		}
		choice, cerr := a.afterward(st, declined)
		if cerr != nil {
			return cerr
		}
		switch choice {
		case choiceBack:
			a.eng.Back()
			return nil
		case choiceQuit:
			if declined {
				return &InterruptedError{Reason: "change not confirmed", Journal: a.eng.JournalPath()}
			}
			return err
		}
		ask = choice == choiceEdit
		again = ask // the questions themselves, not their summary
		quiet = false
	}
}

// askGiven is the line mode's summary of a step whose inputs all pass their
// rules (flags, environment, plan file, the sandbox's seed, defaults): each
// input with where it came from, and one question, whose default keeps them,
// as enter does in the wizard. It reports whether the questions are to be
// asked: a step with an input that breaks its rule (a required one not
// given) asks them all.
func (a *accessibleRun) askGiven(st steps.Step) (bool, error) {
	p := a.s.RawPlan().WithDefaults()
	fields := a.fieldOrder(st, p)
	if len(fields) == 0 {
		return false, nil
	}
	for _, f := range fields {
		if fieldValidator(a.s, f)(a.answerDefault(f, p)) != nil {
			return true, nil
		}
	}
	a.p.Println("Given, so not asked:")
	for _, f := range fields {
		src := a.s.Sources[f.Key]
		if src == "" {
			src = "default"
		}
		a.p.Println(fmt.Sprintf("  %s: %s (%s)", f.Label, termsafe.Text(shownValue(f, a.answerDefault(f, p))), src))
	}
	keep, err := a.p.Confirm("Keep these answers (n asks them)", true)
	return !keep, err
}

// afterward asks what to do after a failed step or a declined change.
func (a *accessibleRun) afterward(st steps.Step, declined bool) (string, error) {
	opts := []accessible.Option{{Value: choiceRetry, Label: "preview this step again"}}
	if declined {
		opts[0].Label = "preview the change again"
	}
	if len(st.Fields) > 0 {
		opts = append(opts, accessible.Option{Value: choiceEdit, Label: "answer this step's questions again"})
	}
	if n, _ := a.eng.Position(); n > 1 {
		opts = append(opts, accessible.Option{Value: choiceBack, Label: "go back a step (nothing is undone)"})
	}
	opts = append(opts, accessible.Option{Value: choiceQuit, Label: "stop here; the journal keeps your progress"})
	def := choiceRetry
	if declined {
		def = choiceQuit
	}
	return a.p.Select(accessible.Question{Label: "What next", Default: def}, opts)
}

// askFields asks the step's fields, with the plan's values as defaults. In
// a resume the answers are already known, and only a missing API key is
// asked.
func (a *accessibleRun) askFields(st steps.Step, quiet bool) error {
	p := a.s.RawPlan().WithDefaults() // what was given, not what was found
	for _, f := range a.fieldOrder(st, p) {
		if quiet {
			continue
		}
		v, err := a.ask(f, a.answerDefault(f, p))
		if err != nil {
			return err
		}
		a.s.UpdatePlan(func(pl *steps.Plan) { _ = setField(f, pl, v) })
		p = a.s.RawPlan().WithDefaults()
		if f.Key == "paletteEndpoint" && a.askKey {
			if err := a.askAPIKey(); err != nil {
				return err
			}
		}
	}
	if quiet && a.askKey && slices.Contains(st.Fields, "paletteEndpoint") {
		return a.askAPIKey()
	}
	return nil
}

func (a *accessibleRun) askAPIKey() error {
	key, err := a.p.Secret(accessible.Question{
		Label: "Palette API key",
		Help:  "Palette → Tenant Settings → API Keys. It stays in memory: never in the plan, the journal or on screen. Empty if you give an API key file next.",
	})
	if err != nil {
		return err
	}
	if key != "" {
		a.s.SetPaletteAPIKey(key)
		a.askKey = false
	}
	return nil
}

// ask asks one field as its kind wants.
func (a *accessibleRun) ask(f steps.Field, v string) (string, error) {
	validate := fieldValidator(a.s, f)
	help := f.Help
	switch f.Kind {
	case steps.KindBool:
		yes, err := a.p.Confirm(f.Label+" ("+f.Help+")", v == "true")
		return fmt.Sprint(yes), err
	case steps.KindChoice:
		var opts []accessible.Option
		for _, c := range f.Choices {
			opts = append(opts, accessible.Option{Value: c})
		}
		return a.p.Select(accessible.Question{Label: f.Label, Help: help, Default: v, Validate: validate}, opts)
	case steps.KindRegion:
		help += ". A region code such as us-east-2"
		if !f.Required {
			help += "; empty detects it"
		}
		validate = knownRegion(validate)
	case steps.KindInt:
		if v == "0" {
			v = ""
		}
	case steps.KindCert:
		help += ". A file path, or the PEM on one line"
	case steps.KindCluster:
		help, validate = a.clusterQuestion(help)
	}
	return a.p.Text(accessible.Question{Label: f.Label, Help: help, Default: v, Validate: validate})
}

// runChecks runs the step's live checks once and prints each result as a
// status word.
func (a *accessibleRun) runChecks(st steps.Step) {
	a.p.Println("Checks:")
	a.s.RunChecks(a.ctx, st.Checks, func(r steps.CheckResult) {
		a.p.Status(statusWord(r.Status), r.Name, r.Reason)
	})
}

func statusWord(s steps.Status) string {
	if s == steps.StatusWarn {
		return "warning"
	}
	if s == steps.StatusFail {
		return "failed"
	}
	return s.String()
}

// preview runs the step's preview through the engine.
func (a *accessibleRun) preview(st steps.Step) (*steps.Preview, error) {
	a.p.Println(st.Screen.Busy + "...")
	pv, err := a.eng.Preview(a.ctx)
	if err == nil {
		a.eng.Prefetch(a.ctx) // the next step's reads, while this one is read
	}
	return pv, err
}

// confirmAndApply prints the preview, asks y/N before a change, and
// applies. It reports false when the change was not confirmed.
func (a *accessibleRun) confirmAndApply(st steps.Step, pv *steps.Preview, quiet bool) (bool, error) {
	change := pv.Mutates && !pv.NoChange
	if !quiet || change {
		a.p.Println(strings.TrimRight(pv.Render(), "\n"))
	}
	if change {
		yes, err := a.p.Confirm(confirmQuestion(len(pv.Calls), changesWhat(pv)), false)
		if err != nil {
			return false, err
		}
		if !yes {
			a.p.Println("Nothing was changed.")
			return false, nil
		}
	}
	if pv.Artifact != nil && !quiet {
		if err := a.offerArtifact(pv.Artifact); err != nil {
			return false, err
		}
	}
	err := a.eng.Apply(a.ctx, pv, func(p steps.Progress) {
		switch {
		case p.Retry != nil:
			a.p.Println("  " + p.Retry.String())
		case p.Message != "":
			a.p.Println("  " + p.Message)
		}
	})
	if err != nil {
		return false, err
	}
	a.p.Status("done", fmt.Sprintf("step %d (%s)", pv.Number, st.Title), "")
	return true, nil
}

// offerArtifact prints what the step hands over (the role ARN) and offers
// to write it to a file. Line mode does not copy: a screen reader reads it
// out, and an escape sequence for the clipboard would be noise in a
// transcript.
func (a *accessibleRun) offerArtifact(art *steps.Artifact) error {
	a.p.Println(art.Label + ": " + art.Value)
	path := artifactPath(a.o, art)
	yes, err := a.p.Confirm("Write it to "+path, false)
	if err != nil {
		return err
	}
	if yes {
		if err := clipboard.WriteFile(path, art.Value); err != nil {
			a.p.Status("failed", "write the "+strings.ToLower(art.Label), termsafe.Text(err.Error()))
		} else {
			a.p.Status("done", "wrote the "+strings.ToLower(art.Label)+" to "+path, "mode 0600")
		}
	}
	return nil
}

// sandboxKnobs names the sandbox's active slow-down and fault knobs, for its
// banner: a step that fails because of an injected fault must say so.
func sandboxKnobs(environ []string) string {
	var on []string
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "BSLWIZ_SANDBOX_FAULTS", "BSLWIZ_SANDBOX_LATENCY", "BSLWIZ_SANDBOX_PROPAGATION", "BSLWIZ_SANDBOX_MFA":
			if v != "" {
				on = append(on, k+"="+v)
			}
		}
	}
	if len(on) == 0 {
		return ""
	}
	return " Active knobs: " + strings.Join(on, ", ") + "."
}

// shortKnobs is sandboxKnobs for the header's badge: "faults, latency 300ms".
func shortKnobs(environ []string) string {
	var on []string
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			continue
		}
		switch k {
		case "BSLWIZ_SANDBOX_FAULTS":
			on = append(on, "faults")
		case "BSLWIZ_SANDBOX_LATENCY":
			on = append(on, "latency "+v)
		case "BSLWIZ_SANDBOX_PROPAGATION":
			on = append(on, "propagation "+v)
		case "BSLWIZ_SANDBOX_MFA":
			on = append(on, "MFA")
		}
	}
	return strings.Join(on, ", ")
}
