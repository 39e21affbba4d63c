package components

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width int
		want  []string
	}{
		{"fits", "bucket found", 20, []string{"bucket found"}},
		{"breaks at spaces, not hyphens", "the bucket is in us-east-2 today", 14, []string{"the bucket is", "in us-east-2", "today"}},
		{"long word is cut", "arn:aws:iam::111122223333:role/x", 12, []string{"arn:aws:iam:", ":11112222333", "3:role/x"}},
		{"long word then text", "abcdefghij k", 4, []string{"abcd", "efgh", "ij k"}},
		{"keeps newlines", "one\ntwo three", 5, []string{"one", "two", "three"}},
		{"empty", "", 5, []string{""}},
		{"zero width", "x", 0, nil},
		{"escape sequences are removed", "bad\x1b[2J\x9b1m input\ttab", 20, []string{"bad[2J\uFFFD1m input tab"}},
		{"keeps indentation", "    \"AWS\": \"arn:aws:iam::444455556666:root\"", 24, []string{"    \"AWS\":", "    \"arn:aws:iam::444455", "    556666:root\""}},
		{"a word that fits without its indent is not cut", "      \"arn:aws:iam::1:root\"", 22, []string{" \"arn:aws:iam::1:root\""}},
		{"indent wider than half is capped", "        x y", 8, []string{"   x y"}},
		{"wide runes", "日本語のテキスト", 6, []string{"日本語", "のテキ", "スト"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Wrap(tt.text, tt.width)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
			for _, l := range got {
				if ansi.StringWidth(l) > tt.width {
					t.Errorf("line %q wider than %d", l, tt.width)
				}
			}
		})
	}
}

func FuzzWrap(f *testing.F) {
	f.Add("the bucket is in us-east-2", 10)
	f.Add("arn:aws:iam::111122223333:role/bslwiz", 7)
	f.Add("日本語 x", 2)
	f.Fuzz(func(t *testing.T, text string, width int) {
		// Below two cells a double-width rune cannot fit any line.
		if width < 2 || width > 200 {
			return
		}
		for _, l := range Wrap(text, width) {
			if w := ansi.StringWidth(l); w > width {
				t.Fatalf("Wrap(%q, %d) made a line %d wide: %q", text, width, w, l)
			}
		}
		if strings.Join(strings.Fields(strings.Join(Wrap(text, width), "")), "") != strings.Join(strings.Fields(Sanitize(text)), "") {
			t.Fatalf("Wrap(%q, %d) lost or added text", text, width)
		}
	})
}

func TestFit(t *testing.T) {
	tests := []struct {
		line  string
		width int
		tail  string
		want  string
	}{
		{"short", 10, "…", "short"},
		{"exactly", 7, "…", "exactly"},
		{"too long line", 8, "…", "too lon…"},
		{"ab", 1, "…", "a"},
		{"abc", 2, "...", "ab"},
		{"x", 0, "…", ""},
		{"\x1b[1mbold text\x1b[m", 6, "…", "\x1b[1mbold …\x1b[m"},
	}
	for _, tt := range tests {
		if got := Fit(tt.line, tt.width, tt.tail); got != tt.want {
			t.Errorf("Fit(%q, %d, %q) = %q, want %q", tt.line, tt.width, tt.tail, got, tt.want)
		}
	}
}

func TestClipLines(t *testing.T) {
	more := func(n int) string { return strings.Repeat("+", n) }
	lines := []string{"a", "b", "c", "d"}
	if got := ClipLines(lines, 4, more); !reflect.DeepEqual(got, lines) {
		t.Errorf("fitting lines changed: %q", got)
	}
	if got := ClipLines(lines, 3, more); !reflect.DeepEqual(got, []string{"a", "b", "++"}) {
		t.Errorf("ClipLines(4 lines, 3) = %q", got)
	}
	if got := ClipLines(lines, 0, more); got != nil {
		t.Errorf("ClipLines(_, 0) = %q", got)
	}
}
