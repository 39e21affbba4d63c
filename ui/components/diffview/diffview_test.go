package diffview

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

const before = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PaletteSaaSAssumeRole",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::210987654321:root"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "sts:ExternalId": "7f3c2a9e4b1d4e0c8a6f5b2d9c1e3a7f"
        }
      }
    }
  ]
}`

const after = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PaletteSaaSAssumeRole",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::210987654321:root"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "sts:ExternalId": "7f3c2a9e4b1d4e0c8a6f5b2d9c1e3a7f"
        }
      }
    },
    {
      "Sid": "ClusterAccountAssumeRole",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::444455556666:role/SpectroCloudRole"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}`

func newView(th *theme.Theme, w, h int) *Model {
	km := keys.Default()
	m := New(th, km)
	m.SetSize(w, h)
	m.SetDiff("current trust policy", "with Account A 444455556666", iampolicy.LineDiff(before, after, 3))
	return m
}

func TestDiffGolden(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := newView(v.Theme(), v.Width, v.Height-8)
			uitest.Golden(t, v, m.View())
		})
	}
}

func TestLayoutFollowsWidth(t *testing.T) {
	for _, tt := range []struct {
		width int
		side  bool
	}{{80, false}, {99, false}, {100, true}, {160, true}} {
		m := newView(theme.New(true, true), tt.width, 30)
		if m.SideBySide() != tt.side {
			t.Errorf("width %d: side by side = %v", tt.width, m.SideBySide())
		}
		view := m.View()
		uitest.RequireFits(t, view, tt.width, 30)
		hasColumns := strings.Contains(view, "│")
		if hasColumns != tt.side {
			t.Errorf("width %d: columns drawn = %v, want %v", tt.width, hasColumns, tt.side)
		}
	}
}

// TestMarkersCarryMeaning checks that every added line has a "+" and no
// unchanged line has one, under NO_COLOR where the marker is all there is.
func TestMarkersCarryMeaning(t *testing.T) {
	m := newView(theme.New(true, true), 80, 60)
	var added, context int
	gutter := 2*m.numberWidth() + 2 // "13 13 " then the marker
	for _, l := range strings.Split(uitest.Plain(m.View()), "\n")[3:] {
		if len(l) <= gutter || strings.HasPrefix(l, "…") {
			continue
		}
		switch l[gutter] {
		case '+':
			added++
		case ' ':
			context++
		case '-':
			t.Errorf("a removed line in an append-only change: %q", l)
		}
	}
	if added != 8 {
		t.Errorf("%d lines marked +, want the 8 of the new statement", added)
	}
	if context == 0 {
		t.Error("no context lines shown")
	}
	if !strings.Contains(uitest.Plain(m.View()), "8 lines added, 0 removed") {
		t.Errorf("summary missing:\n%s", uitest.Plain(m.View()))
	}
}

func TestReplaceShowsBothSides(t *testing.T) {
	d := iampolicy.LineDiff(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}]}`, 1)
	for _, w := range []int{80, 120} {
		m := New(theme.New(true, true), keys.Default())
		m.SetSize(w, 20)
		m.SetDiff("old", "new", d)
		view := uitest.Plain(m.View())
		flat := strings.Join(strings.Fields(view), " ")
		removed := strings.Contains(flat, `- "AWS": "arn:aws:iam::444455556666:root"`)
		added := strings.Contains(flat, `+ "AWS": "arn:aws:iam::444455556666:role/SpectroCloudRole"`) || // one line
			strings.Contains(flat, `+ "AWS": │ + "arn:aws:iam::444455556666:role/SpectroCloudRole"`) // wrapped in its column
		if !removed || !added {
			t.Errorf("width %d: replaced line not shown as - and +:\n%s", w, view)
		}
		if w == 120 {
			for _, l := range strings.Split(view, "\n") {
				if _, right, ok := strings.Cut(l, "│"); strings.Contains(l, ":root") && (!ok || !strings.Contains(right, "+ ")) {
					t.Errorf("side by side: the replacement should face the removed line: %q", l)
				}
			}
		}
	}
}

// TestLongValuesShortenInTheMiddle: a JSON value wider than its column is
// never split over lines (what a person copies off the screen would be
// half a value); it is shortened in its middle, keeping the partition and
// account at its start and the role's name at its end. The full document
// is in plan's output and the journal.
func TestLongValuesShortenInTheMiddle(t *testing.T) {
	long := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/a/very/long/path/that/goes/on/and/on/and/on/SpectroCloudRole"},"Action":"sts:AssumeRole"}]}`
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(60, 40)
	m.SetDiff("none", "new", iampolicy.LineDiff("", long, 3))
	view := uitest.Plain(m.View())
	uitest.RequireFits(t, view, 60, 40)
	var line string
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "arn:aws:iam::4444") {
			line = l
		}
	}
	if line == "" || !strings.Contains(line, "SpectroCloudRole\"") || !strings.ContainsAny(line, "….") {
		t.Errorf("the long value is not whole on one line, shortened in its middle:\n%s", view)
	}
}

func TestScrolling(t *testing.T) {
	m := newView(theme.New(true, true), 80, 10)
	m.Update(uitest.Key(tea.KeyHome))
	top := m.View()
	if len(m.ShortHelp()) == 0 {
		t.Error("a diff taller than the view should offer scroll keys")
	}
	for _, k := range []tea.KeyPressMsg{uitest.Key('j'), uitest.Key(tea.KeyDown), uitest.Key(tea.KeyPgDown)} {
		m.Update(uitest.Key(tea.KeyHome))
		m.Update(k)
		if m.View() == top {
			t.Errorf("%s did not scroll", k)
		}
	}
	m.Update(uitest.Key(tea.KeyEnd))
	if !strings.Contains(uitest.Plain(m.View()), "100%") {
		t.Errorf("end did not reach the bottom:\n%s", uitest.Plain(m.View()))
	}
	m.Update(uitest.Key('k'))
	m.Update(uitest.Key(tea.KeyPgUp))
	m.Update(uitest.Key(tea.KeyHome))
	if m.View() != top {
		t.Error("home did not return to the top")
	}
}

func TestEmptyDiff(t *testing.T) {
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(80, 10)
	m.SetDiff("current", "after", iampolicy.LineDiff(after, after, 3))
	if !strings.Contains(uitest.Plain(m.View()), "No change") {
		t.Errorf("empty diff:\n%s", uitest.Plain(m.View()))
	}
}

func TestHiddenLinesAroundHunks(t *testing.T) {
	var a, b []string
	for i := 1; i <= 30; i++ {
		a = append(a, fmt.Sprintf("line %d", i))
		b = append(b, fmt.Sprintf("line %d", i))
	}
	b[14] = "line 15 changed"
	d := iampolicy.LineDiff(strings.Join(a, "\n"), strings.Join(b, "\n"), 2)
	for _, w := range []int{80, 120} {
		m := New(theme.New(true, true), keys.Default())
		m.SetSize(w, 30)
		m.SetDiff("a", "b", d)
		view := uitest.Plain(m.View())
		// Lines 13-17 are shown (the change and 2 lines of context each side).
		if !strings.Contains(view, "… 12 unchanged lines") || !strings.Contains(view, "… 13 unchanged lines") {
			t.Errorf("width %d: want 12 hidden lines before and 13 after:\n%s", w, view)
		}
	}

	// A pure insertion at the top has no before line numbers of its own.
	d = iampolicy.LineDiff("x\ny\nz\nw\nv", "new\nx\ny\nz\nw\nv", 1)
	m := New(theme.New(true, true), keys.Default())
	m.SetSize(80, 10)
	m.SetDiff("a", "b", d)
	view := uitest.Plain(m.View())
	if strings.Contains(view, "… 0") || !strings.Contains(view, "… 4 unchanged lines") {
		t.Errorf("insertion at the top:\n%s", view)
	}
}

// TestStartsAtTheChange: in a short view the diff opens on its first
// changed line (one line of context above it), not on unchanged lines;
// home shows the top, and a resize after the user scrolled keeps their
// place.
func TestStartsAtTheChange(t *testing.T) {
	m := newView(theme.New(true, true), 80, 9)
	view := uitest.Plain(m.View())
	if !strings.Contains(view, `+       "Sid": "ClusterAccountAssumeRole",`) || strings.Contains(view, "unchanged lines") {
		t.Errorf("the first view does not show the change:\n%s", view)
	}
	if !strings.Contains(view, "--- before: current trust policy  +++ after: with Account A 444455556666") {
		t.Errorf("the legend should take one line at 80 columns:\n%s", view)
	}
	m.Update(uitest.Key(tea.KeyHome))
	if view := uitest.Plain(m.View()); !strings.Contains(view, "0%") {
		t.Errorf("home is the top:\n%s", view)
	}
	m.Update(uitest.Key('j'))
	scrolled := m.View()
	m.SetSize(80, 9)
	m.SetSize(80, 9)
	if m.View() != scrolled {
		t.Error("a resize moved the user's scroll position")
	}
	m.SetSize(120, 40) // room for everything: all of it from the top
	if view := uitest.Plain(m.View()); !strings.Contains(view, "all shown") {
		t.Errorf("a tall view shows it all:\n%s", view)
	}
}
