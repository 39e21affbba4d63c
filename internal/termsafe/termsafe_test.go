package termsafe

import (
	"testing"
	"unicode/utf8"
)

func TestEscapes(t *testing.T) {
	tests := []struct{ in, text, line string }{
		{"plain text, é and 日本", "plain text, é and 日本", "plain text, é and 日本"},
		{"undo \x1b]0;pwned\x07", `undo \x1b]0;pwned\x07`, `undo \x1b]0;pwned\x07`},
		{"assumed-role/\x1b[2J", `assumed-role/\x1b[2J`, `assumed-role/\x1b[2J`},
		{"two\nlines\tand a tab", "two\nlines\tand a tab", `two\x0alines\x09and a tab`},
		{"cr\rDEL\x7fC1\u009b", `cr\x0dDEL\x7fC1\u009b`, `cr\x0dDEL\x7fC1\u009b`},
		{"bidi \u202egnp.exe", `bidi \u202egnp.exe`, `bidi \u202egnp.exe`},
		{"bad \xff byte", `bad \xff byte`, `bad \xff byte`},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.text {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "a\x1b[31mb", "\xff\xfe", "\u202e", "line\nline"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Line(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Line(%q) = %q is not UTF-8", s, got)
		}
		for _, r := range got {
			if unsafe(r, false) {
				t.Fatalf("Line(%q) = %q holds %U", s, got, r)
			}
		}
		if Text(got) != got || Line(got) != got {
			t.Fatalf("Line(%q) = %q is not a fixed point", s, got)
		}
		if isSafe(s, false) && got != s {
			t.Fatalf("Line(%q) changed safe text to %q", s, got)
		}
	})
}
