package components

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Fit cuts a single styled line to at most width cells, ending it with tail
// when something was cut. Escape sequences are kept intact.
func Fit(line string, width int, tail string) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(line) <= width {
		return line
	}
	if ansi.StringWidth(tail) >= width {
		tail = ""
	}
	return ansi.Truncate(line, width, tail)
}

// Wrap breaks plain text into lines of at most width cells, at spaces and
// hyphens when it can and anywhere when a word is longer than a line (ARNs,
// URLs). Existing newlines are kept.
func Wrap(text string, width int) []string {
	if width <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(text, width, "-/"), "\n")
}

// Indent prefixes every line with prefix.
func Indent(lines []string, prefix string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

// ClipLines keeps at most height lines; when it drops some, the last kept
// line is replaced by more(n), where n is the number of lines not shown.
func ClipLines(lines []string, height int, more func(hidden int) string) []string {
	if height <= 0 {
		return nil
	}
	if len(lines) <= height {
		return lines
	}
	kept := append([]string(nil), lines[:height-1]...)
	return append(kept, more(len(lines)-height+1))
}
