package components

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// FitMiddle shortens a plain token (an ARN, a key, a URL) to at most width
// cells by cutting its middle and putting ellipsis there, so both ends, the
// partition and account as well as the role name, stay readable. A token
// that fits is returned whole. Callers keep the full value reachable (a
// copy key, a detail view).
func FitMiddle(token string, width int, ellipsis string) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(token) <= width {
		return token
	}
	ew := ansi.StringWidth(ellipsis)
	if width <= ew+1 {
		return ansi.Truncate(token, width, "")
	}
	r := []rune(token)
	keep := width - ew
	head := (keep + 1) / 2
	tail := keep - head
	for head+tail > 0 && ansi.StringWidth(string(r[:head])+ellipsis+string(r[len(r)-tail:])) > width {
		if tail > 0 {
			tail--
		} else {
			head--
		}
	}
	return string(r[:head]) + ellipsis + string(r[len(r)-tail:])
}

// WrapWhole is Wrap for text whose words are values a person copies (ARNs,
// keys, JSON values): a word wider than a line is shortened in its middle
// rather than split over lines, so no line holds half a value. The caller
// keeps the full text reachable (a copy key, a detail view).
//
// A command to paste that ends a paragraph (SplitCommand) is never
// shortened, whichever renderer hands it over: it goes on lines of its own
// under the words before it, two cells further in, wrapped whole by
// WrapPaste with PasteCont(ellipsis) ending each piece of a token.
func WrapWhole(text string, width int, ellipsis string) []string {
	if width <= 0 {
		return nil
	}
	var out []string
	for _, para := range strings.Split(Sanitize(text), "\n") {
		indent := para[:len(para)-len(strings.TrimLeft(para, " "))]
		lead, cmd, isCmd := SplitCommand(para[len(indent):])
		if !isCmd {
			lead = para[len(indent):]
		}
		words := strings.Fields(lead)
		for j, w := range words {
			words[j] = FitMiddle(w, width, ellipsis)
		}
		if !isCmd || len(words) > 0 {
			out = append(out, Wrap(indent+strings.Join(words, " "), width)...)
		}
		if !isCmd {
			continue
		}
		under := indent
		if len(words) > 0 {
			under += "  "
		}
		under = under[:min(len(under), max(0, (width-2)/2))] // as Wrap keeps half the line
		for _, l := range WrapPaste(cmd, width-len(under), PasteCont(ellipsis)) {
			out = append(out, under+l)
		}
	}
	return out
}

// PasteCont ends a line of a command or document to paste whose token goes
// on the next line: "↩", or "~" where the ellipsis is ASCII ("...").
func PasteCont(ellipsis string) string {
	if ellipsis == "..." {
		return "~"
	}
	return "↩"
}
