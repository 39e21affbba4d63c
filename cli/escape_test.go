package cli

import (
	"strings"
	"testing"
)

// TestErrorsThatEchoInputNeverReachTheTerminalRaw: a location name, a flag value or a
// command that holds ESC comes back in the error escaped (\x1b), never as a sequence the
// terminal would act on.
func TestErrorsThatEchoInputNeverReachTheTerminalRaw(t *testing.T) {
	hostile := "x\x1b]0;pwned\x07\x1b[2J\u009b"
	for _, args := range [][]string{
		{"undo", hostile, "--state-dir", t.TempDir()},
		{hostile},
		{"--" + hostile},
	} {
		r := bslwiz(t, nil, "", args...)
		if r.code == 0 {
			t.Errorf("%q: exit 0", args)
		}
		if strings.ContainsAny(r.err+r.out, "\x1b\x07\u009b") {
			t.Errorf("%q: a control character reaches the terminal: %q", args, r.err+r.out)
		}
		if !strings.Contains(r.err, `\x1b`) {
			t.Errorf("%q: the error does not show the escape: %q", args, r.err)
		}
	}
}
