package form

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Option is one choice of a Select.
type Option struct {
	Value string // what the field's Value becomes, e.g. "us-east-2"
	Label string // what it means, e.g. "US East (Ohio)"
	Group string // a family shown beside it and matched by the filter, e.g. "aws"
}

// Select is a picker: type to filter the options, ↑/↓ to choose. The value
// follows the highlighted option, so what you see is what you get when you
// move on with tab or enter.
type Select struct {
	fieldBase
	options []Option
	filter  textinput.Model
	matches []int // indices into options, best first
	cursor  int   // index into matches
	value   string
	rows    int
	up      key.Binding
	down    key.Binding
}

// NewSelect returns a picker over options, with nothing chosen.
func NewSelect(key, label string, options []Option) *Select {
	f := &Select{
		fieldBase: fieldBase{key: key, label: label},
		options:   append([]Option(nil), options...),
		filter:    newTextInput(),
		rows:      5,
	}
	f.filter.Placeholder = "type to filter"
	f.refilter()
	return f
}

// Help sets the help line shown under the focused field.
func (f *Select) Help(text string) *Select { f.help = text; return f }

// Default chooses the option with this value, if there is one.
func (f *Select) Default(value string) *Select {
	for _, o := range f.options {
		if o.Value == value {
			f.value = value
		}
	}
	f.validate()
	return f
}

// Validate sets the validator run on the chosen value.
func (f *Select) Validate(v Validator) *Select { f.validator = v; f.validate(); return f }

// Rows sets how many options show at once while the picker has the focus.
func (f *Select) Rows(n int) *Select { f.rows = max(1, n); return f }

// Value implements Field: the chosen option's Value, "" when none.
func (f *Select) Value() string { return f.value }

// Filter is what has been typed to filter the options.
func (f *Select) Filter() string { return f.filter.Value() }

func (f *Select) setup(th *theme.Theme, km keys.KeyMap) {
	f.fieldBase.setup(th, km)
	styleTextInput(&f.filter, th)
	// Only the arrows move the highlight: j and k are letters of the filter.
	f.up = key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp(th.Glyphs.UpDown, "choose"))
	f.down = key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp(th.Glyphs.UpDown, "choose"))
}

func (f *Select) validate() {
	f.err = nil
	if f.value == "" && f.filter.Value() != "" && len(f.matches) == 0 {
		f.err = fmt.Errorf("nothing matches %q", f.filter.Value())
		return
	}
	if f.value == "" && f.validator == nil {
		f.err = fmt.Errorf("choose one of the %d options", len(f.options))
		return
	}
	f.check(f.value)
}

// refilter recomputes the matches: exact value first, then values starting
// with the filter, then labels or groups with a word starting with it, then
// any substring; the original order within each rank.
func (f *Select) refilter() {
	q := strings.ToLower(strings.TrimSpace(f.filter.Value()))
	var ranked [4][]int
	for i, o := range f.options {
		v, text := strings.ToLower(o.Value), strings.ToLower(o.Label+" "+o.Group)
		switch {
		case q == "" || v == q:
			ranked[0] = append(ranked[0], i)
		case strings.HasPrefix(v, q):
			ranked[1] = append(ranked[1], i)
		case wordPrefix(text, q):
			ranked[2] = append(ranked[2], i)
		case strings.Contains(v+" "+text, q):
			ranked[3] = append(ranked[3], i)
		}
	}
	f.matches = append(append(append(ranked[0], ranked[1]...), ranked[2]...), ranked[3]...)
	f.cursor = 0
	if q == "" {
		// With no filter, start on the chosen option.
		for i, idx := range f.matches {
			if f.options[idx].Value == f.value {
				f.cursor = i
			}
		}
		return
	}
	if len(f.matches) > 0 {
		f.value = f.options[f.matches[0]].Value
	}
}

func wordPrefix(text, q string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' }) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

func (f *Select) move(delta int) {
	if len(f.matches) == 0 {
		return
	}
	f.cursor = max(0, min(len(f.matches)-1, f.cursor+delta))
	f.value = f.options[f.matches[f.cursor]].Value
}

func (f *Select) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, f.up):
			f.move(-1)
			return nil
		case key.Matches(k, f.down):
			f.move(1)
			return nil
		case k.Code == tea.KeyPgUp:
			f.move(-f.rows)
			return nil
		case k.Code == tea.KeyPgDown:
			f.move(f.rows)
			return nil
		}
	}
	before := f.filter.Value()
	var cmd tea.Cmd
	f.filter, cmd = f.filter.Update(msg)
	if f.filter.Value() != before {
		f.refilter()
	}
	return cmd
}

func (f *Select) focus() tea.Cmd {
	f.filter.SetValue("")
	f.refilter()
	return f.filter.Focus()
}

func (f *Select) blur() {
	f.filter.Blur()
	f.filter.SetValue("")
	f.refilter()
}

func (f *Select) takesText() bool { return true }
func (f *Select) setWidth(w int)  { f.filter.SetWidth(inputWidth(w)) }
func (f *Select) keyHelp() []key.Binding {
	return []key.Binding{f.up}
}

func (f *Select) describe(o Option) string {
	if o.Label == "" {
		return o.Value
	}
	return o.Value + " " + f.th.Glyphs.Dash + " " + o.Label
}

func (f *Select) render(width int, focused bool) []string {
	th := f.th
	if !focused {
		for _, o := range f.options {
			if o.Value == f.value && f.value != "" {
				return []string{"  " + components.Fit(f.describe(o), width-2, th.Glyphs.Ellipsis)}
			}
		}
		return []string{"  " + th.Placeholder.Render("none chosen")}
	}

	lines := []string{f.filter.View()}
	if len(f.matches) == 0 {
		note := fmt.Sprintf("  no match for %q", f.filter.Value())
		if f.value != "" {
			note += "; still " + f.value
		}
		lines = append(lines, th.Muted.Render(components.Fit(note, width, th.Glyphs.Ellipsis)))
		return lines
	}
	first := max(0, min(f.cursor-f.rows/2, len(f.matches)-f.rows))
	last := min(len(f.matches), first+f.rows)
	valueW, labelW := 0, 0
	for _, idx := range f.matches[first:last] {
		valueW = max(valueW, lipgloss.Width(f.options[idx].Value))
		labelW = max(labelW, lipgloss.Width(f.options[idx].Label))
	}
	for i := first; i < last; i++ {
		o := f.options[f.matches[i]]
		row := fmt.Sprintf("%-*s  %s", valueW, o.Value, o.Label)
		if o.Group != "" {
			row += strings.Repeat(" ", labelW-lipgloss.Width(o.Label)) + "  " + th.Glyphs.Sep + " " + o.Group
		}
		row = components.Fit(row, width-2, th.Glyphs.Ellipsis)
		if i == f.cursor {
			lines = append(lines, th.Info.Render(th.Glyphs.Cursor+" ")+th.Selected.Render(row))
		} else {
			lines = append(lines, "  "+row)
		}
	}
	lines = append(lines, th.Muted.Render(components.Fit(fmt.Sprintf("  %d of %d %s %s to choose", len(f.matches), len(f.options), th.Glyphs.Sep, th.Glyphs.UpDown), width, th.Glyphs.Ellipsis)))
	return lines
}
