package validation

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

func sample() []CheckItem {
	return []CheckItem{
		{Name: "Palette API key works", Status: CheckOK, Reason: `authenticated to tenant "acme"; project Default found`},
		{Name: "Bucket acme-velero-backups exists", Status: CheckRunning},
		{Name: "Bucket region", Status: CheckWarn, Reason: "the bucket is in us-east-2 but the location says us-east-1; Velero would fail with BucketRegionError: incorrect region"},
		{Name: "Role name", Status: CheckFail, Reason: `role name "bslwiz velero": spaces are not allowed (letters, digits and +=,.@_- only)`},
		{Name: "Account A principal", Status: CheckPending},
		{Name: "KMS key permissions", Status: CheckSkipped, Reason: "no customer-managed KMS key"},
	}
}

func TestPanelGolden(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := New(v.Theme())
			// Below the form on narrow terminals, beside it on wide ones.
			w, h := v.Width, 12
			if v.Width >= 100 {
				w, h = 48, 20
			}
			m.SetSize(w, h)
			m.Reset(1, sample())
			uitest.Golden(t, v, m.View())
		})
	}
}

func TestStaleResultsAreDiscarded(t *testing.T) {
	m := New(theme.New(true, true))
	m.Reset(1, []CheckItem{{Name: "bucket", Status: CheckRunning}})

	// The user types; generation 2 starts before generation 1's check ends.
	m.Reset(2, []CheckItem{{Name: "bucket", Status: CheckRunning}})
	if ok, _ := m.Apply(ResultMsg{Generation: 1, Item: CheckItem{Name: "bucket", Status: CheckFail, Reason: "old input"}}); ok {
		t.Fatal("a generation-1 result was applied to generation 2")
	}
	m.Update(ResultMsg{Generation: 1, Item: CheckItem{Name: "bucket", Status: CheckFail, Reason: "old input via Update"}})
	if got := m.Items()[0]; got.Status != CheckRunning || got.Reason != "" {
		t.Fatalf("stale result leaked into the panel: %+v", got)
	}

	// A result from a generation the panel has not started is not applied either.
	if ok, _ := m.Apply(ResultMsg{Generation: 3, Item: CheckItem{Name: "bucket", Status: CheckOK}}); ok {
		t.Fatal("a result of a future generation was applied")
	}

	if ok, _ := m.Apply(ResultMsg{Generation: 2, Item: CheckItem{Name: "bucket", Status: CheckOK, Reason: "found"}}); !ok {
		t.Fatal("current-generation result was not applied")
	}
	if got := m.Items()[0]; got.Status != CheckOK || got.Reason != "found" {
		t.Fatalf("items[0] = %+v, want ok/found", got)
	}
}

func TestResetNeverGoesBackwards(t *testing.T) {
	m := New(theme.New(true, true))
	m.Reset(5, []CheckItem{{Name: "a", Status: CheckOK}})
	m.Reset(4, []CheckItem{{Name: "old", Status: CheckFail}})
	if m.Generation() != 5 || m.Items()[0].Name != "a" {
		t.Fatalf("late Reset(4) replaced generation 5: gen=%d items=%+v", m.Generation(), m.Items())
	}
	m.Reset(5, []CheckItem{{Name: "again", Status: CheckPending}})
	if m.Items()[0].Name != "again" {
		t.Fatal("Reset with the same generation should replace the items")
	}
}

func TestUnknownCheckIsAppended(t *testing.T) {
	m := New(theme.New(true, true))
	m.Reset(1, nil)
	m.Update(ResultMsg{Generation: 1, Item: CheckItem{Name: "late", Status: CheckWarn}})
	if items := m.Items(); len(items) != 1 || items[0].Name != "late" {
		t.Fatalf("items = %+v", items)
	}
}

// tick runs cmd and returns its spinner tick, failing if it is something else.
func tick(t *testing.T, cmd tea.Cmd) spinner.TickMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("expected a spinner command, got nil")
	}
	msg, ok := cmd().(spinner.TickMsg)
	if !ok {
		t.Fatalf("command produced %T, want spinner.TickMsg", msg)
	}
	return msg
}

func TestSpinnerTicksOnlyWhileRunning(t *testing.T) {
	m := New(theme.New(true, true))
	m.SetSize(60, 10)
	if cmd := m.Reset(1, []CheckItem{{Name: "a", Status: CheckPending}}); cmd != nil {
		t.Fatal("nothing runs, yet Reset started the spinner")
	}
	first := tick(t, m.Reset(2, []CheckItem{{Name: "a", Status: CheckRunning}}))

	before := m.View()
	if next := m.Update(first); next == nil {
		t.Fatal("a running panel must schedule the next tick")
	}
	if m.View() == before {
		t.Error("the spinner frame did not advance on a tick")
	}

	_, cmd := m.Apply(ResultMsg{Generation: 2, Item: CheckItem{Name: "a", Status: CheckOK}})
	if cmd != nil {
		t.Error("finishing the last check must not start a spinner")
	}
	idle := m.View()
	if next := m.Update(first); next != nil {
		t.Error("an idle panel scheduled another tick; it would redraw for nothing")
	}
	if m.View() != idle {
		t.Error("an idle panel changed on a tick")
	}

	// A check that starts running again restarts the spinner.
	_, cmd = m.Apply(ResultMsg{Generation: 2, Item: CheckItem{Name: "a", Status: CheckRunning}})
	tick(t, cmd)
}

func TestReasonsWrapToWidth(t *testing.T) {
	for _, w := range []int{80, 40, 24} {
		m := New(theme.New(true, false))
		m.SetSize(w, 100)
		items := sample()
		items[0].Reason = "arn:aws:iam::111122223333:role/a-very-long-role-path/with/many/parts/bslwiz-velero-backup-role-for-account-a"
		m.Reset(1, items)
		view := m.View()
		uitest.RequireFits(t, view, w, 100)
		if !strings.Contains(strings.Join(strings.Fields(uitest.Plain(view)), " "), "spaces are not allowed") {
			t.Errorf("width %d: reason lost in wrapping:\n%s", w, uitest.Plain(view))
		}
	}
}

func TestClipsToHeight(t *testing.T) {
	m := New(theme.New(true, true))
	m.SetSize(40, 4)
	m.Reset(1, sample())
	view := uitest.Plain(m.View())
	uitest.RequireFits(t, view, 40, 4)
	if !strings.Contains(view, "more lines") {
		t.Errorf("clipped panel does not say lines are hidden:\n%s", view)
	}
}

func TestSummary(t *testing.T) {
	m := New(theme.New(true, true))
	if got := m.Summary(); got != "Checks: none for this step" {
		t.Errorf("empty summary = %q", got)
	}
	m.Reset(1, sample())
	want := "Checks: 1 ok, 1 warning, 1 failed, 1 running, 1 waiting, 1 skipped"
	if got := m.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}

func TestDebounce(t *testing.T) {
	msg := Debounce(7, time.Millisecond)()
	if got, ok := msg.(DebounceMsg); !ok || got.Generation != 7 {
		t.Fatalf("Debounce sent %#v, want DebounceMsg{7}", msg)
	}
}

// TestShortPanelKeepsEveryCheck: when the checks do not fit, the reasons
// of checks that passed or were skipped give way before any check's name,
// and a failure keeps its reason.
func TestShortPanelKeepsEveryCheck(t *testing.T) {
	m := New(theme.New(true, true))
	m.SetSize(80, 6)
	m.Reset(1, []CheckItem{
		{Name: "Caller is Account B, not Account A", Status: CheckOK, Reason: "111122223333 as arn:aws:iam::111122223333:user/platform-admin (aws)"},
		{Name: "Role trusts Palette (external ID) and Account A", Status: CheckSkipped, Reason: "role bslwiz-sandbox-backups does not exist yet (step 6 creates it)"},
		{Name: "Role permissions match the guide", Status: CheckFail, Reason: "s3:PutObject is denied on arn:aws:s3:::acme-velero-backups/*"},
	})
	view := uitest.Plain(m.View())
	uitest.RequireFits(t, m.View(), 80, 6)
	for _, want := range []string{"Caller is Account B", "Role trusts Palette", "Role permissions match the guide", "s3:PutObject is denied"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if strings.Contains(view, "more lines") {
		t.Errorf("nothing should be hidden behind a marker:\n%s", view)
	}
}

// TestNamesWrapAndARNsStayWhole: beside the form (44 columns) a check's
// name wraps rather than ending in "…", and an ARN that fits the panel is
// not broken for the indent.
func TestNamesWrapAndARNsStayWhole(t *testing.T) {
	m := New(theme.New(true, true))
	m.SetSize(42, 20)
	arn := "arn:aws:iam::111122223333:user/platform-ad" // 41 columns
	m.Reset(1, []CheckItem{
		{Name: "Caller is Account B, not Account A", Status: CheckOK, Reason: "111122223333 as " + arn},
		{Name: "Role trusts Palette (external ID) and Account A", Status: CheckSkipped, Reason: "role r does not exist yet"},
	})
	view := uitest.Plain(m.View())
	uitest.RequireFits(t, m.View(), 42, 20)
	flat := strings.Join(strings.Fields(view), " ")
	if !strings.Contains(flat, "Role trusts Palette (external ID) and Account A") || strings.Contains(view, "…") {
		t.Errorf("a name is cut:\n%s", view)
	}
	if !strings.Contains(view, arn) {
		t.Errorf("the ARN is broken:\n%s", view)
	}
}

func TestPausedSpinnerStopsTickingAndResumes(t *testing.T) {
	m := New(theme.New(true, true))
	if cmd := m.Reset(1, []CheckItem{{Name: "a", Status: CheckRunning}}); cmd == nil {
		t.Fatal("a running check must start the spinner")
	}
	if cmd := m.SetPaused(true); cmd != nil {
		t.Fatal("pausing must not tick")
	}
	if cmd := m.Update(m.spin.Tick()); cmd != nil {
		t.Fatal("a paused panel must let the tick chain end")
	}
	if cmd := m.SetPaused(false); cmd == nil {
		t.Fatal("unpausing with a running check must restart the spinner")
	}
	m.Apply(ResultMsg{Generation: 1, Item: CheckItem{Name: "a", Status: CheckOK}})
	m.SetPaused(true)
	if cmd := m.SetPaused(false); cmd != nil {
		t.Fatal("unpausing with nothing running must not tick")
	}
}

// TestShrunkReasonNeverCutsAnARNAtItsEnd: when a short panel shrinks a
// reason to its first line and an ellipsis, whole words go from the end,
// so the KMS key's ARN is whole or gone, never "…a10b-…".
func TestShrunkReasonNeverCutsAnARNAtItsEnd(t *testing.T) {
	const key = "arn:aws:kms:us-east-2:111122223333:key/1b667900-a10b-410b-8485-86d5980799a6"
	for _, w := range []int{32, 46, 80, 100} {
		m := New(theme.New(true, true))
		m.SetSize(w, 4)
		m.Reset(1, []CheckItem{
			{Name: "Bucket encryption and its KMS key", Status: CheckWarn, Reason: "SSE-KMS with key " + key + ": the role's policy grants kms:GenerateDataKey, kms:Decrypt and kms:DescribeKey on it"},
			{Name: "Caller is Account B", Status: CheckOK, Reason: "111122223333"},
		})
		view := uitest.Plain(m.View())
		uitest.RequireFits(t, m.View(), w, 4)
		for _, l := range strings.Split(view, "\n") {
			for _, word := range strings.Fields(l) {
				if strings.HasPrefix(word, "arn:") && strings.HasSuffix(word, "…") {
					t.Errorf("width %d: an ARN cut at its end: %q", w, l)
				}
			}
		}
		if w >= 100 && !strings.Contains(view, key) {
			t.Errorf("width %d: the key's ARN fits, yet is not whole:\n%s", w, view)
		}
	}
}

// TestPanelGoldenPasteCommand is a check whose reason ends in a command to
// paste (the grant Account A needs): wrapped whole under the reason, its
// JSON never shortened, in the panel's narrow column too (the golden scan
// of package ui reads these views).
func TestPanelGoldenPasteCommand(t *testing.T) {
	const cmd = `aws iam put-role-policy --role-name ROLE_IN_ACCOUNT_A --policy-name bslwiz-acme-backups-assume --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/bslwiz-acme-backups"}]}'`
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := New(v.Theme())
			w := v.Width
			if v.Width >= 100 {
				w = 48
			}
			m.SetSize(w, 20)
			m.Reset(1, []CheckItem{{Name: "Account A may assume the role", Status: CheckWarn,
				Reason: "not checked (give --account-a-profile); Account A needs " + cmd}})
			view := uitest.Plain(m.View())
			if strings.Contains(view, "…") || strings.Contains(view, "...") {
				t.Errorf("the command is shortened:\n%s", view)
			}
			uitest.Golden(t, v, m.View())
		})
	}
}
