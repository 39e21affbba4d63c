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
func WrapWhole(text string, width int, ellipsis string) []string {
	if width <= 0 {
		return nil
	}
	paras := strings.Split(Sanitize(text), "\n")
	for i, para := range paras {
		indent := para[:len(para)-len(strings.TrimLeft(para, " "))]
		words := strings.Fields(para)
		for j, w := range words {
			words[j] = FitMiddle(w, width, ellipsis)
		}
		paras[i] = indent + strings.Join(words, " ")
	}
	return Wrap(strings.Join(paras, "\n"), width)
}
