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
