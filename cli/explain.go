package cli

import (
	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/steps"
)

// explain is the one line a person reads for err (steps.Explain): what
// failed and what to do, without the SDK's text.
func explain(err error) string { return steps.Explain(err) }

// debugEnv is --debug's environment twin.
const debugEnv = "BSLWIZ_DEBUG"

// addDebugFlag registers --debug on the root, for every command: the raw
// error under the one-line explanation.
func addDebugFlag(root *cobra.Command) {
	root.PersistentFlags().Bool("debug", false, "on failure, print the raw error under the explanation ($"+debugEnv+")")
}

// debugWanted reports whether --debug or BSLWIZ_DEBUG asks for raw errors.
func debugWanted(root *cobra.Command, getenv func(string) string) bool {
	if v, err := root.PersistentFlags().GetBool("debug"); err == nil && v {
		return true
	}
	v := getenv(debugEnv)
	return v != "" && v != "0" && v != "false"
}
