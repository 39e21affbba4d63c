package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

const grantCmd = `aws iam put-role-policy --role-name ROLE_IN_ACCOUNT_A --policy-name bslwiz-real1-assume --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssume","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/bslwiz-real1"}]}'`

// TestWrapPasteNeverShortens: a command to paste is wrapped, never cut:
// every line fits, no ellipsis appears, and joining the lines gives the
// command back byte for byte, at widths from tiny to wide.
func TestWrapPasteNeverShortens(t *testing.T) {
	for _, width := range []int{3, 10, 40, 76, 80, 116, 400} {
		lines := WrapPaste(grantCmd, width, "↩")
		for _, l := range lines {
			if ansi.StringWidth(l) > max(width, 3) {
				t.Errorf("width %d: line %q is %d wide", width, l, ansi.StringWidth(l))
			}
			if strings.Contains(l, "…") {
				t.Errorf("width %d: line %q is shortened", width, l)
			}
		}
		if got := JoinPaste(lines, "↩"); got != grantCmd {
			t.Errorf("width %d: joined lines differ:\n got %s\nwant %s", width, got, grantCmd)
		}
	}
}

// TestSplitCommand finds the command at the end of a sentence, and nothing
// in a sentence without one.
func TestSplitCommand(t *testing.T) {
	for _, tc := range []struct{ text, lead, cmd string }{
		{"grant it with Account A's credentials: " + grantCmd, "grant it with Account A's credentials:", grantCmd},
		{"not checked (give --account-a-profile); Account A needs " + grantCmd, "not checked (give --account-a-profile); Account A needs", grantCmd},
		{grantCmd, "", grantCmd},
		{"the trust names aws accounts 444455556666", "the trust names aws accounts 444455556666", ""},
	} {
		lead, cmd, ok := SplitCommand(tc.text)
		if lead != tc.lead || cmd != tc.cmd || ok != (tc.cmd != "") {
			t.Errorf("SplitCommand(%q) = %q, %q, %v; want %q, %q", tc.text, lead, cmd, ok, tc.lead, tc.cmd)
		}
	}
}

func FuzzWrapPaste(f *testing.F) {
	f.Add(grantCmd, 20)
	f.Add("a  b\tc", 3)
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = 3 + abs(width)%200
		s = strings.Join(strings.Fields(Sanitize(s)), " ")
		lines := WrapPaste(s, width, "↩")
		if strings.Contains(s, "↩") {
			return // the marker itself in the text cannot round-trip
		}
		if got := JoinPaste(lines, "↩"); got != s {
			t.Fatalf("width %d: %q -> %q", width, s, got)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Fatalf("width %d: line %q too wide", width, l)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestWrapDocumentKeepsEveryValueWhole: a policy's lines keep their
// indent, and a line wider than the width (an ARN in a Resource) is
// wrapped at a space or with the continuation mark, never shortened: the
// lines joined back hold the document's words.
func TestWrapDocumentKeepsEveryValueWhole(t *testing.T) {
	doc := "{\n  \"Statement\": [\n    {\n      \"Resource\": \"arn:aws:iam::111122223333:role/bslwiz-sandbox-backups\"\n    }\n  ]\n}\n"
	for _, width := range []int{20, 40, 54, 80} {
		lines := WrapDocument(doc, width, "↩")
		var trimmed []string
		for _, l := range lines {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: line wider: %q", width, l)
			}
			if strings.Contains(l, "…") {
				t.Errorf("width %d: shortened: %q", width, l)
			}
			trimmed = append(trimmed, strings.TrimLeft(l, " "))
		}
		if got, want := strings.Join(strings.Fields(JoinPaste(trimmed, "↩")), " "), strings.Join(strings.Fields(doc), " "); got != want {
			t.Errorf("width %d: joined back\n%s\nwant\n%s", width, got, want)
		}
	}
}
