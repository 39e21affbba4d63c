package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/bslwiz/bslwiz/internal/termsafe"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/accessible"
	"github.com/bslwiz/bslwiz/ui/clipboard"
)

// runAccessible walks the same 13 steps as the full-screen wizard with
// plain line prompts: no alternate screen, no spinners, no colour; each
// preview printed as text, each change confirmed with y/N.
func runAccessible(ctx context.Context, s *steps.Session, o Options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	defer stop()
	a := &accessibleRun{ctx: ctx, s: s, o: o, p: accessible.New(o.In, o.Out), jref: &journalRef{}}
	a.askKey = s.NeedsAPIKey()
	if s.Journal != nil {
		a.jref.set(s.Journal)
	}
	done := make(chan error, 1)
	go func() { done <- a.run() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		// The prompt may be blocked reading a line: do not wait for it.
		err = context.Canceled
	}
	saveErr := a.jref.save()
	if errors.Is(err, context.Canceled) {
		journal := ""
		if j := a.jref.get(); j != nil {
			journal = j.Path()
		}
		fmt.Fprintln(o.Out)
		return &InterruptedError{Reason: "interrupted", Journal: journal}
	}
	if err == nil {
		err = saveErr
	}
	return err
}

// accessibleRun is one run of the line-prompt wizard.
type accessibleRun struct {
	ctx      context.Context
	s        *steps.Session
	o        Options
	p        *accessible.Prompter
	jref     *journalRef
	askKey   bool
	resumeTo int
}

func (a *accessibleRun) run() error {
	a.p.Println("bslwiz: add an S3 bucket in AWS Account B as a Palette backup location, validated through STS.")
	a.p.Println("Accessible mode: one question per line. Press enter to keep the default shown. Ctrl-C stops; the journal keeps your progress.")
	if a.o.Sandbox {
		a.p.Println("SANDBOX: AWS and Palette are in-process emulators; nothing leaves this machine.")
	}
	if err := a.offerResume(); err != nil {
		return err
	}
	for n := 1; n <= 13; n++ {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		if err := a.runStep(n); err != nil {
			return err
		}
	}
	m := &Model{s: a.s, opts: a.o, jref: a.jref}
	a.p.Println()
	a.p.Println(m.summaryText())
	return nil
}

// offerResume asks whether to resume an unfinished run of the state
// directory.
func (a *accessibleRun) offerResume() error {
	found := findResumable(a.o.StateDir, a.o.Sandbox)
	if len(found) == 0 {
		return nil
	}
	a.p.Println(fmt.Sprintf("Found %d unfinished run(s) in %s.", len(found), a.o.StateDir))
	opts := []accessible.Option{{Value: "new", Label: "start a new run"}}
	for _, r := range found {
		st, _ := steps.ByNumber(r.next)
		opts = append(opts, accessible.Option{Value: r.location, Label: fmt.Sprintf("resume: next is step %d (%s)", r.next, st.Title)})
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
		p := j.Snapshot().Plan
		if a.o.Sandbox {
			p.PaletteEndpoint = a.s.RawPlan().PaletteEndpoint
		}
		a.s.SetPlan(p)
		a.s.SetJournal(j)
		a.jref.set(j)
		a.askKey = a.s.NeedsAPIKey()
		a.resumeTo = j.NextStep()
		a.p.Println(fmt.Sprintf("Resuming %s: steps 1 to %d are read again; nothing changes without you.", r.location, a.resumeTo-1))
	}
	return nil
}

// runStep asks step n's questions, previews it, confirms a change, and
// applies it; a failure offers to try again.
func (a *accessibleRun) runStep(n int) error {
	st, _ := steps.ByNumber(n)
	quiet := n < a.resumeTo
	a.p.Println()
	a.p.Println(fmt.Sprintf("Step %d of 13: %s", n, st.Title))
	if !quiet {
		a.p.Println(st.Guide)
	}
	if err := a.askFields(st, quiet); err != nil {
		return err
	}
	if !quiet && len(st.Checks) > 0 && len(st.Fields) > 0 {
		a.runChecks(st)
	}
	for {
		pv, err := a.preview(st)
		if err == nil {
			var ok bool
			ok, err = a.confirmAndApply(st, pv, quiet)
			if err == nil && !ok {
				return &InterruptedError{Reason: "change not confirmed", Journal: a.journalPath()}
			}
			if err == nil {
				return nil
			}
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		a.p.Status("failed", fmt.Sprintf("step %d (%s)", n, st.Title), termsafe.Text(err.Error()))
		a.p.Println("What to do: " + hint(err, false))
		again, cerr := a.p.Confirm("Try again", true)
		if cerr != nil {
			return cerr
		}
		if !again {
			return err
		}
	}
}

func (a *accessibleRun) journalPath() string {
	if j := a.jref.get(); j != nil {
		return j.Path()
	}
	return ""
}

// askFields asks the step's fields, with the plan's values as defaults. In
// a resume the answers are already known, and only a missing API key is
// asked.
func (a *accessibleRun) askFields(st steps.Step, quiet bool) error {
	p := a.s.Plan()
	for _, f := range stepFields(st) {
		if quiet {
			continue
		}
		v, err := a.ask(f, f.Get(&p))
		if err != nil {
			return err
		}
		a.s.UpdatePlan(func(pl *steps.Plan) { _ = setField(f, pl, v) })
		p = a.s.Plan()
		if f.Key == "paletteEndpoint" && a.askKey {
			if err := a.askAPIKey(); err != nil {
				return err
			}
		}
	}
	if quiet && st.Number == 1 && a.askKey {
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
	case steps.KindInt:
		if v == "0" {
			v = ""
		}
	case steps.KindCert:
		help += ". A file path, or the PEM on one line"
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

// preview runs the step's preview (opening the journal on step 3).
func (a *accessibleRun) preview(st steps.Step) (*steps.Preview, error) {
	a.p.Println(previewText(st) + "...")
	if st.Number == 3 {
		if err := openJournal(a.s, a.jref, a.o.StateDir, a.o.Sandbox, []int{1, 2}); err != nil {
			return nil, err
		}
	}
	pv, err := st.Preview(a.ctx, a.s)
	if err != nil {
		return nil, err
	}
	return pv, nil
}

// confirmAndApply prints the preview, asks y/N before a change, and
// applies. It reports false when the change was not confirmed.
func (a *accessibleRun) confirmAndApply(st steps.Step, pv *steps.Preview, quiet bool) (bool, error) {
	change := pv.Mutates && !pv.NoChange
	if !quiet || change {
		a.p.Println(strings.TrimRight(pv.Render(), "\n"))
	}
	if change {
		yes, err := a.p.Confirm(fmt.Sprintf("Make these %d change(s) in %s", len(pv.Calls), changesWhat(pv)), false)
		if err != nil {
			return false, err
		}
		if !yes {
			a.p.Println("Nothing was changed.")
			return false, nil
		}
	}
	if st.Number == 10 && !quiet {
		if err := a.offerARN(); err != nil {
			return false, err
		}
	}
	err := st.Apply(a.ctx, a.s, pv, func(p steps.Progress) {
		switch {
		case p.Retry != nil:
			a.p.Println("  " + p.Retry.String())
		case p.Message != "":
			a.p.Println("  " + p.Message)
		}
	})
	if err == nil {
		err = recordPlan(a.s, a.jref)
	}
	if err != nil {
		return false, err
	}
	a.p.Status("done", fmt.Sprintf("step %d (%s)", st.Number, st.Title), "")
	return true, nil
}

// offerARN prints the role ARN and offers to write it to a file. Line mode
// does not copy: a screen reader reads the ARN out, and an escape sequence
// for the clipboard would be noise in a transcript.
func (a *accessibleRun) offerARN() error {
	arn := a.s.RoleARN()
	a.p.Println("Role ARN: " + arn)
	m := &Model{s: a.s, opts: a.o}
	path := m.arnFileName()
	yes, err := a.p.Confirm("Write it to "+path, false)
	if err != nil {
		return err
	}
	if yes {
		if err := clipboard.WriteFile(path, arn); err != nil {
			a.p.Status("failed", "write the ARN", termsafe.Text(err.Error()))
		} else {
			a.p.Status("done", "wrote the role ARN to "+path, "mode 0600")
		}
	}
	return nil
}
