package components

import "github.com/charmbracelet/x/ansi"

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
