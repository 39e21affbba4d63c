// Package steplist renders the wizard's 13 steps, one line each, with a
// status glyph that carries the meaning without colour.
package steplist

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// StepStatus is where a step stands.
type StepStatus int

// The statuses of a step.
const (
	StepPending StepStatus = iota
	StepCurrent
	StepDone
	StepFailed
	StepSkipped
)

// String names the status in words, for logs and accessible output.
func (s StepStatus) String() string {
	switch s {
	case StepPending:
		return "pending"
	case StepCurrent:
		return "current"
	case StepDone:
		return "done"
	case StepFailed:
		return "failed"
	case StepSkipped:
		return "skipped"
	}
	return fmt.Sprintf("StepStatus(%d)", int(s))
}

// StepItem is one line of the list.
type StepItem struct {
	Number int
	Title  string
	Status StepStatus
	// Highlighted marks the row the user is choosing while the list has the
	// keys; the list scrolls to keep it in view.
	Highlighted bool
}

// Model is the step list component.
type Model struct {
	th            *theme.Theme
	items         []StepItem
	width, height int
}

var _ components.Component = (*Model)(nil)

// New returns an empty step list drawn with th.
func New(th *theme.Theme) *Model { return &Model{th: th, width: 30, height: 13} }

// SetItems replaces the steps.
func (m *Model) SetItems(items []StepItem) { m.items = append([]StepItem(nil), items...) }

// Items returns the steps.
func (m *Model) Items() []StepItem { return append([]StepItem(nil), m.items...) }

// SetSize sets the box the list draws in. When fewer lines than steps are
// available the list scrolls to keep the current step in view and says how
// many steps are above and below.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Update does nothing: the list follows the wizard, it has no keys.
func (m *Model) Update(tea.Msg) tea.Cmd { return nil }

// ShortHelp implements help.KeyMap; the list has no keys.
func (m *Model) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap; the list has no keys.
func (m *Model) FullHelp() [][]key.Binding { return nil }

// Glyph is the status glyph of a step.
func (m *Model) Glyph(s StepStatus) string {
	g := m.th.Glyphs
	switch s {
	case StepCurrent:
		return g.Current
	case StepDone:
		return g.Done
	case StepFailed:
		return g.Failed
	case StepSkipped:
		return g.Skipped
	}
	return g.Pending
}

func (m *Model) style(s StepStatus) lipgloss.Style {
	switch s {
	case StepCurrent:
		return m.th.Info.Bold(true)
	case StepDone:
		return m.th.Success
	case StepFailed:
		return m.th.Danger
	case StepSkipped:
		return m.th.Muted
	}
	return m.th.Muted
}

// View renders the list.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 || len(m.items) == 0 {
		return ""
	}
	numWidth := len(fmt.Sprint(maxNumber(m.items)))
	lines := make([]string, 0, len(m.items))
	for _, it := range m.items {
		lines = append(lines, m.row(it, numWidth))
	}
	first, last := window(len(lines), m.height, m.current())
	out := lines[first:last]
	if m.height < 3 {
		return strings.Join(out, "\n")
	}
	if first > 0 {
		out[0] = m.th.Muted.Render(components.Fit(fmt.Sprintf("  %d more above", first+1), m.width, ""))
	}
	if last < len(lines) {
		out[len(out)-1] = m.th.Muted.Render(components.Fit(fmt.Sprintf("  %d more below", len(lines)-last+1), m.width, ""))
	}
	return strings.Join(out, "\n")
}

func (m *Model) row(it StepItem, numWidth int) string {
	st := m.style(it.Status)
	glyph := st.Render(m.Glyph(it.Status))
	num := fmt.Sprintf("%*d", numWidth, it.Number)
	prefix := glyph + " " + num + " "
	avail := m.width - lipgloss.Width(prefix)
	title := components.Fit(components.Sanitize(it.Title), avail, m.th.Glyphs.Ellipsis)
	switch {
	case it.Highlighted:
		title = m.th.Selected.Reverse(true).Render(title)
	case it.Status == StepCurrent:
		title = m.th.Selected.Bold(true).Render(title)
	case it.Status == StepPending || it.Status == StepSkipped:
		title = m.th.Muted.Render(title)
	}
	return components.Fit(prefix+title, m.width, "")
}

func (m *Model) current() int {
	for i, it := range m.items {
		if it.Highlighted {
			return i
		}
	}
	for i, it := range m.items {
		if it.Status == StepCurrent {
			return i
		}
	}
	for i, it := range m.items {
		if it.Status == StepFailed {
			return i
		}
	}
	return 0
}

// window picks the lines to show: all when they fit, else height lines
// around focus. The first and last shown lines become "more" markers when
// lines are hidden beyond them, so focus is kept off those two lines.
func window(total, height, focus int) (first, last int) {
	if total <= height {
		return 0, total
	}
	if height < 3 {
		first = min(max(focus, 0), total-height)
		return first, first + height
	}
	first = focus - height/2
	first = max(0, min(first, total-height))
	last = first + height
	if first > 0 && focus == first {
		first, last = first-1, last-1
	}
	if last < total && focus == last-1 {
		first, last = first+1, last+1
	}
	return first, last
}

func maxNumber(items []StepItem) int {
	n := 0
	for _, it := range items {
		n = max(n, it.Number)
	}
	return n
}
