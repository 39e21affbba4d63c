package form

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bslwiz/bslwiz/internal/termsafe"
)

// redacted replaces a secret wherever it would be shown.
const redacted = "[redacted]"

// ChangedMsg is sent when a field's value changes, for the root model to
// debounce and re-run the step's live checks.
type ChangedMsg struct {
	Key    string
	Value  string
	Masked bool // Value is a secret: String never prints it
}

// String describes the change without printing a secret.
func (c ChangedMsg) String() string {
	v := c.Value
	if c.Masked {
		v = redacted
	}
	return fmt.Sprintf("form.ChangedMsg{%s=%q}", c.Key, v)
}

// GoString is String, so %#v does not print a secret either.
func (c ChangedMsg) GoString() string { return c.String() }

// SubmittedMsg is sent when enter on the last field finds every field valid.
// Values maps each field's key to its value: text for Input and Select,
// "true"/"false" for Toggle, and the file's content for FilePath.
type SubmittedMsg struct {
	Values map[string]string
	masked map[string]bool
}

// String lists the values with secrets redacted.
func (s SubmittedMsg) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(s.Values)) {
		v := s.Values[k]
		if s.masked[k] {
			v = redacted
		}
		parts = append(parts, fmt.Sprintf("%s=%q", k, v))
	}
	return "form.SubmittedMsg{" + strings.Join(parts, " ") + "}"
}

// GoString is String, so %#v does not print a secret either.
func (s SubmittedMsg) GoString() string { return s.String() }

// redact removes secret from err's text.
func redact(err error, secret string) string {
	if err == nil {
		return ""
	}
	if secret == "" {
		return termsafe.Text(err.Error())
	}
	return termsafe.Text(strings.ReplaceAll(err.Error(), secret, redacted))
}
