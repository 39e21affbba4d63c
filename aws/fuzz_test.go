package aws

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzProfileSection: any line of a shared config or credentials file parses
// without panicking, and a profile name is never empty or padded.
func FuzzProfileSection(f *testing.F) {
	for _, s := range []string{"[default]", "[profile dev]", "[ profile  x ]", "[sso-session corp]", "[services s]", "[]", "[profile ]", "[x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		section, ok := sectionName(line)
		if !ok {
			return
		}
		for _, isConfig := range []bool{true, false} {
			name, ok := profileName(section, isConfig)
			if ok && (name == "" || name != strings.TrimSpace(name)) {
				t.Errorf("profileName(%q, %v) = %q", section, isConfig, name)
			}
		}
	})
}

// FuzzDecodeDocument: a document URL-encoded as IAM does comes back unchanged.
func FuzzDecodeDocument(f *testing.F) {
	for _, s := range []string{`{"Version":"2012-10-17","Statement":[]}`, `{"a":"x+y z%"}`, "", "100%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		got, err := decodeDocument(url.QueryEscape(doc))
		if err != nil || got != doc {
			t.Errorf("decodeDocument(QueryEscape(%q)) = %q, %v", doc, got, err)
		}
	})
}
