package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v4"

	"github.com/bslwiz/bslwiz/internal/boundedfile"
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
	// given is set by setup: the keys of the fields this run's plan file,
	// environment and flags gave.
	given map[string]bool
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

// maxPlanFileSize is far larger than any plan; a bigger file is the wrong
// file, and /dev/zero would never end.
const maxPlanFileSize = 1 << 20

// readPlanFile reads a YAML or JSON plan whose keys are the fields' keys,
// into p, and returns the keys it set. Each value is taken as written
// (roleName: 123456789 is the role "123456789", never 1.23456789e+08); a
// list or map where a value belongs, a duplicate key or anything after the
// plan is refused.
func readPlanFile(p *steps.Plan, path string) ([]string, error) {
	b, err := boundedfile.Read(path, maxPlanFileSize)
	if err != nil {
		return nil, usageErrorf("plan file: %v", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case errors.Is(err, io.EOF):
		return nil, nil // an empty file gives nothing
	case err != nil:
		return nil, usageErrorf("plan file %s: %v", path, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, usageErrorf("plan file %s: more than one plan, or data after it", path)
	}
	m := &doc
	if m.Kind == yaml.DocumentNode && len(m.Content) == 1 {
		m = m.Content[0]
	}
	if m.Kind == yaml.ScalarNode && m.Tag == "!!null" {
		return nil, nil // only comments
	}
	if m.Kind != yaml.MappingNode {
		return nil, usageErrorf("plan file %s: must be a map of keys to values (known keys: %s)", path, strings.Join(fieldKeys(), ", "))
	}
	var keys []string
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, usageErrorf("plan file %s: line %d: a key must be a name", path, k.Line)
		}
		if line, dup := seen[k.Value]; dup {
			return nil, usageErrorf("plan file %s: line %d: key %q is already given on line %d", path, k.Line, k.Value, line)
		}
		seen[k.Value] = k.Line
		f, ok := steps.FieldByKey(k.Value)
		if !ok {
			return nil, usageErrorf("plan file %s: unknown key %q (known: %s)", path, k.Value, strings.Join(fieldKeys(), ", "))
		}
		val, err := scalarText(f, v)
		if err != nil {
			return nil, usageErrorf("plan file %s: line %d: %s: %v", path, v.Line, k.Value, err)
		}
		if err := f.Set(p, val); err != nil {
			return nil, usageErrorf("plan file %s: %s: %v", path, k.Value, err)
		}
		keys = append(keys, k.Value)
	}
	sort.Strings(keys)
	return keys, nil
}

// scalarText is a plan file's value as the operator wrote it. A boolean
// field also takes YAML's yes/no/on/off.
func scalarText(f steps.Field, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", errors.New("must be a single value, not a list, a map or an alias")
	}
	if v.Tag == "!!null" {
		return "", nil
	}
	if f.Kind == steps.KindBool && v.Style == 0 {
		var b bool
		if err := v.Decode(&b); err == nil {
			return strconv.FormatBool(b), nil
		}
	}
	return v.Value, nil
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
		if f.Key == "accountA" && strings.TrimSpace(p.Cluster) != "" {
			continue // read from the cluster's cloud account in Palette
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
