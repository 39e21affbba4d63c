package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/export"
	"github.com/bslwiz/bslwiz/steps"
)

// ExportOptions are the inputs of `bslwiz export`.
type ExportOptions struct {
	Factory *Factory
	Inputs  planInputs
	Format  string
	format  export.Format // Format, parsed
}

// NewCmdExport is `bslwiz export`: the plan as infrastructure code, with no
// secrets. runF, when not nil, runs instead of the export.
func NewCmdExport(f *Factory, runF func(*ExportOptions) error) *cobra.Command {
	o := &ExportOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "export --format terraform|cloudformation|cloudformation-account-a|awscli|json [flags]",
		Short: "render the plan as terraform, cloudformation, awscli or json",
		Long: `Render the plan as Terraform, CloudFormation, an aws CLI script or JSON; no
secrets in any of them. It reads no journal (--state-dir is taken so plan,
apply and export accept the same flags).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.Format == "" {
				// No default: each format is a different artifact, and a
				// guessed one would be written where the other was expected.
				return usageErrorf("export needs --format: --format terraform, --format cloudformation, --format awscli (a shell script) or --format json")
			}
			if o.format, err = export.ParseFormat(o.Format); err != nil {
				return usageErrorf("%v", err)
			}
			if runF != nil {
				return runF(o)
			}
			return runExport(cmd.Context(), o)
		},
	}
	addPlanInputs(cmd, &o.Inputs, true)
	cmd.Flags().StringVar(&o.Format, "format", "", "export format: terraform, cloudformation, cloudformation-account-a (Account A's grant, a StackSet template), awscli or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(
		[]string{"terraform", "cloudformation", "cloudformation-account-a", "awscli", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runExport(ctx context.Context, o *ExportOptions) error {
	s, cleanup, err := setup(o.Factory, &o.Inputs, noJournal, false)
	if err != nil {
		return err
	}
	defer cleanup()
	if miss := missingFields(s.RawPlan()); len(miss) > 0 {
		return missingError(miss)
	}
	// The plan's own rules first: no call is made for a value that breaks one.
	if err := s.RawPlan().Validate().Err(); err != nil {
		return err
	}
	p := s.Plan()
	if p.Region == "" {
		// Detect the bucket's region (read-only), as apply does.
		if err := detectBucketRegion(ctx, s); err != nil {
			return err
		}
	} else if err := s.CheckBucket(ctx); err != nil {
		return err // the bucket is not where --region says
	}
	if p.PaletteAccountID == "" || p.ExternalID == "" {
		if err := fetchPaletteIDs(ctx, s); err != nil {
			return fmt.Errorf("fetch Palette's account ID and external ID (or give --palette-account-id and --external-id): %w", err)
		}
	}
	if p = s.Plan(); p.Region == "" {
		return usageErrorf("the bucket's region is not known: give --region")
	}
	// The bucket's posture (reads only): its key's statement, and a comment
	// per finding. An export works without it (offline, say).
	var findings []steps.CheckResult
	if _, err := s.Gather(ctx, steps.FactBucketPosture); err == nil && s.BucketFacts() != nil {
		findings = s.RunChecks(ctx, steps.PostureCheckIDs(), nil)
	}
	return export.RenderWithFindings(o.Factory.IO.Out, o.format, s.Plan(), findings)
}
