package cli

import (
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/rules"
	"github.com/bslwiz/bslwiz/steps"
)

// CompletionOptions are the inputs of `bslwiz completion`.
type CompletionOptions struct {
	Factory *Factory
	Shell   string
}

// NewCmdCompletion is `bslwiz completion bash|zsh|fish`: the shell script
// that completes bslwiz's commands and flags, and, by asking bslwiz itself,
// AWS profiles, regions and the locations that have journals. runF, when not
// nil, runs instead of writing the script.
func NewCmdCompletion(f *Factory, runF func(*CompletionOptions) error) *cobra.Command {
	o := &CompletionOptions{Factory: f}
	return &cobra.Command{
		Use:   "completion bash|zsh|fish",
		Short: "print the shell completion script",
		Long: `Print the completion script for bash, zsh or fish. It completes commands and
flags and, by asking bslwiz as you type, AWS profiles (from the shared config
and credentials files, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE
honoured), regions, and the locations that have journals in the state
directory.

  bash:  source <(bslwiz completion bash)
  zsh:   bslwiz completion zsh > "${fpath[1]}/_bslwiz"
  fish:  bslwiz completion fish > ~/.config/fish/completions/bslwiz.fish`,
		ValidArgs: []string{"bash", "zsh", "fish"},
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || (args[0] != "bash" && args[0] != "zsh" && args[0] != "fish") {
				return usageErrorf("give the shell: %s bash|zsh|fish", cmd.CommandPath())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Shell = args[0]
			if runF != nil {
				return runF(o)
			}
			return writeCompletion(cmd.Root(), o)
		},
	}
}

func writeCompletion(root *cobra.Command, o *CompletionOptions) error {
	out := o.Factory.IO.Out
	switch o.Shell {
	case "bash":
		return root.GenBashCompletionV2(out, true)
	case "zsh":
		return root.GenZshCompletion(out)
	default:
		return root.GenFishCompletion(out, true)
	}
}

// registerPlanCompletions completes the values of the plan's flags that
// have a known set: AWS profiles, regions, choices and journaled locations.
func registerPlanCompletions(cmd *cobra.Command, in *planInputs) {
	for _, f := range steps.Fields() {
		if _, ok := in.vals[f.Key]; !ok {
			continue
		}
		var fn cobra.CompletionFunc
		switch {
		case f.Key == "awsProfile":
			fn = completeProfiles
		case f.Key == "locationName":
			fn = completeLocations
		case f.Kind == steps.KindRegion:
			fn = completeRegions
		case len(f.Choices) > 0:
			fn = cobra.FixedCompletions(f.Choices, cobra.ShellCompDirectiveNoFileComp)
		case f.Kind == steps.KindBool:
			fn = cobra.FixedCompletions([]string{"true", "false"}, cobra.ShellCompDirectiveNoFileComp)
		default:
			continue
		}
		_ = cmd.RegisterFlagCompletionFunc(f.Flag, fn)
	}
}

// completeProfiles offers the AWS profiles of the shared config and
// credentials files.
func completeProfiles(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	names, err := aws.Profiles()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	return withPrefix(names, prefix), cobra.ShellCompDirectiveNoFileComp
}

// completeRegions offers every known region, described.
func completeRegions(_ *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, r := range rules.Regions() {
		if strings.HasPrefix(r.Code, prefix) {
			out = append(out, cobra.CompletionWithDesc(r.Code, r.Name))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeLocations offers the locations that have a journal in the state
// directory (--state-dir, or the default): the sandbox's with --sandbox,
// the real ones without.
func completeLocations(cmd *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if cmd.Flags().Lookup("name") == nil && len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp // status and undo take one location
	}
	flag, _ := cmd.Flags().GetString("state-dir")
	sandbox, _ := cmd.Flags().GetBool("sandbox")
	dir, err := stateDir(flag)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		name, isSandbox := strings.CutSuffix(name, ".sandbox")
		if isSandbox == sandbox && rules.LocationName(name) == nil {
			names = append(names, name)
		}
	}
	return withPrefix(names, prefix), cobra.ShellCompDirectiveNoFileComp
}

func withPrefix(names []string, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
