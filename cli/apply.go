package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/steps"
)

// ApplyOptions are the inputs of `bslwiz apply`.
type ApplyOptions struct {
	Factory *Factory
	Inputs  planInputs
	Output  string
	Yes     bool
}

// NewCmdApply is `bslwiz apply`: every step without the wizard, printing
// progress. runF, when not nil, runs instead of the steps.
func NewCmdApply(f *Factory, runF func(*ApplyOptions) error) *cobra.Command {
	o := &ApplyOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "apply --yes [flags]",
		Short: "run all 13 steps without the wizard, printing progress",
		Long: `Run all 13 steps without the wizard, printing progress. Each change is
previewed first; without a terminal to confirm it, --yes is needed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(o.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runApply(cmd.Context(), o)
		},
	}
	addPlanInputs(cmd, &o.Inputs, true)
	addOutputFlag(cmd, &o.Output)
	addYesFlag(cmd, &o.Yes)
	return cmd
}

func runApply(ctx context.Context, o *ApplyOptions) error {
	ios := o.Factory.IO
	s, cleanup, err := headlessSession(o.Factory, &o.Inputs, lockJournal)
	if err != nil {
		return err
	}
	defer cleanup()
	ctx, stop := withSignals(ctx, s)
	defer stop()
	res := Result{Command: "apply", Location: s.Plan().LocationName, Sandbox: o.Inputs.sandbox}
	text := o.Output == "text"
	var trust *steps.TrustEvaluation // the last trust evaluation previewed
	err = applyAll(ctx, s, applyHooks{
		confirm: func(_ context.Context, pv *steps.Preview) (bool, error) {
			if o.Yes {
				return true, nil
			}
			if !ios.CanPrompt() {
				return false, usageErrorf("step %d changes %s; pass --yes to confirm changes without a terminal", pv.Number, callsWhere(pv))
			}
			return ios.Confirm("Make these changes?")
		},
		preview: func(pv *steps.Preview) {
			if text {
				fmt.Fprint(ios.Out, pv.Render())
			}
			res.Steps = append(res.Steps, stepResult(pv, "previewed"))
			if pv.TrustEvaluation != nil {
				trust = pv.TrustEvaluation
			}
		},
		done: func(mutates bool) {
			last := &res.Steps[len(res.Steps)-1]
			last.Status = "done"
			if mutates && len(last.Calls) == 0 {
				last.Status = "unchanged"
			}
		},
		progress: func(p steps.Progress) {
			if !text {
				return
			}
			if p.Retry != nil {
				fmt.Fprintf(ios.Out, "  … %s\n", p.Retry)
				return
			}
			fmt.Fprintf(ios.Out, "  … %s\n", p.Message)
		},
	})
	journalError(s, err)
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
	setTrust(&res, trust)
	if err == nil {
		res.Checks = finalChecks(ctx, s)
		res.Authorizations = authorizations(ctx, s, res.Checks, text, ios.Out)
		err = failedChecks(res.Checks)
		if text && err == nil {
			fmt.Fprintf(ios.Out, "\nDone: location %s (uid %s) uses role %s\n", res.Location, res.LocationUID, res.RoleARN)
			fmt.Fprintf(ios.Out, "Journal: %s\n", s.Journal.Path())
		}
		if text && err != nil {
			for _, c := range res.Checks {
				if c.Status == steps.StatusFail {
					fmt.Fprintf(ios.Out, "  [fail] %s: %s\n", c.Name, c.Reason)
				}
			}
			fmt.Fprintf(ios.Out, "\nNot done: every step ran, but a final check fails. Journal: %s\n", s.Journal.Path())
		}
	}
	if err != nil && isValidateFailure(err) {
		err = &ValidationError{err}
	}
	res.Bucket = bucketResult(ctx, s, res.Checks)
	return finish(ios, o.Output, &res, err)
}

// failedChecks is a ValidationError (exit 3) naming the final checks that
// failed, or nil: an apply whose steps all ran but whose result does not
// check out is not done.
func failedChecks(checks []steps.CheckResult) error {
	var names []string
	for _, c := range checks {
		if c.Status == steps.StatusFail {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return &ValidationError{fmt.Errorf("every step ran, but %s failed: %s", steps.Plural(len(names), "final check"), strings.Join(names, "; "))}
}

func isValidateFailure(err error) bool {
	var (
		ve  *steps.ValidateError
		ae  *palette.APIError
		rqe *palette.RequestError
	)
	if !errors.As(err, &ve) {
		return false
	}
	// Palette failing on its side, rate-limiting or not answering is no
	// verdict on the bucket or the role: an error (exit 1), not exit 3.
	if errors.As(err, &rqe) || (errors.As(err, &ae) && (ae.Status >= 500 || ae.Status == 429)) {
		return false
	}
	return true
}

// callsWhere names the accounts and services a preview's calls run in.
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
