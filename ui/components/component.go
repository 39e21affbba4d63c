// Package components holds the reusable pieces of the bslwiz TUI and the
// contract they share. Each component lives in its own sub-package and knows
// nothing of the steps engine, AWS or Palette: it renders small view-model
// types of its own that the root model maps onto.
package components

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Component is the contract every component meets (soft-serve's, adapted to
// pointer models): it handles messages, renders itself to a string, can be
// given a size, and lists the keys it understands for the footer help.
//
// Update mutates the component in place and returns a command, if any.
// View is pure: no I/O, no clock, no randomness; the same state renders the
// same string. A component never draws wider than the width given to
// SetSize, and, where it has a height, never taller.
type Component interface {
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	help.KeyMap
}
