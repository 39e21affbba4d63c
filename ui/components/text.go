package components

import (
	"strings"
	"unicode"

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

// Wrap breaks plain text into lines of at most width cells. It breaks at
// spaces only, so "us-east-2" and ARNs stay whole when they fit, and breaks
// a word anywhere only when the word alone is wider than a line. Existing
// newlines are kept. Wrap takes plain text: control characters and escape
// sequences (say, in an error message from a server) are removed by
// Sanitize first, so they can neither break the layout nor reach the
// terminal. Style the lines after wrapping.
func Wrap(text string, width int) []string {
	if width <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(Sanitize(text), "\n") {
		line, lineW := "", 0
		flush := func() {
			out = append(out, line)
			line, lineW = "", 0
		}
		for _, word := range strings.Fields(para) {
			w := ansi.StringWidth(word)
			if lineW > 0 && lineW+1+w <= width {
				line, lineW = line+" "+word, lineW+1+w
				continue
			}
			if lineW > 0 {
				flush()
			}
			if w <= width {
				line, lineW = word, w
				continue
			}
			pieces := strings.Split(ansi.Hardwrap(word, width, false), "\n")
			out = append(out, pieces[:len(pieces)-1]...)
			line = pieces[len(pieces)-1]
			lineW = ansi.StringWidth(line)
		}
		flush()
	}
	return out
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

// Sanitize makes text safe to draw: invalid UTF-8 becomes U+FFFD, tabs
// become spaces, and every other control character (ESC, C1 controls, CR)
// is dropped. Newlines are kept.
func Sanitize(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, text)
}
