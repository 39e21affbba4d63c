package task

import (
	"errors"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

var (
	policy = Task{ID: "policy", StartText: "Creating policy bslwiz-velero-policy", FinishText: "Created policy bslwiz-velero-policy"}
	role   = Task{ID: "role", StartText: "Creating role bslwiz-velero", FinishText: "Created role bslwiz-velero"}
	trust  = Task{ID: "trust", StartText: "Appending Account A 444455556666 to the trust policy", FinishText: "Appended Account A to the trust policy"}
	assume = Task{ID: "assume", StartText: "Checking that Palette can assume the role", FinishText: "Palette can assume the role"}
)

// newModel returns a task list whose countdown ticks are recorded, not slept.
func newModel(th *theme.Theme) (*Model, *[]tea.Msg) {
	m := New(th, keys.Default())
	var ticks []tea.Msg
	m.tick = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		ticks = append(ticks, msg)
		return func() tea.Msg { return msg }
	}
	return m, &ticks
}

func mixed(t *testing.T, m *Model) {
	t.Helper()
	m.Start(policy)
	m.Update(FinishedMsg{ID: "policy"})
	m.Start(role)
	m.Update(FinishedMsg{ID: "role", Text: "Adopted role bslwiz-velero (it already existed with the same trust)"})
	m.Start(trust)
	m.Update(FailedMsg{ID: "trust", Err: errors.New("iam:UpdateAssumeRolePolicy: AccessDenied: User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:UpdateAssumeRolePolicy on resource: role bslwiz-velero"), Hint: "ask an administrator of 111122223333 (Account B) to allow iam:UpdateAssumeRolePolicy on the role, then retry"})
	m.Start(assume)
	m.Update(RetryingMsg{ID: "assume", Countdown: Countdown{Attempt: 3, NextIn: 12 * time.Second, Remaining: 100 * time.Second, Reason: "IAM changes take time to propagate"}})
}

func TestTaskGolden(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m, _ := newModel(v.Theme())
			m.SetSize(v.Width, v.Height-10)
			mixed(t, m)
			uitest.Golden(t, v, m.View())
		})
	}
}

func TestCountdownText(t *testing.T) {
	m, _ := newModel(theme.New(true, true))
	m.SetSize(80, 24)
	mixed(t, m)
	view := strings.Join(strings.Fields(uitest.Plain(m.View())), " ")
	for _, want := range []string{
		"retrying in 12s — IAM changes take time to propagate; 1m40s left (attempt 3)",
		"Created policy bslwiz-velero-policy",
		"Adopted role bslwiz-velero",
		"Appending Account A 444455556666 to the trust policy: failed",
		"What to do: ask an administrator",
		"Press r to retry.",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, uitest.Plain(m.View()))
		}
	}
}

func TestSpinnerRunsOnlyWhileATaskRuns(t *testing.T) {
	m, _ := newModel(theme.New(true, true))
	cmd := m.Start(policy)
	if cmd == nil {
		t.Fatal("Start did not start the spinner")
	}
	tick, ok := cmd().(spinner.TickMsg)
	if !ok {
		t.Fatalf("Start's command made %T", tick)
	}
	if m.Start(role) != nil {
		t.Error("a second Start while running should not start a second tick chain")
	}
	before := m.View()
	if m.Update(tick) == nil {
		t.Fatal("running: the next tick must be scheduled")
	}
	if m.View() == before {
		t.Error("the frame did not advance")
	}
	m.Finish("policy", "")
	m.Finish("role", "")
	if m.Update(tick) != nil {
		t.Error("idle: a tick scheduled another; the screen would redraw for nothing")
	}
}

func TestRetryKey(t *testing.T) {
	m, _ := newModel(theme.New(true, true))
	m.Start(trust)
	if cmd := m.Update(uitest.Key('r')); cmd != nil {
		t.Error("r while nothing failed did something")
	}
	if len(m.ShortHelp()) != 0 {
		t.Error("retry key offered while nothing failed")
	}
	m.Fail("trust", errors.New("AccessDenied"), "ask for iam:UpdateAssumeRolePolicy")
	if len(m.ShortHelp()) != 1 || m.ShortHelp()[0].Help().Key != "r" {
		t.Errorf("short help while failed = %v", m.ShortHelp())
	}
	cmd := m.Update(uitest.Key('r'))
	if cmd == nil {
		t.Fatal("r on a failed task did nothing")
	}
	if msg, ok := cmd().(RetryMsg); !ok || msg.ID != "trust" {
		t.Fatalf("r sent %#v", cmd())
	}
	m.Start(trust)
	if m.State("trust") != Running {
		t.Errorf("restarted task is %v", m.State("trust"))
	}
	if strings.Contains(uitest.Plain(m.View()), "AccessDenied") {
		t.Error("the old error stays on a restarted task")
	}
}

func TestCountdownTicksDown(t *testing.T) {
	m, ticks := newModel(theme.New(true, true))
	m.Start(assume)
	m.Retrying("assume", Countdown{NextIn: 2 * time.Second, Remaining: 61 * time.Second, Reason: "IAM changes take time to propagate"})
	if len(*ticks) != 1 {
		t.Fatalf("Retrying scheduled %d ticks", len(*ticks))
	}
	first := (*ticks)[0]
	if m.Update(first) == nil {
		t.Fatal("1s left: the next tick should be scheduled")
	}
	if v := uitest.Plain(m.View()); !strings.Contains(v, "retrying in 1s") || !strings.Contains(v, "1m00s left") {
		t.Errorf("after one tick:\n%s", v)
	}
	if m.Update(first) != nil {
		t.Error("at 0s the countdown should stop ticking")
	}
	if v := uitest.Plain(m.View()); !strings.Contains(v, "retrying now") {
		t.Errorf("at zero:\n%s", v)
	}

	// A new countdown makes ticks of the old one stale.
	m.Retrying("assume", Countdown{NextIn: 5 * time.Second, Remaining: 50 * time.Second})
	m.Update(first)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "retrying in 5s") {
		t.Errorf("a stale tick changed the new countdown:\n%s", v)
	}
	m.Finish("assume", "")
	if cmd := m.Update((*ticks)[len(*ticks)-1]); cmd != nil {
		t.Error("a finished task kept counting down")
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", -time.Second: "0s", 500 * time.Millisecond: "1s", 12 * time.Second: "12s",
		59 * time.Second: "59s", time.Minute: "1m00s", 100 * time.Second: "1m40s", 2*time.Minute + 5*time.Second: "2m05s",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestNarrowAndShortFit(t *testing.T) {
	m, _ := newModel(theme.New(true, false))
	mixed(t, m)
	for _, size := range [][2]int{{80, 24}, {40, 6}, {20, 3}} {
		m.SetSize(size[0], size[1])
		uitest.RequireFits(t, m.View(), size[0], size[1])
	}
}

// TestLongFailureKeepsTheHint: an error taller than the box loses its
// middle (marked with an ellipsis), never the hint that says what to do;
// its first and last lines stay.
func TestLongFailureKeepsTheHint(t *testing.T) {
	long := errors.New("validate the location: palette: 400 InvalidRequest: " + strings.Repeat("the bucket policy denies s3:PutObject for the role; ", 8) +
		"final cause: AccessDenied")
	hint := "Check the bucket policy of acme-velero-backups in Account B, then retry."
	for _, size := range [][2]int{{56, 5}, {56, 6}, {56, 8}, {80, 6}, {40, 7}} {
		m, _ := newModel(theme.New(true, true))
		m.SetSize(size[0], size[1])
		m.Start(Task{ID: "other", StartText: "Signing in", FinishText: "Signed in"})
		m.Finish("other", "")
		m.Start(trust)
		m.Fail("trust", long, hint)
		view := m.View()
		uitest.RequireFits(t, view, size[0], size[1])
		plain := strings.Join(strings.Fields(uitest.Plain(view)), " ")
		if !strings.Contains(plain, "What to do: "+hint) {
			t.Errorf("%dx%d: the hint is cut:\n%s", size[0], size[1], uitest.Plain(view))
		}
		if !strings.Contains(plain, "validate the location") || !strings.Contains(plain, "…") {
			t.Errorf("%dx%d: the error's start or the ellipsis is missing:\n%s", size[0], size[1], uitest.Plain(view))
		}
		if size[1] >= 6 && !strings.Contains(plain, "AccessDenied") {
			t.Errorf("%dx%d: the error's end (its cause) is missing:\n%s", size[0], size[1], uitest.Plain(view))
		}
	}
}
