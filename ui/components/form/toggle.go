package form

import (
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Toggle is a checkbox. Its Value is "true" or "false".
type Toggle struct {
	fieldBase
	on bool
}

// NewToggle returns a checkbox, unset.
func NewToggle(key, label string) *Toggle {
	return &Toggle{fieldBase: fieldBase{key: key, label: label}}
}

// Help sets the help line shown under the focused field.
func (f *Toggle) Help(text string) *Toggle { f.help = text; return f }

// Default sets the initial state.
func (f *Toggle) Default(on bool) *Toggle { f.on = on; return f }

// On reports whether the box is set.
func (f *Toggle) On() bool { return f.on }

// Value implements Field.
func (f *Toggle) Value() string { return strconv.FormatBool(f.on) }

func (f *Toggle) validate() { f.check(f.Value()) }

func (f *Toggle) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, f.km.Toggle) {
		f.on = !f.on
	}
	return nil
}

func (f *Toggle) focus() tea.Cmd  { return nil }
func (f *Toggle) blur()           {}
func (f *Toggle) takesText() bool { return false }
func (f *Toggle) setWidth(int)    {}
func (f *Toggle) keyHelp() []key.Binding {
	return []key.Binding{f.km.Toggle}
}

func (f *Toggle) render(_, _ int, focused bool) []string {
	box := f.th.Glyphs.CheckOff + " off"
	if f.on {
		box = f.th.Glyphs.CheckOn + " on"
	}
	if focused {
		return []string{f.th.Info.Render("> ") + f.th.Selected.Render(box)}
	}
	return []string{"  " + box}
}
