package export

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// yamlMap is a YAML mapping that keeps its order. Values are string, int,
// bool, yamlMap or []any.
type yamlMap []yamlItem

type yamlItem struct {
	key   string
	value any
}

// writeYAML writes m as block-style YAML: two-space indents, lists indented
// under their key, strings plain when YAML reads them back as the same string
// and double-quoted otherwise. Lines are never folded.
func writeYAML(b *strings.Builder, m yamlMap, depth int) {
	for _, it := range m {
		writeYAMLEntry(b, strings.Repeat("  ", depth), yamlScalar(it.key)+":", it.value, depth)
	}
}

// writeYAMLEntry writes "lead value", where lead ("key:" or "-") is already
// indented by indent, and the value's own lines go at depth+1.
func writeYAMLEntry(b *strings.Builder, indent, lead string, value any, depth int) {
	switch v := value.(type) {
	case yamlMap:
		if len(v) == 0 {
			b.WriteString(indent + lead + " {}\n")
			return
		}
		b.WriteString(indent + lead + "\n")
		writeYAML(b, v, depth+1)
	case []any:
		if len(v) == 0 {
			b.WriteString(indent + lead + " []\n")
			return
		}
		b.WriteString(indent + lead + "\n")
		writeYAMLList(b, v, depth+1)
	default:
		b.WriteString(indent + lead + " " + yamlScalarValue(v) + "\n")
	}
}

func writeYAMLList(b *strings.Builder, items []any, depth int) {
	indent := strings.Repeat("  ", depth)
	for _, item := range items {
		m, ok := item.(yamlMap)
		if !ok || len(m) == 0 {
			writeYAMLEntry(b, indent, "-", item, depth)
			continue
		}
		// A mapping in a list starts on the dash's line: "- Key: value".
		var sub strings.Builder
		writeYAML(&sub, m, depth+1)
		b.WriteString(indent + "- " + strings.TrimPrefix(sub.String(), indent+"  "))
	}
}

func yamlScalarValue(v any) string {
	switch v := v.(type) {
	case string:
		return yamlScalar(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	panic(fmt.Sprintf("yaml: unsupported value %T", v))
}

// yamlPlainSafe matches strings YAML may read plain: they start with a letter
// or / and hold no character that starts a comment, a quote, a tag, an anchor,
// an alias, a flow collection or a block scalar.
var yamlPlainSafe = regexp.MustCompile(`^[A-Za-z/][A-Za-z0-9 _./:@,+=()*-]*$`)

// yamlKeywords are the words YAML 1.1 and 1.2 read as booleans or null.
var yamlKeywords = map[string]bool{
	"y": true, "yes": true, "n": true, "no": true, "true": true, "false": true,
	"on": true, "off": true, "null": true,
}

// yamlScalar renders a string: plain when that reads back as the same
// string, otherwise double-quoted.
func yamlScalar(s string) string {
	if yamlPlainSafe.MatchString(s) && !yamlKeywords[strings.ToLower(s)] &&
		!strings.HasSuffix(s, " ") && !strings.HasSuffix(s, ":") && !strings.Contains(s, ": ") {
		return s
	}
	return yamlQuote(s)
}

// yamlQuote double-quotes s, escaping what YAML does not allow as it is:
// the quote, the backslash, and every character outside YAML's printable set.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case yamlPrintable(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yamlPrintable is YAML's c-printable set, less the byte order mark.
func yamlPrintable(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0x7E, r == 0x85:
		return true
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD:
		return r != 0xFEFF
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
