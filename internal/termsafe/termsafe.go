// Package termsafe makes text that may hold user input or a server's answer safe to write
// to a terminal: control characters (ESC above all, which starts the sequences that move
// the cursor, retitle the window or set the clipboard), C1 controls, bidirectional
// overrides and invalid UTF-8 are written as Go escapes (\x1b, \u202e, \xff), so what the
// user sees is what was typed, and nothing in it acts on the terminal. It imports nothing
// of bslwiz.
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text escapes s for a terminal, keeping newlines and tabs (for messages of several lines).
func Text(s string) string { return escape(s, true) }

// Line escapes s for a terminal, newlines and tabs too, so s stays on one line.
func Line(s string) string { return escape(s, false) }

func escape(s string, keepLayout bool) string {
	if isSafe(s, keepLayout) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafe(r, keepLayout):
			if r < 0x80 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isSafe(s string, keepLayout bool) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafe(r, keepLayout) {
			return false
		}
		i += size
	}
	return true
}

// unsafe reports whether r acts on a terminal, breaks a line or misleads the eye: C0 and
// C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates, the
// line and paragraph separators, the byte order mark and the non-characters U+FFFE and
// U+FFFF. What is left is YAML's printable set, so the output fits in a YAML comment.
func unsafe(r rune, keepLayout bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !keepLayout
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators: a line break to YAML 1.1 and some terminals
		return true
	case r == 0xfeff, r == 0xfffe, r == 0xffff: // byte order mark and non-characters
		return true
	}
	return false
}
