package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// WizardOptions are the inputs of the interactive wizard, `bslwiz` alone.
type WizardOptions struct {
	Factory    *Factory
	Inputs     planInputs
	Accessible bool
}

// NewCmdRoot is bslwiz: the wizard, with every other command under it.
func NewCmdRoot(f *Factory) *cobra.Command {
	return newCmdRoot(f, nil)
}

// newCmdRoot is NewCmdRoot with runF, when not nil, run instead of the
// wizard, so tests can see what the flags parsed to.
func newCmdRoot(f *Factory, runF func(*WizardOptions) error) *cobra.Command {
	o := &WizardOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "bslwiz",
		Short: "add an S3 bucket in AWS Account B as a Palette backup location, validated through STS",
		// --version is handled here, not by cobra's Version: cobra prints
		// it through a text/template, which would keep every SDK method
		// in the binary (export/awscli.go says why).
		Args: func(cmd *cobra.Command, args []string) error {
			if askedVersion(cmd) {
				return nil
			}
			if len(args) > 0 {
				return usageErrorf("unknown command %q; commands: %s", args[0], strings.Join(commandNames, ", "))
			}
			return nil
		},
		SilenceErrors: true,
		SilenceUsage:  true,
		// The completion command is ours: bash, zsh and fish.
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if askedVersion(cmd) {
				_, err := fmt.Fprintf(f.IO.Out, "bslwiz %s\n", f.Version)
				return err
			}
			o.Accessible = o.Accessible || isDumb(f.Getenv)
			if runF != nil {
				return runF(o)
			}
			return runWizard(cmd, o)
		},
	}
	addPlanInputs(cmd, &o.Inputs, true)
	cmd.Flags().BoolVar(&o.Accessible, "accessible", false, "plain line prompts: no alt screen, no spinners, no colour (also TERM=dumb, ACCESSIBLE=1)")
	cmd.Flags().Bool("version", false, "print the version")
	addDebugFlag(cmd)
	cmd.SetFlagErrorFunc(flagError)
	cmd.SetIn(f.IO.In)
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.Err)
	defaultHelp := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == c.Root() {
			writeRootHelp(c)
			return
		}
		defaultHelp(c, args)
	})
	cmd.AddCommand(
		NewCmdPlan(f, nil),
		NewCmdApply(f, nil),
		NewCmdExport(f, nil),
		NewCmdStatus(f, nil),
		NewCmdUndo(f, nil),
		NewCmdSandbox(f, nil),
		NewCmdCompletion(f, nil),
		NewCmdVersion(f),
	)
	return cmd
}

// commandNames are the commands the root help and the unknown-command error
// list.
var commandNames = []string{"plan", "apply", "export", "status", "undo", "sandbox", "completion"}

func runWizard(cmd *cobra.Command, o *WizardOptions) error {
	f := o.Factory
	if f.RunTUI == nil {
		return errors.New("this build has no interactive wizard")
	}
	if !f.IO.CanPrompt() && !o.Accessible {
		return usageErrorf("the wizard needs a terminal; without one use 'bslwiz plan' and 'bslwiz apply --yes'")
	}
	s, cleanup, err := setup(f, &o.Inputs, noJournal, true)
	if err != nil {
		return err
	}
	defer cleanup()
	s.Backends.AWS.Log = nil
	dir, err := stateDir(o.Inputs.stateDir)
	if err != nil {
		return err
	}
	return f.RunTUI(cmd.Context(), s, TUIOptions{Accessible: o.Accessible, Sandbox: o.Inputs.sandbox, StateDir: dir})
}

// askedVersion reports whether the command line has --version.
func askedVersion(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("version")
	return v
}
