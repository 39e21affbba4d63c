package export

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHCLString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{"", `""`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"a\nb\tc\rd", `"a\nb\tc\rd"`},
		{"${var.x}", `"$${var.x}"`},
		{"%{ if true }", `"%%{ if true }"`},
		{"$${x}", `"$$${x}"`},
		{"cost: $5 or 5%", `"cost: $5 or 5%"`},
		{"bell\x07", `"bell\u0007"`},
		{"café", `"café"`},
	}
	for _, tt := range tests {
		if got := hclString(tt.in); got != tt.want {
			t.Errorf("hclString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestHCLKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Version", "Version"},
		{"managed_by", "managed_by"},
		{"a-b", "a-b"},
		{"sts:ExternalId", `"sts:ExternalId"`},
		{"bslwiz:location", `"bslwiz:location"`},
		{"1st", `"1st"`},
		{"", `""`},
	}
	for _, tt := range tests {
		if got := hclKey(tt.in); got != tt.want {
			t.Errorf("hclKey(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestHCLHeredoc(t *testing.T) {
	got := hclHeredoc("line one\n${not a template}\n\nEOT\n")
	want := "<<-EOT0\n  line one\n  $${not a template}\n\n  EOT\nEOT0"
	if got != want {
		t.Errorf("hclHeredoc =\n%s\nwant\n%s", got, want)
	}
}

// TestWriteHCLAlignsLikeTerraformFmt pins the layout rules terraform fmt
// applies: one-line attributes in a run share the column of their =, and a
// value over several lines (not a heredoc) ends the run.
func TestWriteHCLAlignsLikeTerraformFmt(t *testing.T) {
	var b strings.Builder
	writeHCL(&b, []hclItem{
		block("resource", []string{"x", "y"},
			attr("name", `"a"`),
			attr("ca_cert", hclHeredoc("pem\n")),
			attr("is_default", "false"),
			attr("policy", "jsonencode({\n  A = 1\n})"),
			attr("tags", `{}`),
			blank(),
			comment("note"),
			block("s3", nil, attr("arn", "aws_iam_role.this.arn")),
		),
	}, 0)
	want := `resource "x" "y" {
  name       = "a"
  ca_cert    = <<-EOT
    pem
  EOT
  is_default = false
  policy = jsonencode({
    A = 1
  })
  tags = {}

  # note
  s3 {
    arn = aws_iam_role.this.arn
  }
}
`
	if got := b.String(); got != want {
		t.Errorf("writeHCL =\n%s\nwant\n%s", got, want)
	}
}

// unquoteHCL reads back a string hclString wrote.
func unquoteHCL(q string) (string, bool) {
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		return "", false
	}
	q = q[1 : len(q)-1]
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '"' || c < 0x20 && c != '\t' || c == 0x7f:
			return "", false // must have been escaped
		case (c == '$' || c == '%') && strings.HasPrefix(q[i+1:], "{"):
			return "", false // an unescaped template sequence
		case (c == '$' || c == '%') && i+2 < len(q) && q[i+1] == c && q[i+2] == '{':
			b.WriteByte(c)
			i++
		case c == '\\':
			if i+1 >= len(q) {
				return "", false
			}
			i++
			switch q[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '"', '\\':
				b.WriteByte(q[i])
			case 'u':
				if i+4 >= len(q) {
					return "", false
				}
				n, err := strconv.ParseUint(q[i+1:i+5], 16, 32)
				if err != nil {
					return "", false
				}
				b.WriteRune(rune(n))
				i += 4
			default:
				return "", false
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func FuzzHCLString(f *testing.F) {
	for _, s := range []string{"plain", `"q"`, "${x}", "%{x}", "$${x}", "a\nb", "\x00", "\u2028", `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("HCL source is UTF-8")
		}
		q := hclString(s)
		if strings.Contains(q, "\n") {
			t.Fatalf("hclString(%q) = %s spans lines", s, q)
		}
		got, ok := unquoteHCL(q)
		if !ok || got != s {
			t.Fatalf("hclString(%q) = %s, which reads back as %q (ok=%v)", s, q, got, ok)
		}
	})
}
