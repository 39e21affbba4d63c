package ui

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"image/color"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
	"github.com/bslwiz/bslwiz/steps"
)

// timeoutErr is a net.Error that timed out, worded unlike "i/o timeout".
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "awaiting headers took too long" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestHint: the hint follows the kind of failure (steps.FailureOf), not the
// words of the error: typed errors get their hint whatever they say, and
// words that merely look like another failure do not mislead.
func TestHint(t *testing.T) {
	bucketRule := &rules.Error{Field: "bucket name", Value: "My", Rule: "uppercase letters are not allowed"}
	dial := func(err error) error {
		return fmt.Errorf("list projects: %w", &net.OpError{Op: "dial", Net: "tcp", Err: err})
	}
	tests := []struct {
		name    string
		err     error
		hasForm bool
		want    string
	}{
		{"timeout", fmt.Errorf("list locations: %w", context.DeadlineExceeded), true, "timed out"},
		{"net timeout", &url.Error{Op: "Get", URL: "https://palette/v1/projects", Err: timeoutErr{}}, false, "timed out"},
		{"rule with a form", fmt.Errorf("step 4: %w", bucketRule), true, "esc to go back to the form"},
		{"rule without a form", bucketRule, false, "with its flag"},
		{"plan", (steps.Plan{Scope: "project", Bucket: "My"}).Validate().Err(), false, "Go back to the step that asks for it"},
		{"palette key", fmt.Errorf("verify: %w", &palette.APIError{Status: 401, Code: "Unauthorized"}), true, "refused the API key"},
		{"palette key, tls words", &palette.APIError{Status: 403, Message: "tls: client certificate required"}, true, "refused the API key"},
		{"palette rate", &palette.APIError{Status: 429}, false, "Wait a few seconds"},
		{"sso", fmt.Errorf("step 5: %w", &aws.SSOExpiredError{Profile: "b"}), false, "another shell"},
		{"no credentials", fmt.Errorf("connect: %w", aws.ErrNoCredentials), true, "Sign in to Account B"},
		{"account A", &aws.WrongAccountError{Got: "444455556666", IsAccountA: true}, true, "Account B's credentials"},
		{"not account B", &aws.WrongAccountError{Got: "1", Want: "111122223333"}, true, "Account B's credentials"},
		{"trust raced", fmt.Errorf("step 9: %w", &aws.TrustChangedError{Role: "r"}), false, "read it again"},
		{"refused", dial(errors.New("connect: connection refused")), true, "Nothing answered"},
		{"no route", dial(errors.New("connect: no route to host")), true, "Nothing answered"},
		{"dns", &net.DNSError{Err: "server misbehaving", Name: "palette.example"}, true, "Nothing answered"},
		{"tls", fmt.Errorf("get: %w", x509.UnknownAuthorityError{}), true, "CA bundle"},
		{"sso words only", errors.New("palette: 500: the server said to run aws sso login"), false, "journal keeps your progress"},
		{"refused words only", errors.New(`bucket "b": policy text mentions connection refused`), true, "change the inputs"},
		{"other", errors.New("boom"), true, "esc"},
		{"other without a form", errors.New("boom"), false, "journal keeps your progress"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hint(tt.err, tt.hasForm); !strings.Contains(got, tt.want) {
				t.Errorf("hint(%v) = %q, want it to say %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestFindResumable(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	write := func(name string, sandbox bool, done []steps.Step, undone bool) {
		j := steps.NewJournal(steps.JournalPath(dir, name, sandbox), name, sandbox, now)
		for _, st := range done {
			j.MarkDone(st.ID, now)
		}
		if undone {
			j.Update(func(d *steps.JournalData) { d.Undone = &now })
		}
		if err := j.Save(); err != nil {
			t.Fatal(err)
		}
	}
	all := steps.Steps(steps.Plan{})
	write("half", false, all[:5], false)
	write("finished", false, all, false)
	write("undone", false, all[:7], true)
	write("sandboxed", true, all[:3], false)
	if err := writeFile(filepath.Join(dir, "garbage.json"), "{not json"); err != nil {
		t.Fatal(err)
	}
	real := findResumable(dir, false)
	if len(real) != 1 || real[0].location != "half" || real[0].next != all[5].ID {
		t.Errorf("real runs to resume: %+v, want only half at step 6", real)
	}
	sb := findResumable(dir, true)
	if len(sb) != 1 || sb[0].location != "sandboxed" || sb[0].next != all[3].ID {
		t.Errorf("sandbox runs to resume: %+v, want only sandboxed at step 4", sb)
	}
	if got := findResumable(filepath.Join(dir, "absent"), false); got != nil {
		t.Errorf("a missing state directory gives %+v", got)
	}
}

func TestShellWord(t *testing.T) {
	for in, want := range map[string]string{
		"acme-backups":    "acme-backups",
		"/home/ops/state": "/home/ops/state",
		"my backups":      "'my backups'",
		"it's":            `'it'\''s'`,
		"":                "''",
	} {
		if got := shellWord(in); got != want {
			t.Errorf("shellWord(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestHelpKey: "?" opens the full help where it is not a character, and
// f1 does it in a text field.
func TestHelpKey(t *testing.T) {
	w := newWorld(t, worldOpts{width: 120, height: 40})
	w.atStep(1)
	w.edit()
	if !w.m.typing() {
		t.Fatal("step 1 does not start in a text field")
	}
	w.typeText("?")
	if w.m.foot.ShowingAll() {
		t.Error("? in a text field opened the help instead of typing")
	}
	w.press("backspace")
	w.handle(keyMsg("f1"))
	if !w.m.foot.ShowingAll() {
		t.Errorf("f1 did not open the full help:\n%s", w.screen())
	}
	contains(t, w.screen(), "shift+tab")
}

// TestLightBackground rebuilds the themed components when the terminal
// says its background is light, keeping what was typed and the focus.
func TestLightBackground(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.walk(1)
	w.walk(2)
	w.atStep(3)
	w.edit()
	w.press("ctrl+u")
	w.typeText("light-backups")
	w.press("tab")
	w.handle(tea.BackgroundColorMsg{Color: color.White})
	if w.m.th.IsDark {
		t.Fatal("the theme is still dark")
	}
	if got := w.m.form.Value("locationName"); got != "light-backups" {
		t.Errorf("the typed name became %q", got)
	}
	if f := w.m.form.Focused(); f == nil || f.Key() != "provider" {
		t.Errorf("the focus moved to %v", f)
	}
	w.submit()
	contains(t, w.screen(), `new AWS location "light-backups"`)
}
