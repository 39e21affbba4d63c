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
