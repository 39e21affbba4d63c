// Package diffview shows a trust policy before and after a change, as the
// canonical JSON: side by side from SideBySideMinWidth columns up, unified
// below. Every added line is marked with a literal "+" and every removed
// line with "-" as well as with colour, so the meaning never rests on
// colour alone; both sides carry line numbers. Long lines wrap rather than
// being cut, so no part of a change can hide off screen. The view scrolls
// (↑/↓ j/k, pgup/pgdn, home/end).
package diffview

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// SideBySideMinWidth is the narrowest width that shows both documents side
// by side; below it the diff is unified.
const SideBySideMinWidth = 100

// Model is the diff view.
type Model struct {
	th            *theme.Theme
	km            keys.KeyMap
	diff          iampolicy.Diff
	before, after string // titles of the two sides
	vp            viewport.Model
	width, height int
	firstChange   int  // the content line of the first change
	scrolled      bool // the user scrolled since the diff was set
}

var _ components.Component = (*Model)(nil)

// New returns an empty diff view.
func New(th *theme.Theme, km keys.KeyMap) *Model {
	m := &Model{th: th, km: km, vp: viewport.New()}
	m.vp.KeyMap = viewport.KeyMap{Up: km.Up, Down: km.Down, PageUp: km.PageUp, PageDown: km.PageDown}
	m.vp.MouseWheelEnabled = false
	m.SetSize(80, 20)
	return m
}

// SetDiff shows d; beforeTitle and afterTitle name the two documents, e.g.
// "current trust policy" and "with Account A".
func (m *Model) SetDiff(beforeTitle, afterTitle string, d iampolicy.Diff) {
	m.before, m.after, m.diff = components.Sanitize(beforeTitle), components.Sanitize(afterTitle), d
	m.scrolled = false
	m.refresh()
	m.showFirstChange()
}

// showFirstChange starts the view where the change is: at the top when the
// first changed line is in the upper half, else with that line second
// (under one line of context), so that what is being confirmed is on
// screen without scrolling. Once the user scrolls, the view is theirs.
func (m *Model) showFirstChange() {
	if m.scrolled {
		return
	}
	m.vp.GotoTop()
	if m.firstChange+1 > m.vp.Height()/2 {
		m.vp.SetYOffset(m.firstChange - 1)
	}
}

// Diff returns the diff shown.
func (m *Model) Diff() iampolicy.Diff { return m.diff }

// SideBySide reports whether the current width shows two columns.
func (m *Model) SideBySide() bool { return m.width >= SideBySideMinWidth }

// SetSize sets the box the view draws in and picks the layout.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.vp.SetWidth(max(1, width))
	m.vp.SetHeight(max(1, height-m.headerHeight()-1))
	m.refresh()
	m.showFirstChange()
}

func (m *Model) headerHeight() int {
	if m.SideBySide() || m.legendFits() {
		return 2 // summary, column titles or the one-line legend
	}
	return 3 // summary, "--- before", "+++ after"
}

// legend is the unified view's key to the markers, on one line when it fits.
func (m *Model) legend() (before, after string) {
	return "--- before: " + m.before, "+++ after: " + m.after
}

func (m *Model) legendFits() bool {
	b, a := m.legend()
	return lipgloss.Width(b)+2+lipgloss.Width(a) <= m.width
}

func (m *Model) refresh() {
	var lines []string
	if m.SideBySide() {
		lines, m.firstChange = m.sideBySideLines()
	} else {
		lines, m.firstChange = m.unifiedLines()
	}
	m.vp.SetContentLines(lines)
}

// Update scrolls.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	before := m.vp.YOffset()
	switch {
	case key.Matches(k, m.km.Home):
		m.vp.GotoTop()
	case key.Matches(k, m.km.End):
		m.vp.GotoBottom()
	default:
		m.vp, _ = m.vp.Update(msg)
	}
	m.scrolled = m.scrolled || m.vp.YOffset() != before
	return nil
}

// ShortHelp lists the scroll keys when there is something to scroll.
func (m *Model) ShortHelp() []key.Binding {
	if m.vp.TotalLineCount() <= m.vp.VisibleLineCount() {
		return nil
	}
	return []key.Binding{keys.Scroll(m.km, m.th.Glyphs.UpDown)}
}

// FullHelp lists every scroll key.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.km.Up, m.km.Down, m.km.PageUp, m.km.PageDown, m.km.Home, m.km.End}}
}

// Summary is the diff in words, e.g. "8 lines added, 0 removed".
func (m *Model) Summary() string {
	if m.diff.Empty() {
		return "No change: the documents are the same."
	}
	return fmt.Sprintf("%d %s added, %d removed", m.diff.Added, plural(m.diff.Added, "line", "lines"), m.diff.Removed)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// View renders the summary, the titles, the scrolling diff and a position
// line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.th
	fit := func(s string) string { return components.Fit(s, m.width, th.Glyphs.Ellipsis) }
	out := fit(th.Title.Render("Trust policy") + "  " + th.Text.Render(m.Summary()))
	if m.SideBySide() {
		colW := m.columnWidth()
		left := components.Fit(th.DiffRemoved.Render("- before: "+m.before), colW, th.Glyphs.Ellipsis)
		right := components.Fit(th.DiffAdded.Render("+ after: "+m.after), colW, th.Glyphs.Ellipsis)
		out += "\n" + pad(left, colW) + m.separator() + right
	} else if b, a := m.legend(); m.legendFits() {
		out += "\n" + th.DiffRemoved.Render(b) + "  " + th.DiffAdded.Render(a)
	} else {
		out += "\n" + fit(th.DiffRemoved.Render(b))
		out += "\n" + fit(th.DiffAdded.Render(a))
	}
	out += "\n" + m.vp.View()
	pos := "all shown"
	if !(m.vp.AtTop() && m.vp.AtBottom()) {
		pos = fmt.Sprintf("%d%% %s %s/pgup/pgdn/home/end to scroll", int(m.vp.ScrollPercent()*100), th.Glyphs.Sep, th.Glyphs.UpDown)
	}
	return out + "\n" + th.Muted.Render(fit(pos))
}
