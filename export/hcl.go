package export

import (
	"fmt"
	"regexp"
	"strings"
)

// hclItem is one line or block of an HCL body. The writer lays it out the way
// `terraform fmt` does, so an export is already formatted: two-space indents,
// and the = of consecutive one-line attributes aligned.
type hclItem struct {
	kind   hclKind
	name   string // attribute name, block type, or comment text
	labels []string
	expr   string // attribute value, rendered at indent 0
	body   []hclItem
}

type hclKind int

const (
	hclAttribute hclKind = iota
	hclBlock
	hclBlank
	hclComment
)

func attr(name, expr string) hclItem { return hclItem{kind: hclAttribute, name: name, expr: expr} }
func block(typ string, labels []string, body ...hclItem) hclItem {
	return hclItem{kind: hclBlock, name: typ, labels: labels, body: body}
}
func blank() hclItem              { return hclItem{kind: hclBlank} }
func comment(text string) hclItem { return hclItem{kind: hclComment, name: text} }

// spansLines reports whether an attribute's value takes more than its own
// line. terraform fmt aligns only attributes that do not; a heredoc counts as
// one line, because its opening marker ends the attribute's line.
func (it hclItem) spansLines() bool {
	return strings.Contains(it.expr, "\n") && !strings.HasPrefix(it.expr, "<<")
}

// writeHCL writes items at the given depth (two spaces each).
func writeHCL(b *strings.Builder, items []hclItem, depth int) {
	indent := strings.Repeat("  ", depth)
	for i := 0; i < len(items); i++ {
		it := items[i]
		switch it.kind {
		case hclBlank:
			b.WriteString("\n")
		case hclComment:
			b.WriteString(commentLine(indent, it.name) + "\n")
		case hclBlock:
			b.WriteString(indent + it.name)
			for _, l := range it.labels {
				b.WriteString(" " + hclString(l))
			}
			b.WriteString(" {\n")
			writeHCL(b, it.body, depth+1)
			b.WriteString(indent + "}\n")
		case hclAttribute:
			if it.spansLines() {
				writeAttribute(b, it, indent, len(it.name))
				continue
			}
			// Align the = of this run of one-line attributes.
			j, width := i, 0
			for ; j < len(items) && items[j].kind == hclAttribute && !items[j].spansLines(); j++ {
				width = max(width, len(items[j].name))
			}
			for ; i < j; i++ {
				writeAttribute(b, items[i], indent, width)
			}
			i--
		}
	}
}

func writeAttribute(b *strings.Builder, it hclItem, indent string, width int) {
	b.WriteString(indent + it.name + strings.Repeat(" ", width-len(it.name)) + " = ")
	b.WriteString(strings.ReplaceAll(it.expr, "\n", "\n"+indent) + "\n")
}

var hclIdentifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// hclKey renders an object key: bare when it is an identifier, else quoted.
func hclKey(k string) string {
	if hclIdentifier.MatchString(k) {
		return k
	}
	return hclString(k)
}

// hclString quotes s as an HCL string literal. HCL strings are templates, so
// the ${ and %{ sequences are escaped as well as quotes and control
// characters; the result always means exactly s.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// hclHeredoc renders multi-line text as an indented heredoc whose value is
// exactly text, which must end with a newline. The marker is chosen so that
// no line of text ends the heredoc early.
func hclHeredoc(text string) string {
	marker := "EOT"
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for n := 0; containsLine(lines, marker); n++ {
		marker = fmt.Sprintf("EOT%d", n)
	}
	var b strings.Builder
	b.WriteString("<<-" + marker + "\n")
	for _, line := range lines {
		line = strings.ReplaceAll(line, "${", "$${")
		line = strings.ReplaceAll(line, "%{", "%%{")
		if line == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("  " + line + "\n")
	}
	b.WriteString(marker)
	return b.String()
}

func containsLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == s {
			return true
		}
	}
	return false
}

// hclValue renders a JSON value as the HCL expression that jsonencode turns
// back into the same JSON, keeping the order of object members.
func hclValue(v jsonValue) string {
	switch v.kind {
	case jsonNull:
		return "null"
	case jsonBool, jsonNumber:
		return v.text
	case jsonString:
		return hclString(v.text)
	case jsonArray:
		if len(v.items) == 0 {
			return "[]"
		}
		if len(v.items) == 1 && v.items[0].kind != jsonArray && v.items[0].kind != jsonObject {
			return "[" + hclValue(v.items[0]) + "]"
		}
		var b strings.Builder
		b.WriteString("[\n")
		for _, item := range v.items {
			b.WriteString("  " + strings.ReplaceAll(hclValue(item), "\n", "\n  ") + ",\n")
		}
		b.WriteString("]")
		return b.String()
	case jsonObject:
		if len(v.members) == 0 {
			return "{}"
		}
		items := make([]hclItem, len(v.members))
		for i, m := range v.members {
			items[i] = attr(hclKey(m.key), hclValue(m.value))
		}
		var b strings.Builder
		b.WriteString("{\n")
		writeHCL(&b, items, 1)
		b.WriteString("}")
		return b.String()
	}
	return "null"
}
