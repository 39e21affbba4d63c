package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/authview"
)

// StatusOptions are the inputs of `bslwiz status <location>`.
type StatusOptions struct {
	Factory *Factory
	Inputs  planInputs // Inputs.location is the argument
	Output  string
	// debug (--debug) prints each check's detail under its line.
	debug bool
}

// NewCmdStatus is `bslwiz status <location>`: the live checks only. runF,
// when not nil, runs instead of the checks.
func NewCmdStatus(f *Factory, runF func(*StatusOptions) error) *cobra.Command {
	o := &StatusOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "status <location> [flags]",
		Short: "run the live checks only",
		Long: `Run the live checks of a location: from its journal when there is one,
else from the plan the flags and environment give.`,
		Args:              locationArg,
		ValidArgsFunction: completeLocations,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(o.Output); err != nil {
				return err
			}
			o.Inputs.location = args[0]
			o.debug = debugWanted(cmd.Root(), f.Getenv)
			if runF != nil {
				return runF(o)
			}
			return runStatus(cmd.Context(), o)
		},
	}
	addPlanInputs(cmd, &o.Inputs, false)
	addOutputFlag(cmd, &o.Output)
	return cmd
}

func runStatus(ctx context.Context, o *StatusOptions) error {
	ios := o.Factory.IO
	s, cleanup, err := setup(o.Factory, &o.Inputs, readJournal, false)
	if err != nil {
		return err
	}
	defer cleanup()
	if sandboxRunGone(s, o.Inputs.sandbox) {
		fmt.Fprintln(ios.Out, sandboxGoneWords(s.Plan().LocationName))
		return nil
	}
	switch jd := s.Journal.Snapshot(); {
	case jd.Undone != nil && jd.Created == (steps.Created{}):
		fmt.Fprintf(ios.Err, "%s was undone at %s; checking what is left\n", jd.Location, jd.Undone.Local().Format("2006-01-02 15:04"))
	case len(jd.Done) == 0:
		if path, ok := earlierSandboxRun(&o.Inputs, s.Plan().LocationName); ok {
			return &ValidationError{errors.New(earlierSandboxWords(s.Plan().LocationName, path))}
		}
		if miss := missingFields(s.RawPlan()); len(miss) > 0 {
			// No journal names the location: say so first, then what would
			// let status check one that bslwiz did not make.
			var b strings.Builder
			fmt.Fprintf(&b, "no journal for %s", s.Plan().LocationName)
			if s.Journal != nil && s.Journal.Path() != "" {
				fmt.Fprintf(&b, " (%s)", s.Journal.Path())
			}
			b.WriteString(": is the name right, or was it made with another --state-dir? To check a location bslwiz did not make, give:")
			for _, f := range miss {
				fmt.Fprintf(&b, "\n  %-18s --%s or $%s", f.Label, f.Flag, f.Env)
			}
			return usageErrorf("%s", b.String())
		}
		fmt.Fprintf(ios.Err, "no journal for %s; checking the plan from flags and environment\n", s.Plan().LocationName)
	}
	var authErr error
	for _, err := range connectForChecks(ctx, s) {
		fmt.Fprintln(ios.Err, explain(err))
		if ExitCode(err) == ExitAuth && authErr == nil {
			authErr = err
		}
	}
	res := Result{Command: "status", Location: s.Plan().LocationName, Sandbox: o.Inputs.sandbox, RoleARN: s.RoleARN()}
	res.Checks = runChecks(ctx, s)
	res.Bucket = bucketResult(ctx, s, res.Checks)
	failed := 0
	for _, c := range res.Checks {
		if c.Status == steps.StatusFail {
			failed++
		}
		if o.Output == "text" {
			word := c.Status.String()
			if c.Status == steps.StatusPending {
				word = "waiting" // IAM propagating: not a failure yet
			}
			fmt.Fprintf(ios.Out, "%-9s %-50s %s\n", "["+word+"]", c.Name, c.Reason)
			if o.debug && c.Detail != "" && c.Detail != c.Reason {
				fmt.Fprintf(ios.Out, "%-9s %s\n", "", "detail: "+c.Detail)
			}
		}
	}
	res.Authorizations = authorizations(ctx, s, res.Checks, false, ios.Out)
	if o.Output == "text" {
		fmt.Fprintf(ios.Out, "\nAuthorizations of the guide:\n%s\n", authview.RenderPlain(s.Plan(), s.RoleARN(), res.Authorizations, 80))
	}
	failed += failedAuthorizations(res.Authorizations)
	trustErr := statusTrust(ctx, ios, o.Output, s, &res)
	if authErr != nil {
		return finish(ios, o.Output, &res, authErr)
	}
	// A location that is not there is not healthy, whatever else checks out.
	if exists, err := locationExists(ctx, s); err == nil && !exists {
		return finish(ios, o.Output, &res, &ValidationError{fmt.Errorf("no location named %q in Palette: nothing to check; "+
			"status checks a location that exists (create it with 'bslwiz apply')", s.Plan().LocationName)})
	}
	if failed > 0 {
		return finish(ios, o.Output, &res, &ValidationError{fmt.Errorf("%s failed", steps.Plural(failed, "check"))})
	}
	if trustErr != nil {
		return finish(ios, o.Output, &res, &ValidationError{trustErr})
	}
	return finish(ios, o.Output, &res, nil)
}
