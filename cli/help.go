package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/steps"
)

const usageHead = `bslwiz adds an S3 bucket in AWS Account B as a Palette backup location for
clusters in AWS Account A, validated through STS — the 13 steps of Palette's
"Add a Backup Location, Advanced Use Case" guide, done for real.

Usage:
  bslwiz [flags]                  the wizard (a terminal UI; plain prompts with --accessible)
  bslwiz --sandbox                the wizard against in-process emulators: no cloud account needed
  bslwiz plan [flags]             print every API call apply would make, and every document; zero writes
  bslwiz apply --yes [flags]      run all 13 steps without a terminal, printing progress
  bslwiz export --format F        render the plan as terraform, cloudformation, awscli or json
  bslwiz status <location>        run the live checks only
  bslwiz undo <location> [--yes]  undo what bslwiz did, from the journal, after a preview
  bslwiz sandbox                  serve the emulators and print the environment that points tools at them
  bslwiz completion bash|zsh|fish print the shell completion script (flags, AWS profiles, regions, locations)

'bslwiz <command> --help' lists the flags that command takes.

Palette API key: $SPECTROCLOUD_APIKEY, or --api-key-file, or the wizard's masked prompt.
It is never a flag: flags show in ps. AWS credentials: the SDK's default chain (AWS_PROFILE,
SSO, environment, instance role) or --aws-profile. Over SSH, an expired SSO session prints the
device-code 'aws sso login' command in the form your aws CLI accepts; no browser is opened.
`

// writeRootHelp is `bslwiz --help`: the commands, the plan's flags by step
// with their environment twins, the wizard's other flags, the exit codes.
func writeRootHelp(root *cobra.Command) {
	w := root.OutOrStdout()
	fmt.Fprint(w, usageHead)
	fmt.Fprintf(w, "\n%s\n", precedenceHelp)
	fmt.Fprintln(w, "\nPlan flags (each has an environment twin; plan, apply, export, status and undo take them too):")
	// What the defaults fill in (names derived from the location's).
	defaults := steps.Plan{LocationName: "<name>"}.WithDefaults()
	for _, g := range fieldGroups() {
		fmt.Fprintf(w, "  step %d, %s:\n", g.number, g.title)
		for _, f := range g.fields {
			req := ""
			switch d := f.Get(&defaults); {
			case f.Key == "locationName":
				req = " (required)"
			case len(d) > 40:
				req = " (default: made from the location's name)"
			case d != "" && d != "false" && d != "0":
				req = " (default " + d + ")"
			case f.Required:
				req = " (required)"
			}
			fmt.Fprintf(w, "    --%-26s $%-30s %s%s\n", f.Flag, f.Env, f.Help, req)
		}
	}
	fmt.Fprintln(w, "\nOther flags:")
	for _, name := range []string{"file", "sandbox", "accessible", "state-dir", "help", "version"} {
		fl := root.Flags().Lookup(name)
		short := "   "
		if fl.Shorthand != "" {
			short = "-" + fl.Shorthand + ","
		}
		fmt.Fprintf(w, "  %s --%-24s %s\n", short, fl.Name, fl.Usage)
	}
	fmt.Fprintf(w, "\n%s\n", exitCodesHelp)
	fmt.Fprintln(w, "\nJournal: $XDG_STATE_HOME/bslwiz/<location>.json (mode 0600, no secrets); it is what resume and undo read.")
	fmt.Fprintln(w, "\nSandbox knobs: BSLWIZ_SANDBOX_LATENCY=300ms slows every emulated call like a far link;")
	fmt.Fprintln(w, "BSLWIZ_SANDBOX_PROPAGATION=20s makes IAM changes reach STS late, as in AWS, so validation's countdown shows.")
	fmt.Fprintln(w, "BSLWIZ_SANDBOX_PARTITION=aws-us-gov (or aws-cn) puts every account, key and the bucket in that partition.")
}
