package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// parsed is what a command's flags and arguments parsed to, as its runF saw
// them.
type parsed struct {
	inputs *planInputs
	output string
	yes    bool
	format string
	shell  string
	// accessible is the wizard's --accessible (or TERM=dumb, ACCESSIBLE=1).
	accessible bool
}

// parseCommand runs one command with a runF that records its options, and
// returns them and the exit code the arguments give.
func parseCommand(t *testing.T, command string, env map[string]string, args ...string) (parsed, int) {
	t.Helper()
	f := newFactory(Env{Getenv: func(k string) string { return env[k] }, Version: "test"})
	var got parsed
	var cmd *cobra.Command
	switch command {
	case "bslwiz":
		cmd = newCmdRoot(f, func(o *WizardOptions) error {
			got = parsed{inputs: &o.Inputs, accessible: o.Accessible}
			return nil
		})
	case "plan":
		cmd = NewCmdPlan(f, func(o *PlanOptions) error { got = parsed{inputs: &o.Inputs, output: o.Output}; return nil })
	case "apply":
		cmd = NewCmdApply(f, func(o *ApplyOptions) error { got = parsed{inputs: &o.Inputs, output: o.Output, yes: o.Yes}; return nil })
	case "export":
		cmd = NewCmdExport(f, func(o *ExportOptions) error { got = parsed{inputs: &o.Inputs, format: o.Format}; return nil })
	case "status":
		cmd = NewCmdStatus(f, func(o *StatusOptions) error { got = parsed{inputs: &o.Inputs, output: o.Output}; return nil })
	case "undo":
		cmd = NewCmdUndo(f, func(o *UndoOptions) error { got = parsed{inputs: &o.Inputs, yes: o.Yes}; return nil })
	case "sandbox":
		cmd = NewCmdSandbox(f, func(*SandboxOptions) error { return nil })
	case "completion":
		cmd = NewCmdCompletion(f, func(o *CompletionOptions) error { got = parsed{shell: o.Shell}; return nil })
	default:
		t.Fatalf("no command %q", command)
	}
	cmd.SetFlagErrorFunc(flagError)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs(append([]string{}, args...)) // nil would make cobra read os.Args
	err := cmd.ExecuteContext(context.Background())
	return got, ExitCode(err)
}

func TestEachCommandParsesOnlyTheFlagsItTakes(t *testing.T) {
	cases := []struct {
		name    string
		command string
		env     map[string]string
		args    []string
		want    int
		check   func(t *testing.T, p parsed)
	}{
		{"wizard: sandbox and state dir", "bslwiz", nil, []string{"--sandbox", "--state-dir", "/tmp/s", "--bucket", "b1"}, ExitOK, func(t *testing.T, p parsed) {
			if !p.inputs.sandbox || p.inputs.stateDir != "/tmp/s" || *p.inputs.vals["bucket"] != "b1" || p.accessible {
				t.Errorf("parsed %+v", *p.inputs)
			}
		}},
		{"wizard: --accessible", "bslwiz", nil, []string{"--accessible"}, ExitOK, func(t *testing.T, p parsed) {
			if !p.accessible {
				t.Error("--accessible not set")
			}
		}},
		{"wizard: TERM=dumb means accessible", "bslwiz", map[string]string{"TERM": "dumb"}, nil, ExitOK, func(t *testing.T, p parsed) {
			if !p.accessible {
				t.Error("TERM=dumb did not make the prompts accessible")
			}
		}},
		{"wizard: no --yes", "bslwiz", nil, []string{"--yes"}, ExitUsage, nil},
		{"wizard: no --output", "bslwiz", nil, []string{"-o", "json"}, ExitUsage, nil},
		{"wizard: an unknown command", "bslwiz", nil, []string{"deploy"}, ExitUsage, nil},
		{"plan: output json", "plan", nil, []string{"-o", "json", "-f", "p.yaml"}, ExitOK, func(t *testing.T, p parsed) {
			if p.output != "json" || p.inputs.file != "p.yaml" {
				t.Errorf("output %q, file %q", p.output, p.inputs.file)
			}
		}},
		{"plan: output yaml is usage", "plan", nil, []string{"--output", "yaml"}, ExitUsage, nil},
		{"plan: no --yes", "plan", nil, []string{"--yes"}, ExitUsage, nil},
		{"plan: no --format", "plan", nil, []string{"--format", "json"}, ExitUsage, nil},
		{"plan: no arguments", "plan", nil, []string{"prod"}, ExitUsage, nil},
		{"apply: --yes and a given false", "apply", nil, []string{"-y", "--force-path-style=false", "--tagging"}, ExitOK, func(t *testing.T, p parsed) {
			if !p.yes || p.output != "text" {
				t.Errorf("yes %v output %q", p.yes, p.output)
			}
			plan, given, err := loadPlan(p.inputs, func(string) string { return "" })
			if err != nil || plan.ForcePathStyle || !given["forcePathStyle"] || !plan.Tagging {
				t.Errorf("plan %+v given %v err %v", plan, given, err)
			}
		}},
		{"apply: no --format", "apply", nil, []string{"--format", "json"}, ExitUsage, nil},
		{"apply: no --accessible", "apply", nil, []string{"--accessible"}, ExitUsage, nil},
		{"export: format", "export", nil, []string{"--format", "terraform"}, ExitOK, func(t *testing.T, p parsed) {
			if p.format != "terraform" {
				t.Errorf("format %q", p.format)
			}
		}},
		{"export: an unknown format is usage", "export", nil, []string{"--format", "pulumi"}, ExitUsage, nil},
		{"export: no --output", "export", nil, []string{"--format", "json", "-o", "json"}, ExitUsage, nil},
		{"export: no --yes", "export", nil, []string{"--format", "json", "--yes"}, ExitUsage, nil},
		{"status: the location is the argument", "status", nil, []string{"prod-backups", "-o", "json"}, ExitOK, func(t *testing.T, p parsed) {
			plan, given, err := loadPlan(p.inputs, func(string) string { return "" })
			if err != nil || plan.LocationName != "prod-backups" || !given["locationName"] || p.output != "json" {
				t.Errorf("plan %+v given %v err %v output %q", plan, given, err, p.output)
			}
		}},
		{"status: no location", "status", nil, nil, ExitUsage, nil},
		{"status: two locations", "status", nil, []string{"a", "b"}, ExitUsage, nil},
		{"status: the argument, not --name", "status", nil, []string{"a", "--name", "b"}, ExitUsage, nil},
		{"status: no --yes", "status", nil, []string{"a", "--yes"}, ExitUsage, nil},
		{"undo: --yes", "undo", nil, []string{"prod-backups", "--yes", "--palette-endpoint", "https://p.example"}, ExitOK, func(t *testing.T, p parsed) {
			if !p.yes || *p.inputs.vals["paletteEndpoint"] != "https://p.example" || p.inputs.location != "prod-backups" {
				t.Errorf("parsed %+v yes %v", *p.inputs, p.yes)
			}
		}},
		{"undo: no --output", "undo", nil, []string{"a", "-o", "json"}, ExitUsage, nil},
		{"sandbox: no plan flags", "sandbox", nil, []string{"--bucket", "b"}, ExitUsage, nil},
		{"sandbox: no --sandbox", "sandbox", nil, []string{"--sandbox"}, ExitUsage, nil},
		{"completion: zsh", "completion", nil, []string{"zsh"}, ExitOK, func(t *testing.T, p parsed) {
			if p.shell != "zsh" {
				t.Errorf("shell %q", p.shell)
			}
		}},
		{"completion: an unknown shell", "completion", nil, []string{"powershell"}, ExitUsage, nil},
		{"completion: no shell", "completion", nil, nil, ExitUsage, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, code := parseCommand(t, tc.command, tc.env, tc.args...)
			if code != tc.want {
				t.Fatalf("%s %s: exit %d, want %d", tc.command, strings.Join(tc.args, " "), code, tc.want)
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

func TestEachCommandsHelpListsOnlyItsFlags(t *testing.T) {
	cases := []struct {
		command       string
		want, notWant []string
	}{
		{"plan", []string{"--output", "--bucket", "--sandbox", "$BSLWIZ_BUCKET"}, []string{"--yes", "--format", "--accessible", "Exit codes"}},
		{"apply", []string{"--yes", "--output", "--account-a"}, []string{"--format", "--accessible"}},
		{"export", []string{"--format", "--bucket"}, []string{"--yes", "--output"}},
		{"status", []string{"--output", "--palette-endpoint", "<location>"}, []string{"--yes", "--name"}},
		{"undo", []string{"--yes", "--palette-endpoint", "<location>"}, []string{"--output", "--name"}},
		{"sandbox", []string{"BSLWIZ_SANDBOX_LATENCY"}, []string{"--bucket", "--sandbox", "--state-dir"}},
		{"completion", []string{"bash|zsh|fish"}, []string{"--bucket"}},
	}
	for _, tc := range cases {
		t.Run(tc.command, func(t *testing.T) {
			r := bslwiz(t, nil, "", tc.command, "--help")
			if r.code != ExitOK {
				t.Fatalf("exit %d\n%s", r.code, r.err)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.out, w) {
					t.Errorf("help lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(r.out, w) {
					t.Errorf("help lists %q", w)
				}
			}
		})
	}
}
