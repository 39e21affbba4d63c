package steplist

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

var titles = []string{
	"Palette", "Backup Locations", "Add New", "Fields", "STS",
	"Account B policy and role", "Review the role", "Current trust relationships",
	"Append Account A", "Copy the role ARN", "Fill in the ARN", "Validate", "Create",
}

// midway is the list with steps 1-3 done, 4 skipped, 5 failed once and
// now current at 6.
func midway() []StepItem {
	items := make([]StepItem, len(titles))
	for i, t := range titles {
		items[i] = StepItem{Number: i + 1, Title: t}
	}
	for i := 0; i < 3; i++ {
		items[i].Status = StepDone
	}
	items[3].Status = StepSkipped
	items[4].Status = StepFailed
	items[5].Status = StepCurrent
	return items
}

func TestStepListGolden(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := New(v.Theme())
			m.SetItems(midway())
			// The list is a sidebar: a third of the width, full height.
			m.SetSize(v.Width/3, v.Height-6)
			view := m.View()
			uitest.RequireFits(t, view, v.Width/3, v.Height-6)
			uitest.Golden(t, v, view)
		})
	}
}

func TestStepListTruncatesLongTitlesAt80Columns(t *testing.T) {
	m := New(theme.New(true, true))
	items := midway()
	items[5].Title = strings.Repeat("Create the role that Palette assumes in Account B ", 4)
	m.SetItems(items)
	for _, w := range []int{80, 24, 12, 5, 1} {
		m.SetSize(w, 13)
		view := m.View()
		uitest.RequireFits(t, view, w, 13)
		if w >= 12 && !strings.Contains(uitest.Plain(view), "…") {
			t.Errorf("width %d: long title cut without an ellipsis:\n%s", w, uitest.Plain(view))
		}
	}
}

func TestStepListGlyphsCarryStatus(t *testing.T) {
	for _, ascii := range []bool{false, true} {
		th := theme.FromCapabilities(true, theme.Capabilities{NoColor: true, ASCII: ascii})
		m := New(th)
		m.SetItems(midway())
		m.SetSize(40, 13)
		lines := strings.Split(uitest.Plain(m.View()), "\n")
		want := map[int]string{0: th.Glyphs.Done, 3: th.Glyphs.Skipped, 4: th.Glyphs.Failed, 5: th.Glyphs.Current, 6: th.Glyphs.Pending}
		for i, g := range want {
			if !strings.HasPrefix(lines[i], g+" ") {
				t.Errorf("ascii=%v line %d = %q, want it to start with %q", ascii, i, lines[i], g)
			}
		}
	}
}

func TestStepListScrollsToCurrent(t *testing.T) {
	m := New(theme.New(true, true))
	items := midway()
	for i := range items {
		items[i].Status = StepDone
	}
	items[11].Status = StepCurrent
	m.SetItems(items)
	m.SetSize(30, 5)
	out := uitest.Plain(m.View())
	lines := strings.Split(out, "\n")
	if len(lines) != 5 {
		t.Fatalf("got %d lines, want 5:\n%s", len(lines), out)
	}
	if !strings.Contains(out, "12 Validate") {
		t.Errorf("current step 12 not in view:\n%s", out)
	}
	if !strings.Contains(lines[0], "more above") {
		t.Errorf("first line should say how many steps are above:\n%s", out)
	}
}

func TestWindow(t *testing.T) {
	tests := []struct{ total, height, focus, first, last int }{
		{13, 20, 5, 0, 13},
		{13, 13, 12, 0, 13},
		{13, 5, 0, 0, 5},
		{13, 5, 12, 8, 13},
		{13, 5, 6, 4, 9},
		{13, 3, 1, 0, 3},
		{13, 2, 7, 7, 9},
		{13, 1, 12, 12, 13},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d@%d", tt.total, tt.height, tt.focus), func(t *testing.T) {
			first, last := window(tt.total, tt.height, tt.focus)
			if first != tt.first || last != tt.last {
				t.Errorf("window = [%d,%d), want [%d,%d)", first, last, tt.first, tt.last)
			}
			if tt.focus < first || tt.focus >= last {
				t.Errorf("focus %d outside [%d,%d)", tt.focus, first, last)
			}
			if tt.height >= 3 && ((first > 0 && tt.focus == first) || (last < tt.total && tt.focus == last-1)) {
				t.Errorf("focus %d sits under a 'more' marker of [%d,%d)", tt.focus, first, last)
			}
		})
	}
}

func TestStepStatusString(t *testing.T) {
	for s, want := range map[StepStatus]string{StepPending: "pending", StepCurrent: "current", StepDone: "done", StepFailed: "failed", StepSkipped: "skipped", 9: "StepStatus(9)"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
}
