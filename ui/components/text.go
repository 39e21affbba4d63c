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
// newlines are kept, and so is each line's leading indentation, which the
// line's continuations repeat (JSON stays readable). Wrap takes plain text:
// control characters and escape sequences (say, in an error message from a
// server) are removed by Sanitize first, so they can neither break the
// layout nor reach the terminal. Style the lines after wrapping.
func Wrap(text string, width int) []string {
	if width <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(Sanitize(text), "\n") {
		indent := para[:len(para)-len(strings.TrimLeft(para, " "))]
		// Keep at least half the line (and two cells) for the words.
		if maxIndent := max(0, (width-2)/2); len(indent) > maxIndent {
			indent = indent[:maxIndent]
		}
		line, lineW := indent, len(indent)
		flush := func() {
			out = append(out, line)
			line, lineW = indent, len(indent)
		}
		for _, word := range strings.Fields(para) {
			w := ansi.StringWidth(word)
			if lineW > len(indent) && lineW+1+w <= width {
				line, lineW = line+" "+word, lineW+1+w
				continue
			}
			if lineW > len(indent) {
				flush()
			}
			if lineW+w <= width {
				line, lineW = line+word, lineW+w
				continue
			}
			if w <= width {
				// The word fits a line but not after the full indent: give up
				// as much indent as it takes rather than cutting the word.
				line = indent[:width-w] + word
				lineW = width
				continue
			}
			room := width - lineW
			pieces := strings.Split(ansi.Hardwrap(word, room, false), "\n")
			line += pieces[0]
			for _, p := range pieces[1:] {
				flush()
				// Later pieces may use the full room after the indent too.
				line, lineW = indent+p, len(indent)+ansi.StringWidth(p)
			}
			lineW = ansi.StringWidth(line)
		}
		out = append(out, line)
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
