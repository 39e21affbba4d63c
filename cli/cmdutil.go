package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// noArgs refuses positional arguments: a command that takes none would
// otherwise ignore a mistyped one.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// locationArg accepts exactly the <location> of status and undo.
func locationArg(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usageErrorf("give the location name: %s <location>", cmd.CommandPath())
	}
	return nil
}

// flagError makes a flag cobra could not parse a usage error (exit 2).
func flagError(_ *cobra.Command, err error) error {
	return usageErrorf("%v", err)
}

// addOutputFlag registers -o/--output: text or json.
func addOutputFlag(cmd *cobra.Command, output *string) {
	cmd.Flags().StringVarP(output, "output", "o", "text", "output: text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
}

// addYesFlag registers -y/--yes.
func addYesFlag(cmd *cobra.Command, yes *bool) {
	cmd.Flags().BoolVarP(yes, "yes", "y", false, "confirm every previewed change")
}
