package accessible

import (
	"strings"
	"unicode/utf8"
)

// SetWidth makes the prompter wrap what it writes at width columns, at
// spaces only (a word is never split: an ARN wider than the line keeps a
// line of its own), each continuation under its line's indent. Zero or
// less writes lines as they are (a pipe, a file).
func (p *Prompter) SetWidth(width int) { p.width = width }

// wrapText wraps every line of text at the prompter's width.
func (p *Prompter) wrapText(text string) string {
	if p.width <= 0 {
		return text
	}
	return WrapWords(text, p.width)
}

// WrapWords wraps text at width columns at spaces only: words stay whole,
// so an ARN, a key or a JSON value reads (and copies) as one; one wider
// than width overflows on a line of its own. A continuation keeps its
// line's leading indent, plus two spaces for a list item ("  - ", "[ok] ").
func WrapWords(text string, width int) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(line) <= width {
			out = append(out, line)
			continue
		}
		indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
		cont := indent + "  "
		if len(cont) > width/2 {
			cont = indent
		}
		cur, n := indent, len(indent)
		first := true
		for _, w := range strings.Fields(line) {
			wn := utf8.RuneCountInString(w)
			switch {
			case n == len(indent) && first, n == len(cont) && !first:
				cur, n = cur+w, n+wn
			case n+1+wn <= width:
				cur, n = cur+" "+w, n+1+wn
			default:
				out = append(out, cur)
				cur, n, first = cont+w, len(cont)+wn, false
			}
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}
