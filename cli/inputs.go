package cli

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"sigs.k8s.io/yaml"

	"github.com/bslwiz/bslwiz/steps"
)

// Precedence of inputs, lowest first: defaults, the sandbox's seed, the
// journal of the location (a resumed run), the plan file (-f), the
// environment (BSLWIZ_*, SPECTROCLOUD_HOST), flags. A later source overrides
// an earlier one field by field, false and empty values included.
const precedenceHelp = "Inputs, lowest first: defaults < the sandbox's seed (--sandbox) < the location's journal (a resumed run) < plan file (-f) < environment < flags."

// planInputs are the flags of a command that builds a plan: one per plan
// field (each with its environment twin), -f, --sandbox and --state-dir.
type planInputs struct {
	flags    *pflag.FlagSet // the command's flags, to tell which fields were given
	vals     map[string]*string
	file     string
	sandbox  bool
	stateDir string
	// location is the <location> argument of status and undo, which stands
	// for --name there.
	location string
}

// addPlanInputs registers the plan's flags on cmd. Status and undo take the
// location as their argument, so they pass withName false.
func addPlanInputs(cmd *cobra.Command, in *planInputs, withName bool) {
	fs := cmd.Flags()
	fs.SortFlags = false // the guide's order, not the alphabet's
	in.flags = fs
	in.vals = planFlags(fs, withName)
	fs.StringVarP(&in.file, "file", "f", "", "plan file (YAML or JSON; keys are the flag names in camelCase)")
	fs.BoolVar(&in.sandbox, "sandbox", false, "run against in-process AWS and Palette emulators; nothing leaves this machine")
	fs.StringVar(&in.stateDir, "state-dir", "", "where journals live (default $XDG_STATE_HOME/bslwiz)")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml", "json")
	_ = cmd.MarkFlagDirname("state-dir")
	registerPlanCompletions(cmd, in)
}

// planFlags registers one flag per plan field on fs. Boolean fields take an
// optional value (--force-path-style, --force-path-style=false).
func planFlags(fs *pflag.FlagSet, withName bool) map[string]*string {
	vals := map[string]*string{}
	for _, f := range steps.Fields() {
		if f.Key == "locationName" && !withName {
			continue
		}
		v := new(string)
		help := f.Help + " ($" + f.Env + ")"
		fs.StringVar(v, f.Flag, "", help)
		if f.Kind == steps.KindBool {
			fs.Lookup(f.Flag).NoOptDefVal = "true"
		}
		vals[f.Key] = v
	}
	return vals
}

// loadPlan builds the plan from a file, the environment and the flags. It
// also returns the keys of the fields that were given, so that a given
// value — even false or empty — overrides the sandbox seed and the journal.
func loadPlan(in *planInputs, getenv func(string) string) (steps.Plan, map[string]bool, error) {
	var p steps.Plan
	given := map[string]bool{}
	if in.file != "" {
		keys, err := readPlanFile(&p, in.file)
		if err != nil {
			return p, nil, err
		}
		for _, k := range keys {
			given[k] = true
		}
	}
	for _, f := range steps.Fields() {
		if v := getenv(f.Env); v != "" {
			if err := f.Set(&p, v); err != nil {
				return p, nil, usageErrorf("$%s: %v", f.Env, err)
			}
			given[f.Key] = true
		}
	}
	for _, f := range steps.Fields() {
		if v, ok := in.vals[f.Key]; ok && in.flags.Changed(f.Flag) {
			if err := f.Set(&p, *v); err != nil {
				return p, nil, usageErrorf("%v", err)
			}
			given[f.Key] = true
		}
	}
	if in.location != "" {
		f, _ := steps.FieldByKey("locationName")
		if err := f.Set(&p, in.location); err != nil {
			return p, nil, usageErrorf("%v", err)
		}
		given[f.Key] = true
	}
	return p, given, nil
}

// readPlanFile reads a YAML or JSON plan whose keys are the fields' keys.
func readPlanFile(p *steps.Plan, path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf("plan file: %v", err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, usageErrorf("plan file %s: %v", path, err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := steps.FieldByKey(k)
		if !ok {
			return nil, usageErrorf("plan file %s: unknown key %q (known: %s)", path, k, strings.Join(fieldKeys(), ", "))
		}
		v := m[k]
		if v == nil {
			v = ""
		}
		if err := f.Set(p, fmt.Sprint(v)); err != nil {
			return nil, usageErrorf("plan file %s: %s: %v", path, k, err)
		}
	}
	return keys, nil
}

func fieldKeys() []string {
	var ks []string
	for _, f := range steps.Fields() {
		ks = append(ks, f.Key)
	}
	return ks
}

// missingFields lists the required fields a headless run lacks, each with
// its flag and environment names. Fields the steps fetch or detect
// themselves (region, Palette's IDs) are not required up front.
func missingFields(p steps.Plan) []steps.Field {
	p = p.WithDefaults()
	var out []steps.Field
	for _, f := range steps.Fields() {
		if !f.Required || f.Key == "region" {
			continue
		}
		if (f.Key == "roleName" || f.Key == "policyName") && strings.TrimSpace(p.LocationName) == "" {
			continue // made from the location's name, which is listed
		}
		if strings.TrimSpace(f.Get(&p)) == "" {
			out = append(out, f)
		}
	}
	return out
}

func missingError(fs []steps.Field) error {
	var b strings.Builder
	b.WriteString("missing input (no terminal to ask):")
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %-18s --%s or $%s", f.Label, f.Flag, f.Env)
	}
	return usageErrorf("%s", b.String())
}
