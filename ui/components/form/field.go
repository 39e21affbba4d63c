package form

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Validator checks a value and returns an error naming the rule it broke,
// or nil. The rules package's functions fit as they are.
type Validator func(string) error

// Field is one field of a form. The concrete types are *Input, *FilePath,
// *Toggle and *Select.
type Field interface {
	// Key identifies the field in Values and messages.
	Key() string
	// Label is the field's name on screen.
	Label() string
	// Value is the field's value (a FilePath's is the file's content).
	Value() string
	// Err is the field's current error, nil when valid.
	Err() error

	base() *fieldBase
	setup(th *theme.Theme, km keys.KeyMap)
	update(msg tea.Msg) tea.Cmd
	// render draws the value in at most height lines (height >= 1).
	render(width, height int, focused bool) []string
	focus() tea.Cmd
	blur()
	takesText() bool
	validate()
	setWidth(int)
	keyHelp() []key.Binding
}

// fieldBase is what every field has.
type fieldBase struct {
	th          *theme.Theme
	km          keys.KeyMap
	key, label  string
	help        string
	validator   Validator
	err         error
	externalErr error // set by Model.SetError, cleared by the next change
	touched     bool  // left at least once: errors show from then on
}

func (b *fieldBase) base() *fieldBase { return b }

// Key implements Field.
func (b *fieldBase) Key() string { return b.key }

// Label implements Field.
func (b *fieldBase) Label() string { return b.label }

// Err implements Field.
func (b *fieldBase) Err() error {
	if b.err != nil {
		return b.err
	}
	return b.externalErr
}

func (b *fieldBase) check(value string) {
	b.err = nil
	if b.validator != nil {
		b.err = b.validator(value)
	}
}

func (b *fieldBase) setup(th *theme.Theme, km keys.KeyMap) { b.th, b.km = th, km }

// newTextInput is a textinput as every field uses it: no ctrl+v (it runs a
// clipboard tool, which fails on bastions; the terminal's own paste arrives
// as tea.PasteMsg and still works).
func newTextInput() textinput.Model {
	ti := textinput.New()
	ti.Prompt = "> "
	ti.KeyMap.Paste.SetEnabled(false)
	return ti
}

// styleTextInput applies the theme: styles, a static cursor, the mask glyph.
func styleTextInput(ti *textinput.Model, th *theme.Theme) {
	ti.SetStyles(th.TextInput())
	ti.EchoCharacter = th.Glyphs.Mask
}
