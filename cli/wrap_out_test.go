package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestWrapForOutKeepsWordsWhole: undo's preview is wrapped at $COLUMNS at
// spaces, so no word ("location") is split by the terminal, and a pipe
// without $COLUMNS gets the text as it is.
func TestWrapForOutKeepsWordsWhole(t *testing.T) {
	text := "Undo removes the backup location sandbox-backups from Palette and deletes role arn:aws:iam::111122223333:role/bslwiz-sandbox-backups\n  - iam:DeleteRole role bslwiz-sandbox-backups in 111122223333 (Account B)\n"
	f := &Factory{IO: newIOStreams(nil, &bytes.Buffer{}, nil, false), Getenv: func(k string) string {
		if k == "COLUMNS" {
			return "40"
		}
		return ""
	}}
	got := wrapForOut(f, text)
	words := strings.Fields(text)
	if g := strings.Fields(got); strings.Join(g, " ") != strings.Join(words, " ") {
		t.Fatalf("wrapping changed the words:\n%s", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if len(l) > 40 && strings.Contains(strings.TrimSpace(l), " ") {
			t.Errorf("line wider than 40 columns holds more than one word: %q", l)
		}
	}
	if !strings.Contains(got, "\n    bslwiz-sandbox-backups in") && !strings.Contains(got, "\n    ") {
		t.Errorf("the list item's continuation is not indented:\n%s", got)
	}
	f.Getenv = func(string) string { return "" }
	if got := wrapForOut(f, text); got != text {
		t.Errorf("without a width the text changed:\n%s", got)
	}
}
