package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFitMiddleKeepsBothEndsOfAnARN(t *testing.T) {
	arn := "arn:aws:iam::111122223333:role/bslwiz-prod-backups"
	if got := FitMiddle(arn, 80, "…"); got != arn {
		t.Errorf("a token that fits changed: %q", got)
	}
	for _, w := range []int{10, 20, 33, 49} {
		got := FitMiddle(arn, w, "…")
		if ansi.StringWidth(got) > w || !strings.Contains(got, "…") || !strings.HasPrefix(arn, got[:strings.Index(got, "…")]) ||
			!strings.HasSuffix(arn, got[strings.Index(got, "…")+len("…"):]) {
			t.Errorf("FitMiddle(%d) = %q", w, got)
		}
	}
	if got := FitMiddle(arn, 1, "…"); ansi.StringWidth(got) > 1 {
		t.Errorf("width 1: %q", got)
	}
}

func TestWrapWholeNeverSplitsAWord(t *testing.T) {
	arn := "arn:aws:iam::111122223333:role/bslwiz-acme-backups"
	lines := WrapWhole("Palette will assume "+arn+" and check s3://acme-velero-backups", 46, "…")
	for _, l := range lines {
		if ansi.StringWidth(l) > 46 {
			t.Errorf("line wider than 46: %q", l)
		}
		if strings.Contains(l, "arn:") && !strings.Contains(l, "…") && !strings.Contains(l, arn) {
			t.Errorf("the ARN is split: %q", lines)
		}
	}
	if got := WrapWhole("see "+arn, 80, "…"); len(got) != 1 || got[0] != "see "+arn {
		t.Errorf("a line that fits changed: %q", got)
	}
}

// TestWrapWholeNeverShortensACommandToPaste: the words of a command meant to
// be pasted (SplitCommand) are wrapped whole by WrapPaste under the text
// before them, whatever renders them with WrapWhole (a fact, a check's
// reason, a diff's note), so that what is joined back is the command.
func TestWrapWholeNeverShortensACommandToPaste(t *testing.T) {
	const cmd = `aws iam put-role-policy --role-name ROLE_IN_ACCOUNT_A --policy-name bslwiz-sandbox-backups-assume --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/bslwiz-sandbox-backups"}]}'`
	for _, tc := range []struct {
		name, text, ellipsis, cont string
		width                      int
	}{
		{"a fact at 80x24 beside the step list", "grant it with Account A's credentials: " + cmd, "…", "↩", 54},
		{"a check's reason, indented", "  not checked (give --account-a-profile); Account A needs " + cmd, "…", "↩", 40},
		{"full width", "grant it: " + cmd, "…", "↩", 78},
		{"ASCII", "grant it: " + cmd, "...", "~", 60},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := WrapWhole(tc.text, tc.width, tc.ellipsis)
			var cmdLines []string
			for i, l := range lines {
				if ansi.StringWidth(l) > tc.width {
					t.Errorf("line %d wider than %d: %q", i, tc.width, l)
				}
				if strings.Contains(l, tc.ellipsis) {
					t.Errorf("line %d is shortened: %q", i, l)
				}
				if strings.HasPrefix(strings.TrimSpace(l), "aws iam") || len(cmdLines) > 0 {
					cmdLines = append(cmdLines, strings.TrimSpace(l))
				}
			}
			if got := JoinPaste(cmdLines, tc.cont); got != cmd {
				t.Errorf("the command joined back is\n%q\nwant\n%q\nlines: %q", got, cmd, lines)
			}
		})
	}
}
