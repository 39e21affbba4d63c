// Package keys holds the key bindings of the bslwiz TUI.
//
// One KeyMap serves every screen; each component picks the bindings that
// apply to it for its ShortHelp and FullHelp, so the footer only ever shows
// keys that work right now. Bindings that would collide with typing ("?",
// "q", "y", "r", "c", "w", "j", "k") are only honoured by components that
// do not take text input.
package keys

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding of the wizard.
type KeyMap struct {
	// Navigation between fields and screens.
	Next   key.Binding
	Prev   key.Binding
	Submit key.Binding
	// SubmitAll submits a form from any field (huh's enter on the last
	// field, without walking to it).
	SubmitAll key.Binding
	Back      key.Binding
	// Edit opens the form of a step shown as a summary of given inputs.
	Edit key.Binding
	// Steps moves the focus to the step list, to look at or go back to a
	// done step.
	Steps key.Binding

	// Movement in lists, pickers and scrollable views.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding

	// Actions.
	Toggle    key.Binding
	Confirm   key.Binding
	Cancel    key.Binding
	Retry     key.Binding
	Copy      key.Binding
	WriteFile key.Binding

	// Program.
	Help key.Binding
	Quit key.Binding
}

// Default returns the wizard's key bindings.
func Default() KeyMap {
	return KeyMap{
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next / submit")),
		SubmitAll: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "submit")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Edit:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Steps:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "steps")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home", "top")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end", "bottom")),

		Toggle:    key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "toggle")),
		Confirm:   key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "confirm")),
		Cancel:    key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc/n", "back out")),
		Retry:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		Copy:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
		WriteFile: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write to file")),

		Help: key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", "more keys")),
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// Scroll is one binding for the footer of a scrolling view: the arrows,
// j/k and the page keys, described as upDown ("↑/↓") "scroll". The full
// help lists the keys one by one.
func Scroll(k KeyMap, upDown string) key.Binding {
	var ks []string
	for _, b := range []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown} {
		ks = append(ks, b.Keys()...)
	}
	return key.NewBinding(key.WithKeys(ks...), key.WithHelp(upDown, "scroll"))
}

// ASCII returns the key map with help text a vt100 can draw: "up"/"down"
// instead of arrows.
func (k KeyMap) ASCII() KeyMap {
	k.Up.SetHelp("up/k", k.Up.Help().Desc)
	k.Down.SetHelp("down/j", k.Down.Help().Desc)
	return k
}

// ShortHelp is the footer help of the wizard's frame: the keys that work on
// every screen. Components add their own in front of these.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.Quit}
}

// FullHelp is every binding, grouped by purpose, for the "?" screen, in
// three columns so that all of it fits 80 columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Submit, k.SubmitAll, k.Back, k.Edit, k.Steps, k.Help, k.Quit},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Toggle, k.Confirm, k.Cancel, k.Retry, k.Copy, k.WriteFile},
	}
}

// Combine joins several help.KeyMaps into one, in order: a component's keys
// followed by the frame's, for the footer. Disabled bindings are kept; the
// help view hides them.
func Combine(maps ...help.KeyMap) help.KeyMap {
	var c combined
	for _, m := range maps {
		if m == nil {
			continue
		}
		c.short = append(c.short, m.ShortHelp()...)
		c.full = append(c.full, m.FullHelp()...)
	}
	return c
}

type combined struct {
	short []key.Binding
	full  [][]key.Binding
}

func (c combined) ShortHelp() []key.Binding  { return c.short }
func (c combined) FullHelp() [][]key.Binding { return c.full }
