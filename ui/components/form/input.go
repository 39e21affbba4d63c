package form

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Input is a one-line text field.
type Input struct {
	fieldBase
	ti     textinput.Model
	masked bool
}

// NewInput returns a text field.
func NewInput(key, label string) *Input {
	return &Input{fieldBase: fieldBase{key: key, label: label}, ti: newTextInput()}
}

// Help sets the help line shown under the focused field.
func (f *Input) Help(text string) *Input { f.help = text; return f }

// Default sets the initial value.
func (f *Input) Default(value string) *Input { f.ti.SetValue(value); f.validate(); return f }

// Placeholder sets the text shown while the field is empty.
func (f *Input) Placeholder(text string) *Input { f.ti.Placeholder = text; return f }

// Validate sets the validator run on every change.
func (f *Input) Validate(v Validator) *Input { f.validator = v; f.validate(); return f }

// Masked hides what is typed (for the Palette API key): the screen shows one
// mask glyph per character, and errors never quote the value.
func (f *Input) Masked() *Input {
	f.masked = true
	f.ti.EchoMode = textinput.EchoPassword
	return f
}

// CharLimit caps the value's length in characters.
func (f *Input) CharLimit(n int) *Input { f.ti.CharLimit = n; return f }

// Value implements Field.
func (f *Input) Value() string { return f.ti.Value() }

// IsMasked reports whether the field hides its value.
func (f *Input) IsMasked() bool { return f.masked }

func (f *Input) setup(th *theme.Theme, km keys.KeyMap) {
	f.fieldBase.setup(th, km)
	styleTextInput(&f.ti, th)
}

func (f *Input) validate() { f.check(f.ti.Value()) }

func (f *Input) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.ti, cmd = f.ti.Update(msg)
	return cmd
}

func (f *Input) focus() tea.Cmd { return f.ti.Focus() }
func (f *Input) blur()          { f.ti.Blur() }
func (f *Input) takesText() bool {
	return true
}
func (f *Input) setWidth(w int)         { f.ti.SetWidth(inputWidth(w)) }
func (f *Input) keyHelp() []key.Binding { return nil }

func (f *Input) render(int, int, bool) []string { return []string{f.ti.View()} }

func (f *Input) secret() string {
	if f.masked {
		return f.ti.Value()
	}
	return ""
}

// inputWidth is the textinput width that makes a line of w cells: the
// "> " prompt and the cursor cell after the text take three.
func inputWidth(w int) int { return max(1, w-3) }
