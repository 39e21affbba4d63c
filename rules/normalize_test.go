package rules

import (
	"strings"
	"testing"
)

func TestNormalizeAccountIDTakesTheConsolesForm(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"444455556666", "444455556666"},
		{"4444-5555-6666", "444455556666"},
		{"4444 5555 6666", "444455556666"},
		{" 4444-5555-6666 ", "444455556666"},
		{"0123-4567-8901", "012345678901"},
		{"4444-5555-666", "4444-5555-666"},     // 11 digits: the rule says so
		{"4444--5555-6666", "4444--5555-6666"}, // not a way anyone writes it
		{"-444455556666", "-444455556666"},     // nor this
		{"arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:root"},
		{"4444-5555-666a", "4444-5555-666a"},
	} {
		if got := NormalizeAccountID(tc.in); got != tc.want {
			t.Errorf("NormalizeAccountID(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := NormalizeAccountID(tc.in); got != tc.want || (got == "444455556666" && AccountID(got) != nil) {
			t.Errorf("normalised %q does not pass the rule", tc.in)
		}
	}
}

func FuzzNormalizeAccountID(f *testing.F) {
	f.Add("4444-5555-6666")
	f.Add("4444 5555 6666")
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeAccountID(s)
		if got != NormalizeAccountID(got) {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, got, NormalizeAccountID(got))
		}
		if got != s && got != strings.TrimSpace(s) && AccountID(got) != nil {
			t.Fatalf("%q normalised to %q, which the rule refuses", s, got)
		}
	})
}
