package task

import (
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// TestAFailureThatEchoesInputIsEscaped: an error holding what the user or a server
// sent (an assumed-role ARN with ESC in it) is shown with the escape spelled out, and
// writes no sequence of its own to the terminal.
func TestAFailureThatEchoesInputIsEscaped(t *testing.T) {
	m, _ := newModel(theme.New(true, true))
	m.SetSize(80, 12)
	m.Start(trust)
	m.Fail("trust", errors.New("caller arn:aws:sts::111122223333:assumed-role/x\x1b]0;pwned\x07/s is not Account B"), "")
	view := m.View()
	if strings.Contains(view, "\x1b]0;") || strings.Contains(view, "\x07") {
		t.Fatalf("the view writes the error's sequence raw: %q", view)
	}
	if !strings.Contains(uitest.Plain(view), `x\x1b]0;pwned\x07/s`) {
		t.Errorf("the escape is not spelled out:\n%s", uitest.Plain(view))
	}
}
