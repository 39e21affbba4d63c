// Package sizenotice is the screen shown when the terminal is smaller than
// the wizard can use.
//
// The minimum is 60x20. Sixty columns fit a form field with its label,
// prompt and a rule error on two lines, a full account ID and region, and
// the footer's main keys; twenty rows fit the header (up to four lines),
// the focused field with its help and error, the validation summary and the
// footer. Below that, a layout would cut off what the user must see before
// confirming a change, so the wizard asks for a bigger window instead. The
// wizard is designed for 80x24 and uses more room when it has it.
package sizenotice

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// The smallest terminal the wizard draws in.
const (
	MinWidth  = 60
	MinHeight = 20
)

// TooSmall reports whether a width x height terminal is below the minimum.
func TooSmall(width, height int) bool { return width < MinWidth || height < MinHeight }

// Model is the notice.
type Model struct {
	th            *theme.Theme
	width, height int
}

var _ components.Component = (*Model)(nil)

// New returns the notice.
func New(th *theme.Theme) *Model { return &Model{th: th} }

// SetSize records the terminal's size, which the notice reports.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Update does nothing; the root model shows the notice while TooSmall.
func (m *Model) Update(tea.Msg) tea.Cmd { return nil }

// ShortHelp implements help.KeyMap; the notice has no keys of its own.
func (m *Model) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return nil }

// Text is the notice in words.
func (m *Model) Text() string {
	return fmt.Sprintf("terminal too small: %dx%d, need at least %dx%d", m.width, m.height, MinWidth, MinHeight)
}

// View renders the notice centred, wrapped to the width, and clipped to the
// height, so it shows on any terminal, however small.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.th
	var lines []string
	for _, l := range components.Wrap(m.Text(), m.width) {
		lines = append(lines, th.Warning.Render(l))
	}
	for _, l := range components.Wrap("Enlarge the window, or zoom out, to continue. ctrl+c quits.", m.width) {
		lines = append(lines, th.Muted.Render(l))
	}
	lines = components.ClipLines(lines, m.height, func(int) string { return "" })
	body := lipgloss.JoinVertical(lipgloss.Center, lines...)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, body)
}
