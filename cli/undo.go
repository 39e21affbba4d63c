package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/steps"
)

// UndoOptions are the inputs of `bslwiz undo <location>`.
type UndoOptions struct {
	Factory *Factory
	Inputs  planInputs // Inputs.location is the argument
	Yes     bool
}

// NewCmdUndo is `bslwiz undo <location>`: a preview, then undo from the
// journal of only what bslwiz created or changed. runF, when not nil, runs
// instead of the undo.
func NewCmdUndo(f *Factory, runF func(*UndoOptions) error) *cobra.Command {
	o := &UndoOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "undo <location> [--yes] [flags]",
		Short: "undo what bslwiz did, from the journal, after a preview",
		Long: `Undo what bslwiz did for a location, from its journal, after a preview:
delete the Palette location it created, restore the trust policy it changed,
detach the policy it attached, delete the role and policy it created. What it
only adopted stays. Without a terminal to confirm, --yes is needed.`,
		Args:              locationArg,
		ValidArgsFunction: completeLocations,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Inputs.location = args[0]
			if runF != nil {
				return runF(o)
			}
			return runUndo(cmd.Context(), o)
		},
	}
	addPlanInputs(cmd, &o.Inputs, false)
	addYesFlag(cmd, &o.Yes)
	return cmd
}

func runUndo(ctx context.Context, o *UndoOptions) error {
	ios := o.Factory.IO
	s, cleanup, err := setup(o.Factory, &o.Inputs, lockJournal, false)
	if err != nil {
		return err
	}
	defer cleanup()
	if sandboxRunGone(s, o.Inputs.sandbox) {
		fmt.Fprintln(ios.Out, sandboxGoneWords(s.Plan().LocationName))
		return markUndone(s)
	}
	if jd := s.Journal.Snapshot(); jd.Undone != nil && jd.Created == (steps.Created{}) && len(jd.Intents) == 0 {
		fmt.Fprintf(ios.Out, "%s was already undone at %s; nothing is left that bslwiz made.\n", jd.Location, jd.Undone.Local().Format("2006-01-02 15:04"))
		return nil
	}
	if jd := s.Journal.Snapshot(); len(jd.Done) == 0 && jd.Created == (steps.Created{}) && len(jd.Intents) == 0 {
		if path, ok := earlierSandboxRun(&o.Inputs, s.Plan().LocationName); ok {
			fmt.Fprintln(ios.Out, earlierSandboxWords(s.Plan().LocationName, path))
			return nil
		}
		return usageErrorf("no journal for %s in %s: nothing bslwiz knows it changed", s.Plan().LocationName, s.Journal.Path())
	}
	if err := o.choosePaletteEndpoint(s); err != nil {
		return err
	}
	// The trust policy can change again between the preview and the write
	// (IAM has no conditional write; undo re-reads it first): then the
	// fresh difference is shown and confirmed again, a few times at most.
	for attempt := 1; ; attempt++ {
		err := undoOnce(ctx, o, s)
		var tc *aws.TrustChangedError
		if !errors.As(err, &tc) || attempt == 3 {
			return err
		}
		fmt.Fprintf(ios.Out, "The trust policy of role %s changed again while undoing; here is the new difference.\n", tc.Role)
	}
}

// undoOnce previews the undo, has it confirmed and makes it.
func undoOnce(ctx context.Context, o *UndoOptions, s *steps.Session) error {
	ios := o.Factory.IO
	pv, err := undoPreview(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprint(ios.Out, wrapForOut(o.Factory, pv.Render()))
	if pv.NoChange {
		return nil
	}
	if !o.Yes {
		if !ios.CanPrompt() {
			return usageErrorf("undo changes %s; pass --yes to confirm without a terminal", callsWhere(pv))
		}
		okd, err := ios.Confirm("Undo these changes?")
		if err != nil {
			return err
		}
		if !okd {
			return fmt.Errorf("undo: %w", steps.ErrDeclined)
		}
	}
	if err := undo(ctx, s, pv, func(p steps.Progress) { fmt.Fprintf(ios.Out, "  … %s\n", p.Message) }); err != nil {
		journalError(s, err)
		return err
	}
	fmt.Fprintln(ios.Out, "Undone.")
	return nil
}

// choosePaletteEndpoint decides where undo may send the API key. An endpoint
// given in this run (flag, environment, plan file) wins over the journal's,
// as the precedence says. One that only the journal names, other than
// Palette SaaS, is used only when the operator confirms it at a terminal, and
// refused without one. Plain http is refused except on loopback.
func (o *UndoOptions) choosePaletteEndpoint(s *steps.Session) error {
	recorded, touchesPalette := journalPaletteEndpoint(s)
	if !touchesPalette || o.Inputs.sandbox {
		return nil
	}
	endpoint := s.Plan().PaletteEndpoint
	fromJournal := !o.Inputs.given["paletteEndpoint"]
	if fromJournal && recorded != "" {
		endpoint = recorded
	}
	if err := checkField(steps.Plan{PaletteEndpoint: endpoint}, "paletteEndpoint"); err != nil {
		return err
	}
	base, err := palette.NormalizeEndpoint(endpoint)
	if err != nil {
		return usageErrorf("%v (--palette-endpoint, $SPECTROCLOUD_HOST)", err)
	}
	if fromJournal && base != palette.DefaultEndpoint {
		ios := o.Factory.IO
		if !ios.CanPrompt() {
			return usageErrorf("the journal says %s lives on Palette %s, which this run did not name; to send the API key there, pass --palette-endpoint %s (or set SPECTROCLOUD_HOST)",
				s.Plan().LocationName, base, base)
		}
		okd, err := ios.Confirm(fmt.Sprintf("The journal says %s lives on Palette %s. Send the API key there?", s.Plan().LocationName, base))
		if err != nil {
			return err
		}
		if !okd {
			return fmt.Errorf("send the API key to %s: %w", base, steps.ErrDeclined)
		}
	}
	pointUndoAt(s, base)
	return nil
}
