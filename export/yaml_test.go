package export

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

func TestYAMLScalar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"AWS::IAM::Role", "AWS::IAM::Role"},
		{"sts:ExternalId", "sts:ExternalId"},
		{"/", "/"},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/*"},
		{"2012-10-17", `"2012-10-17"`},
		{"111122223333", `"111122223333"`},
		{"*", `"*"`},
		{"", `""`},
		{"yes", `"yes"`},
		{"Off", `"Off"`},
		{"null", `"null"`},
		{"a: b", `"a: b"`},
		{"key:", `"key:"`},
		{"it's", `"it's"`},
		{"a # b", `"a # b"`},
		{"trailing ", `"trailing "`},
		{"line\nbreak", `"line\nbreak"`},
		{"café", `"café"`},
	}
	for _, tt := range tests {
		if got := yamlScalar(tt.in); got != tt.want {
			t.Errorf("yamlScalar(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestWriteYAML(t *testing.T) {
	var b strings.Builder
	writeYAML(&b, yamlMap{
		{"Version", "2012-10-17"},
		{"Empty", yamlMap{}},
		{"None", []any{}},
		{"List", []any{"a", 3, true, yamlMap{{"Key", "k"}, {"Value", yamlMap{{"Ref", "X"}}}}, []any{"nested"}}},
	}, 0)
	want := `Version: "2012-10-17"
Empty: {}
None: []
List:
  - a
  - 3
  - true
  - Key: k
    Value:
      Ref: X
  -
    - nested
`
	if got := b.String(); got != want {
		t.Errorf("writeYAML =\n%s\nwant\n%s", got, want)
	}
	var back any
	if err := yaml.Unmarshal([]byte(b.String()), &back); err != nil {
		t.Fatalf("the YAML does not parse: %v", err)
	}
}

func FuzzYAMLScalar(f *testing.F) {
	for _, s := range []string{"plain", "2012-10-17", "yes", "a: b", "#", "- x", "[x]", "{x}", "&a", "!tag", "|", ">", "%x", "@x", "`x`", "~", "0x1F", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("YAML is UTF-8")
		}
		doc := "k: " + yamlScalar(s) + "\n"
		js, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			t.Fatalf("yamlScalar(%q) gives %q, which does not parse: %v", s, doc, err)
		}
		var back map[string]string
		if err := json.Unmarshal(js, &back); err != nil || back["k"] != s {
			t.Fatalf("yamlScalar(%q) gives %q, which reads back as %s (%v)", s, doc, js, err)
		}
	})
}
