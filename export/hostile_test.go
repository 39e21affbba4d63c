package export

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"sigs.k8s.io/yaml"

	"github.com/bslwiz/bslwiz/steps"
)

// placeholder stands for a hostile value in the reference rendering: a word that no
// format quotes or escapes.
const placeholder = "bslwizplaceholder"

// hostileFields are the Plan's string fields a hostile value goes into. The file
// fields (CACert, PaletteCAFile, APIKeyFile) name files, and Scope and Provider are
// choices; every other string field is here.
var hostileFields = func() []string {
	var names []string
	t := reflect.TypeOf(steps.Plan{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		switch f.Name {
		case "CACert", "PaletteCAFile", "APIKeyFile", "Scope", "Provider":
			continue
		}
		if f.Type.Kind() == reflect.String && f.IsExported() {
			names = append(names, f.Name)
		}
	}
	return names
}()

// hostilePlans returns the plan with v in every field of hostileFields where the model
// still resolves (a region must name a partition, Account A must parse), and the same
// plan with the placeholder in those fields instead.
func hostilePlans(v string) (hostile, reference *model) {
	hp, rp := basicPlan().WithDefaults(), basicPlan().WithDefaults()
	for _, name := range hostileFields {
		h, r := hp, rp
		reflect.ValueOf(&h).Elem().FieldByName(name).SetString(v)
		reflect.ValueOf(&r).Elem().FieldByName(name).SetString(placeholder)
		if _, err := resolve(h); err != nil {
			continue
		}
		if _, err := resolve(r); err != nil {
			continue
		}
		hp, rp = h, r
	}
	hostile, err := resolve(hp)
	if err != nil {
		panic(err) // each step above resolved
	}
	reference, err = resolve(rp)
	if err != nil {
		panic(err)
	}
	return hostile, reference
}

func renderModel(t *testing.T, f Format, m *model) string {
	t.Helper()
	var b strings.Builder
	if err := renderers[f](&b, m); err != nil {
		t.Skipf("%s refuses the plan: %v", f, err) // a refusal is safe
	}
	return b.String()
}

// keyPaths lists every object key of a decoded JSON value with its path: the shape of
// a document, which a value must never change.
func keyPaths(v any, prefix string, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == placeholder {
				k = "<value>"
			}
			*out = append(*out, prefix+"/"+k)
			keyPaths(e, prefix+"/"+k, out)
		}
	case []any:
		for _, e := range v {
			keyPaths(e, prefix+"[]", out)
		}
	}
}

func shapeOfJSON(t *testing.T, what string, data []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", what, err, data)
	}
	var paths []string
	keyPaths(v, "", &paths)
	sort.Strings(paths)
	return slices.Compact(paths)
}

func shapeOfYAML(t *testing.T, what, doc string) []string {
	t.Helper()
	data, err := yaml.YAMLToJSON([]byte(doc))
	if err != nil {
		t.Fatalf("%s does not parse as YAML: %v\n%s", what, err, doc)
	}
	return shapeOfJSON(t, what, data)
}

// shapeOfHCL lists the block types and attribute names of a Terraform file, nested.
func shapeOfHCL(t *testing.T, what, src string) []string {
	t.Helper()
	file, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s does not parse as HCL: %v\n%s", what, diags, src)
	}
	var paths []string
	var walk func(b *hclsyntax.Body, prefix string)
	walk = func(b *hclsyntax.Body, prefix string) {
		for name := range b.Attributes {
			paths = append(paths, prefix+"."+name)
		}
		for _, blk := range b.Blocks {
			p := prefix + "/" + blk.Type + "(" + strings.Repeat("_", len(blk.Labels)) + ")"
			paths = append(paths, p)
			walk(blk.Body, p)
		}
	}
	walk(file.Body.(*hclsyntax.Body), "")
	sort.Strings(paths)
	return slices.Compact(paths)
}

// leadingComments checks that the header of a YAML, HCL or bash file is comments only:
// a value that broke out of a comment would start a line of its own.
func leadingComments(t *testing.T, what, doc string, firstCode string) {
	t.Helper()
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, firstCode) {
			return
		}
		if line != "" && !strings.HasPrefix(line, "#") {
			t.Fatalf("%s: a line of its header is not a comment: %q", what, line)
		}
	}
}

// runScript runs an awscli export against the fake aws with a PATH that holds only it
// and the few tools the script uses: any other command an injected value tried to run
// would be "command not found". It returns the operations the fake saw and stderr.
func runScript(t *testing.T, script string) ([]string, string) {
	t.Helper()
	e := newScriptEnv(t, basicPlan(), "jq")
	if err := os.WriteFile(e.script, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, stderr, _ := e.run()
	var ops []string
	for _, c := range e.getState().Calls {
		ops = append(ops, c.Op)
	}
	return ops, stderr
}

// FuzzExportsWithHostileValues renders every export with one hostile value in every
// field the renderers take as text, with the rules switched off (they are one fence;
// the escaping is the other), and parses each result: JSON and the CloudFormation YAML
// must keep the keys of the reference rendering, Terraform must parse with
// hashicorp/hcl and keep its blocks and attributes, and the aws CLI script must pass
// bash -n and, run against the fake aws, run no command but its own and no aws call
// the reference run does not make.
func FuzzExportsWithHostileValues(f *testing.F) {
	for _, s := range []string{
		"prod\nrm -rf ~",
		"x\n  Evil: true\nOther:",
		"a'; touch pwned; '",
		"$(touch pwned)`touch pwned`${IFS}",
		"\" }\nresource \"null_resource\" \"pwned\" {\n#",
		"${file(\"/etc/passwd\")}%{ if true }x%{ endif }",
		"BSLWIZ_JSON\ntouch pwned\nBSLWIZ_JSON",
		"\r\x1b]0;t\x07\u2028\u0085\ufeff\\",
	} {
		f.Add(s)
	}
	bash, bashErr := exec.LookPath("bash")
	_, jqErr := exec.LookPath("jq")
	f.Fuzz(func(t *testing.T, v string) {
		if v == "" {
			return // an empty field leaves its key out: a different plan, not a hostile value
		}
		hostile, reference := hostilePlans(v)

		data := renderModel(t, JSON, hostile)
		if got, want := shapeOfJSON(t, "json", []byte(data)), shapeOfJSON(t, "reference json", []byte(renderModel(t, JSON, reference))); !slices.Equal(got, want) {
			t.Fatalf("the JSON export's keys changed:\n got %v\nwant %v\n%s", got, want, data)
		}

		cfn := renderModel(t, CloudFormation, hostile)
		leadingComments(t, "cloudformation", cfn, "AWSTemplateFormatVersion")
		if got, want := shapeOfYAML(t, "cloudformation", cfn), shapeOfYAML(t, "reference", renderModel(t, CloudFormation, reference)); !slices.Equal(got, want) {
			t.Fatalf("the CloudFormation template's keys changed:\n got %v\nwant %v\n%s", got, want, cfn)
		}

		tf := renderModel(t, Terraform, hostile)
		leadingComments(t, "terraform", tf, "terraform {")
		if got, want := shapeOfHCL(t, "terraform", tf), shapeOfHCL(t, "reference", renderModel(t, Terraform, reference)); !slices.Equal(got, want) {
			t.Fatalf("the Terraform file's blocks or attributes changed:\n got %v\nwant %v\n%s", got, want, tf)
		}

		script := renderModel(t, AWSCLI, hostile)
		leadingComments(t, "awscli", script, "set -euo pipefail")
		if bashErr != nil {
			return
		}
		path := t.TempDir() + "/export.sh"
		if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
			t.Fatalf("bash -n: %v\n%s\n%s", err, out, script)
		}
		if jqErr != nil {
			return
		}
		ops, stderr := runScript(t, script)
		refOps, _ := runScript(t, renderModel(t, AWSCLI, reference))
		for _, bad := range []string{"command not found", "syntax error", "unbound variable", "fake aws:"} {
			if strings.Contains(stderr, bad) {
				t.Fatalf("the script ran something of the value's (%s):\n%s\n%s", bad, stderr, script)
			}
		}
		if len(ops) > len(refOps) || !slices.Equal(ops, refOps[:len(ops)]) {
			t.Fatalf("the script made other aws calls than the reference:\n got %v\nwant a prefix of %v\n%s", ops, refOps, stderr)
		}
	})
}
