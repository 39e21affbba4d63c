// Package footer is the bottom of the screen: a status line (what just
// happened, e.g. the clipboard result) and the key help, short by default
// and in full after "?".
package footer

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Model is the footer.
type Model struct {
	th            *theme.Theme
	km            keys.KeyMap
	help          help.Model
	keys          help.KeyMap
	status        string
	width, height int
}

var _ components.Component = (*Model)(nil)

// New returns a footer showing the frame's keys (help and quit).
func New(th *theme.Theme, km keys.KeyMap) *Model {
	h := help.New()
	h.Styles = th.Help()
	h.Ellipsis = th.Glyphs.Ellipsis
	h.ShortSeparator = " " + th.Glyphs.Sep + " "
	m := &Model{th: th, km: km, help: h, keys: km}
	m.SetSize(80, 1)
	return m
}

// SetKeys sets the bindings to describe, typically keys.Combine(focused
// component, the key map).
func (m *Model) SetKeys(k help.KeyMap) { m.keys = k }

// SetStatus sets the status line; "" hides it.
func (m *Model) SetStatus(text string) { m.status = components.Sanitize(text) }

// ShowingAll reports whether the full help is open.
func (m *Model) ShowingAll() bool { return m.help.ShowAll }

// SetSize sets the width; the height is what View needs (see Height).
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.help.SetWidth(width)
}

// Height is the number of lines View renders.
func (m *Model) Height() int { return strings.Count(m.View(), "\n") + 1 }

// Update toggles the full help on the help key. The root model sends keys
// here only when no text field has the focus ("?" is a character there).
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.km.Help) {
		m.help.ShowAll = !m.help.ShowAll
	}
	return nil
}

// ShortHelp implements help.KeyMap: the footer's own key.
func (m *Model) ShortHelp() []key.Binding { return []key.Binding{m.km.Help} }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{{m.km.Help}} }

// View renders the status line, if any, and the help.
func (m *Model) View() string {
	var lines []string
	if m.status != "" {
		for _, l := range components.Wrap(m.status, m.width) {
			lines = append(lines, m.th.Info.Render(l))
		}
	}
	if m.keys != nil {
		help := m.help.View(m.keys)
		if !m.help.ShowAll {
			help = m.shortHelp()
		}
		for _, l := range strings.Split(help, "\n") {
			lines = append(lines, components.Fit(l, m.width, m.th.Glyphs.Ellipsis))
		}
	}
	return strings.Join(lines, "\n")
}

// frameKeys is how many bindings at the end of the short help belong to
// the frame (more keys, quit): they always show.
const frameKeys = 2

// shortHelp is the one-line help. When it is too wide, the component's
// last bindings give way, never the frame's: how to see every key and how
// to quit stay on screen.
func (m *Model) shortHelp() string {
	var b []key.Binding
	for _, k := range m.keys.ShortHelp() {
		if k.Enabled() {
			b = append(b, k)
		}
	}
	h := m.help
	h.SetWidth(0) // measure whole
	for len(b) > frameKeys && lipgloss.Width(h.ShortHelpView(b)) > m.width {
		b = append(b[:len(b)-frameKeys-1], b[len(b)-frameKeys:]...)
	}
	return h.ShortHelpView(b)
}
