package steps

import (
	"regexp"
	"strings"
)

// pemBlock matches one PEM block whose line breaks were flattened to spaces.
var pemBlock = regexp.MustCompile(`-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----`)

// UnflattenPEM restores the line breaks of PEM text pasted into a one-line
// input. A terminal's bracketed paste keeps them, but a single-line field
// turns every newline into a space, and "-----BEGIN CERTIFICATE----- MIIB…"
// does not decode. Text with line breaks, or without a BEGIN line, is
// returned as it is (a file path stays a file path).
func UnflattenPEM(v string) string {
	t := strings.TrimSpace(v)
	if strings.Contains(t, "\n") || !strings.Contains(t, "-----BEGIN ") {
		return v
	}
	blocks := pemBlock.FindAllStringSubmatch(t, -1)
	if len(blocks) == 0 {
		return v
	}
	var b strings.Builder
	for _, m := range blocks {
		b.WriteString("-----BEGIN " + m[1] + "-----\n")
		for _, f := range strings.Fields(m[2]) {
			b.WriteString(f + "\n")
		}
		b.WriteString("-----END " + m[3] + "-----\n")
	}
	return b.String()
}
