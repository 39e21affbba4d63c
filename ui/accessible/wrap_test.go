package accessible

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrapWordsKeepsWordsWhole: line mode wraps at the terminal's width at
// spaces; an ARN is never split, even when it is wider than the line.
func TestWrapWordsKeepsWordsWhole(t *testing.T) {
	arn := "arn:aws:iam::111122223333:role/bslwiz-prod-backups"
	text := "[ok] Role trusts Palette: " + arn + " trusts Palette 210987654321 with the external ID and Account A 444455556666"
	for _, w := range []int{30, 40, 80} {
		got := WrapWords(text, w)
		if !strings.Contains(got, arn) {
			t.Errorf("width %d: the ARN is split:\n%s", w, got)
		}
		if strings.Join(strings.Fields(got), " ") != text {
			t.Errorf("width %d: words lost or changed:\n%s", w, got)
		}
		for _, l := range strings.Split(got, "\n") {
			if utf8.RuneCountInString(l) > w && !strings.Contains(l, arn) {
				t.Errorf("width %d: line too long: %q", w, l)
			}
		}
	}
	if got := WrapWords("  - a b c d e f", 8); got != "  - a b\n    c d\n    e f" {
		t.Errorf("continuations: %q", got)
	}
}

// TestThePrompterWrapsAtItsWidth: help, statuses and refusals wrap; the
// prompt's last line still ends in ": ".
func TestThePrompterWrapsAtItsWidth(t *testing.T) {
	var out strings.Builder
	p := New(strings.NewReader("x\n"), &out)
	p.SetWidth(30)
	p.Status("ok", "Bucket exists in Account B, in the region", "acme-velero-backups exists in us-east-2")
	if _, err := p.Text(Question{Label: "S3 bucket", Help: "existing bucket in Account B, where the backups go"}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(out.String(), "\n") {
		if utf8.RuneCountInString(l) > 30 {
			t.Errorf("line wider than 30: %q\n%s", l, out.String())
		}
	}
}

func FuzzWrapWords(f *testing.F) {
	f.Add("arn:aws:iam::111122223333:role/x is the role", 10)
	f.Fuzz(func(t *testing.T, s string, w int) {
		if w <= 0 || w > 200 || !utf8.ValidString(s) || strings.ContainsAny(s, "\t\r\v\f\u0085\u00a0\u2028\u2029\u1680\u2000\u3000") {
			return
		}
		got := WrapWords(s, w)
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(s), " ") {
			t.Fatalf("WrapWords(%q, %d) = %q: words changed", s, w, got)
		}
	})
}
