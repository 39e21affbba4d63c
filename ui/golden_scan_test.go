package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// arnToken is a whole ARN: partition, service, region, account, resource.
var arnToken = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[A-Za-z0-9+=,.@_/:*-]*[A-Za-z0-9+=,.@_*]$`)

// pasted is a cell of a command or a document meant to be pasted: an
// aws or bslwiz command with a flag, or a JSON document in shell quotes.
var pasted = regexp.MustCompile(`\b(aws|bslwiz) [a-z0-9-]+ .*--[a-z]|'\{"|"\}\]\}'|--policy-document`)

// cells splits a screen line into the texts of its columns: the step list,
// the main column, the panel ("│ "), the two sides of a diff.
func cells(line string) []string {
	var out []string
	for _, c := range regexp.MustCompile(`│|\|  |\s{3,}`).Split(line, -1) {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// brokenTokens lists what in a plain screen breaks an ARN or a JSON string
// across lines: a cell whose last word starts an ARN that is not whole
// (cut at a hyphen, a slash or a colon, or its end replaced by an
// ellipsis: only the middle may be), or a cell of a JSON document with an
// unclosed string.
//
// One principled exception: a command or document meant to be pasted (the
// grant Account A needs) is never shortened, so a token of it wider than
// the line is hard-wrapped by components.WrapPaste, each piece but the last
// ending with its continuation mark (↩, or ~ in ASCII); c copies it whole.
// A cell that ends with the mark, and the cell under it, are such pieces.
func brokenTokens(screen string) []string {
	var bad []string
	cont := func(cell string) bool { return strings.HasSuffix(cell, "↩") || strings.HasSuffix(cell, "~") }
	prevCont := false
	for _, line := range strings.Split(screen, "\n") {
		lineCont := false
		for _, cell := range cells(line) {
			if cont(cell) || prevCont {
				lineCont = lineCont || cont(cell)
				continue
			}
			// A command or document to paste is wrapped whole, never
			// shortened: an ellipsis in one is a command that will not run,
			// or a policy that will not parse. A document's line starts
			// with its JSON (a diff's, with its line numbers).
			shortened := strings.Contains(cell, "…") || strings.Contains(cell, "...")
			if shortened && (pasted.MatchString(cell) || strings.HasPrefix(cell, `"`)) {
				bad = append(bad, "command or document to paste shortened: "+cell)
				continue
			}
			words := strings.Fields(cell)
			for i, w := range words {
				w = strings.Trim(w, `"',.();`)
				if !strings.HasPrefix(w, "arn:") {
					continue
				}
				if strings.HasSuffix(w, "…") || strings.HasSuffix(w, "...") {
					bad = append(bad, "ARN cut at its end: "+cell)
				} else if i == len(words)-1 && !strings.Contains(w, "…") && !arnToken.MatchString(w) {
					bad = append(bad, "ARN broken at the line's end: "+cell)
				}
			}
			// A JSON line of a document ("Key": "value",) with an odd count
			// of quotes has a string split over lines.
			if strings.HasPrefix(strings.TrimLeft(cell, "+- 0123456789"), `"`) && strings.Count(cell, `"`)%2 == 1 {
				bad = append(bad, "JSON string broken: "+cell)
			}
		}
		prevCont = lineCont
	}
	return bad
}

// TestNoGoldenViewBreaksAnARNOrAJSONString scans every golden view of the
// wizard and its components (80x24, 120x40, with and without colour): an
// ARN or a JSON value is shortened in the middle or moved whole to the
// next line, never split, so what a person copies off the screen works.
func TestNoGoldenViewBreaksAnARNOrAJSONString(t *testing.T) {
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".golden") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		for _, bad := range brokenTokens(uitest.Plain(string(b))) {
			t.Errorf("%s: %s", path, bad)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("scanned %d golden views; the walk missed some", n)
	}
}

// TestBrokenTokensFindsWhatItLooksFor: the scan's own cases, so a scan
// that finds nothing is not a scan that cannot.
func TestBrokenTokensFindsWhatItLooksFor(t *testing.T) {
	for _, tc := range []struct {
		screen string
		bad    bool
	}{
		{"role arn:aws:iam::111122223333:role/bslwiz-prod-\nbackups", true},
		{"role arn:aws:iam::111122223333:\nrole/x", true},
		{"the role arn:aws:iam::111…", true},
		{`    "Principal": {"AWS": "arn:aws:iam::`, true},
		{`      "sts:ExternalId": "5f0c1d2e-3a4b-` + "\n" + `4c5d"`, true},
		{"role arn:aws:iam::111122223333:role/bslwiz-prod-backups\nnext", false},
		{"  arn:aws:iam::11112222…le/bslwiz-e2e-120x40", false},
		{`      "sts:ExternalId": "5f0c1d2e"`, false},
		{`bucket name "My_Bucket": uppercase letters are not allowed`, false},
		// A pasteable command hard-wrapped with its continuation mark.
		{`    '{"Version":"2012-10-17","Resource":↩` + "\n" + `    "arn:aws:iam::111122223333:role/bslwiz-x"}]}'`, false},
		// A command to paste shortened in its middle (by WrapWhole, as a
		// plain fact's words are).
		{`    --policy-document '{"Version":"2012-10-17","S…slwiz-sandbox-backups"}]}'`, true},
		{`    "arn:aws:iam::111122223333:…le/bslwiz-sandbox-backups"}]}'`, true},
		{`grant it: aws iam put-role-policy --role-name ROLE_IN_ACCOUNT_A --policy-name x…`, true},
		// A document's value shortened (the Account A grant's Resource).
		{`      "arn:aws:iam::111122223333:…le/bslwiz-sandbox-backups"`, true},
		{`  "Resource": "arn:aws:iam::111122223333:…le/bslwiz-sandbox-backups"`, true},
		// ... and the line after the piece is scanned again.
		{"    '{\"Sid\":\"X\",↩\n    \"Effect\"}'\nrole arn:aws:iam::111122223333:\nrole/x", true},
	} {
		if got := len(brokenTokens(tc.screen)) > 0; got != tc.bad {
			t.Errorf("brokenTokens(%q) found %v, want %v", tc.screen, brokenTokens(tc.screen), tc.bad)
		}
	}
}
