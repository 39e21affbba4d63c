package confirm

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

const permissions = `{
  "Statement": [
    {
      "Action": [
        "ec2:DescribeVolumes",
        "ec2:DescribeSnapshots",
        "ec2:CreateTags",
        "ec2:CreateVolume",
        "ec2:CreateSnapshot",
        "ec2:DeleteSnapshot"
      ],
      "Effect": "Allow",
      "Resource": "*"
    },
    {
      "Action": [
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:PutObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts"
      ],
      "Effect": "Allow",
      "Resource": "arn:aws:s3:::acme-velero-backups/*"
    }
  ],
  "Version": "2012-10-17"
}`

var step6 = Request{
	ID:    "step-6",
	Title: "Step 6 creates the permissions policy and the role in Account B",
	Calls: []Call{
		{Action: "iam:CreatePolicy", Target: "bslwiz-velero-policy", Where: "111122223333 (Account B)"},
		{Action: "iam:CreateRole", Target: "bslwiz-velero", Where: "111122223333 (Account B)"},
		{Action: "iam:AttachRolePolicy", Target: "bslwiz-velero ← bslwiz-velero-policy", Where: "111122223333 (Account B)"},
	},
	Documents: []Document{{Title: "Permissions policy bslwiz-velero-policy", Body: permissions}},
	Note:      "Re-running is safe: a policy or role that already exists with this name is adopted, not duplicated.",
}

func newPanel(th *theme.Theme, w, h int) *Model {
	m := New(th, keys.Default())
	m.SetSize(w, h)
	m.Set(step6)
	return m
}

func TestConfirmGolden(t *testing.T) {
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := newPanel(v.Theme(), v.Width, v.Height-6)
			uitest.Golden(t, v, m.View())
		})
	}
}

func TestListsCallsWithTheirAccount(t *testing.T) {
	m := newPanel(theme.New(true, true), 100, 40)
	view := uitest.Plain(m.View())
	for _, want := range []string{
		"These 3 API calls will be made, in this order:",
		"1. iam:CreatePolicy bslwiz-velero-policy in 111122223333 (Account B)",
		"2. iam:CreateRole bslwiz-velero in 111122223333 (Account B)",
		`"Resource": "arn:aws:s3:::acme-velero-backups/*"`,
	} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if got := (Call{Action: "iam:CreateRole", Where: "111122223333 (Account B)"}).String(); got != "iam:CreateRole in 111122223333 (Account B)" {
		t.Errorf("Call.String() = %q", got)
	}
}

func answer(t *testing.T, m *Model, k tea.KeyPressMsg) tea.Msg {
	t.Helper()
	cmd := m.Update(k)
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestAnswers(t *testing.T) {
	tests := []struct {
		name string
		key  tea.KeyPressMsg
		want tea.Msg
	}{
		{"y confirms", uitest.Key('y'), ConfirmedMsg{ID: "step-6"}},
		{"enter confirms", uitest.Key(tea.KeyEnter), ConfirmedMsg{ID: "step-6"}},
		{"esc backs out", uitest.Key(tea.KeyEscape), CancelledMsg{ID: "step-6"}},
		{"n backs out", uitest.Key('n'), CancelledMsg{ID: "step-6"}},
		{"other keys do nothing", uitest.Key('x'), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newPanel(theme.New(true, true), 80, 20)
			if got := answer(t, m, tt.key); got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestAnswersOnce(t *testing.T) {
	m := newPanel(theme.New(true, true), 80, 20)
	answer(t, m, uitest.Key(tea.KeyEnter))
	if got := answer(t, m, uitest.Key(tea.KeyEnter)); got != nil {
		t.Errorf("a second enter answered again: %#v", got)
	}
	if got := answer(t, m, uitest.Key(tea.KeyEscape)); got != nil {
		t.Errorf("esc after confirming answered: %#v", got)
	}
	m.Set(Request{ID: "step-9"})
	if got := answer(t, m, uitest.Key('y')); got != (ConfirmedMsg{ID: "step-9"}) {
		t.Errorf("a new request should take an answer: %#v", got)
	}
}

func TestScrolls(t *testing.T) {
	m := newPanel(theme.New(true, true), 80, 10)
	if h := m.ShortHelp(); len(h) != 3 || h[2].Help().Desc != "scroll" || h[2].Help().Key != "↑/↓" {
		t.Errorf("a long request offers one scroll key in the footer, got %v", h)
	}
	top := m.View()
	if !strings.Contains(uitest.Plain(top), "0%") {
		t.Errorf("a long request should show its scroll position:\n%s", uitest.Plain(top))
	}
	m.Update(uitest.Key('j'))
	if m.View() == top {
		t.Error("j did not scroll")
	}
	m.Update(uitest.Key(tea.KeyEnd))
	if !strings.Contains(uitest.Plain(m.View()), "100%") {
		t.Errorf("end did not reach the bottom:\n%s", uitest.Plain(m.View()))
	}
	m.Update(uitest.Key(tea.KeyHome))
	if m.View() != top {
		t.Error("home did not return to the top")
	}
	uitest.RequireFits(t, m.View(), 80, 10)
}

func TestNoCalls(t *testing.T) {
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(60, 10)
	m.Set(Request{ID: "noop"})
	if !strings.Contains(uitest.Plain(m.View()), "No API call changes anything.") {
		t.Errorf("empty request:\n%s", uitest.Plain(m.View()))
	}
}

// TestWrapsCallsAtWordsWithAHangingIndent: at the 56 columns the wizard
// gives the panel at 80x24, a long call wraps at spaces, never inside a
// name, and its continuation lines hang under the action, so each call
// reads as one numbered item; the account stays whole.
func TestWrapsCallsAtWordsWithAHangingIndent(t *testing.T) {
	const where = "111122223333 (Account B)"
	req := Request{ID: "step-6", Title: "Step 6 creates the permissions policy and the role in Account B", Calls: []Call{
		{Action: "iam:CreatePolicy", Target: "policy /bslwiz-sandbox-backups-backup", Where: where},
		{Action: "iam:CreateRole", Target: "role /bslwiz-sandbox-backups (trusts Palette 210987654321 with external ID)", Where: where},
		{Action: "iam:AttachRolePolicy", Target: "policy bslwiz-sandbox-backups-backup to role bslwiz-sandbox-backups", Where: where},
		{Action: "palette:POST /v1/users/assets/locations/s3", Target: "location sandbox-backups: s3://acme-velero-backups (us-east-2), STS role arn:aws:iam::111122223333:role/bslwiz-sandbox-backups",
			Where: "Palette 127.0.0.1:35375, project Default"},
	}}
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(56, 40)
	m.Set(req)
	view := m.View()
	uitest.RequireFits(t, view, 56, 40)
	lines := strings.Split(uitest.Plain(view), "\n")
	source := map[string]bool{}
	for _, c := range req.Calls {
		for _, w := range strings.Fields(c.Action + " " + c.Target + " in " + c.Where) {
			source[w] = true
		}
	}
	items := 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "  ") && len(l) > 4 && l[2] >= '1' && l[2] <= '9' && l[3] == '.':
			items++
			l = l[5:]
		case items > 0 && strings.HasPrefix(l, "   ") && strings.TrimSpace(l) != "":
			// A continuation hangs under the action; a word too long for
			// that (the ARN) may take some of the indent.
			if !strings.HasPrefix(l, "     ") && len(l) < 54 {
				t.Errorf("a continuation does not hang under the action: %q", l)
			}
		default:
			continue
		}
		for _, w := range strings.Fields(l) {
			if !source[w] {
				t.Errorf("%q is not a whole word of a call (split mid-word?)\n%s", w, uitest.Plain(view))
			}
		}
	}
	if items != len(req.Calls) {
		t.Errorf("%d numbered items, want %d:\n%s", items, len(req.Calls), uitest.Plain(view))
	}
	for _, want := range []string{"in " + where, "arn:aws:iam::111122223333:role/bslwiz-sandbox-backups"} {
		if !strings.Contains(uitest.Plain(view), want) {
			t.Errorf("%q is not whole on a line:\n%s", want, uitest.Plain(view))
		}
	}
}

// TestPromptFitsAndCountsTheCalls: the prompt says "this change" for one
// call and is never cut at the wizard's narrowest panel; the scroll hint
// has a line of its own.
func TestPromptFitsAndCountsTheCalls(t *testing.T) {
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(56, 6)
	m.Set(Request{ID: "one", Calls: []Call{{Action: "palette:POST", Target: strings.Repeat("word ", 30), Where: "Palette"}}})
	view := uitest.Plain(m.View())
	uitest.RequireFits(t, m.View(), 56, 6)
	for _, want := range []string{"Press y or enter to make this change, esc to back out.", "more below (0%)"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	m.Set(step6)
	if view := uitest.Plain(m.View()); !strings.Contains(view, "Press y or enter to make these changes, esc to back out.") {
		t.Errorf("several calls:\n%s", view)
	}
}

// TestPromptWrapsInANarrowColumn: beside the checks (44 columns) the prompt
// wraps onto a second line instead of ending in "…", and the panel still
// fits its box.
func TestPromptWrapsInANarrowColumn(t *testing.T) {
	m := newPanel(theme.New(true, true), 44, 12)
	view := m.View()
	uitest.RequireFits(t, view, 44, 12)
	flat := strings.Join(strings.Fields(uitest.Plain(view)), " ")
	if !strings.Contains(flat, "Press y or enter to make these changes, esc to back out.") {
		t.Errorf("the prompt is cut:\n%s", uitest.Plain(view))
	}
	if m.Need() != m.vp.TotalLineCount()+3 {
		t.Errorf("Need() = %d for %d lines of content and a two-line prompt", m.Need(), m.vp.TotalLineCount())
	}
}
