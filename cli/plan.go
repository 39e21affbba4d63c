package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/steps"
)

// PlanOptions are the inputs of `bslwiz plan`.
type PlanOptions struct {
	Factory *Factory
	Inputs  planInputs
	Output  string
}

// NewCmdPlan is `bslwiz plan`: every API call apply would make, and every
// document, with zero writes. runF, when not nil, runs instead of the plan.
func NewCmdPlan(f *Factory, runF func(*PlanOptions) error) *cobra.Command {
	o := &PlanOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "plan [flags]",
		Short: "print every API call apply would make, and every document; zero writes",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkOutput(o.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runPlan(cmd.Context(), o)
		},
	}
	addPlanInputs(cmd, &o.Inputs, true)
	addOutputFlag(cmd, &o.Output)
	return cmd
}

func runPlan(ctx context.Context, o *PlanOptions) error {
	// The journal is read (so what an earlier apply made counts as bslwiz's)
	// and never written: previews do not save it.
	s, cleanup, err := headlessSession(o.Factory, &o.Inputs, readJournal)
	if err != nil {
		return err
	}
	defer cleanup()
	pvs, err := planAll(ctx, s)
	res := Result{Command: "plan", Location: s.Plan().LocationName, Sandbox: o.Inputs.sandbox}
	for _, pv := range pvs {
		res.Steps = append(res.Steps, stepResult(pv, "planned"))
		if o.Output == "text" {
			fmt.Fprintln(o.Factory.IO.Out, pv.Render())
		}
	}
	if err == nil {
		res.Authorizations = authorizations(ctx, s, nil, o.Output == "text", o.Factory.IO.Out)
	}
	res.Bucket = bucketResult(ctx, s, nil)
	setTrust(&res, steps.LastTrustEvaluation(pvs))
	return finish(o.Factory.IO, o.Output, &res, err)
}
