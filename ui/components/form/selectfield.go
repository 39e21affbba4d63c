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

// Select is a picker. Focused, it is closed: it shows the chosen option,
// and ↑/↓ move to the neighbouring fields like everywhere else in the form,
// so arrowing through a form never changes a choice. Typing opens it with
// the typed text as a filter, space opens it with every option; once open,
// ↑/↓ move the highlight, esc closes it and puts the earlier choice back.
// While open the value follows the highlight, so what you see is what you
// get when you move on with tab or enter.
type Select struct {
	fieldBase
	options []Option
	filter  textinput.Model
	matches []int // indices into options, best first
	cursor  int   // index into matches
	value   string
	rows    int
	open    bool // the list shows and ↑/↓ choose
	// pending is a filter that matched nothing: the field is invalid until
	// an option is chosen (↑/↓, a filter that matches, esc), so enter never
	// falls back on an earlier match ("us-east-9" is not us-east-1).
	pending string
	before  string // the value when the list opened, for esc
	up      key.Binding
	down    key.Binding
	opener  key.Binding // the help for a closed picker
	cancel  key.Binding
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
	f.pending = ""
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
	f.opener = key.NewBinding(key.WithKeys("space"), key.WithHelp("space/type", "choose"))
	f.cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
}

// IsOpen reports whether the list is open: ↑/↓ then choose rather than
// move between fields.
func (f *Select) IsOpen() bool { return f.open }

// openList opens the list, remembering the choice for esc.
func (f *Select) openList() {
	if !f.open {
		f.open, f.before = true, f.value
	}
}

// closeList closes the list and clears the filter, keeping the choice.
func (f *Select) closeList() {
	f.open = false
	f.filter.SetValue("")
	f.refilter()
}

// Pending is the filter that matched no option, "" when the field holds
// a chosen option.
func (f *Select) Pending() string { return f.pending }

func (f *Select) validate() {
	f.err = nil
	if f.pending != "" {
		f.err = fmt.Errorf("%q is not one of the %d options: choose one (space lists them all)", f.pending, len(f.options))
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
		f.pending = ""
	} else {
		f.pending = strings.TrimSpace(f.filter.Value())
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
	f.pending = ""
}

func (f *Select) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case !f.open && key.Matches(k, f.opener):
			f.openList()
			return nil
		case !f.open && (key.Matches(k, f.up, f.down) || k.Code == tea.KeyPgUp || k.Code == tea.KeyPgDown):
			return nil // a closed picker keeps its choice
		case f.open && key.Matches(k, f.cancel):
			f.value, f.pending = f.before, ""
			f.closeList()
			return nil
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
	before, value := f.filter.Value(), f.value
	var cmd tea.Cmd
	f.filter, cmd = f.filter.Update(msg)
	if f.filter.Value() != before {
		if !f.open {
			f.open, f.before = true, value
		}
		f.refilter()
		f.validate()
	}
	return cmd
}

func (f *Select) focus() tea.Cmd {
	f.closeList()
	return f.filter.Focus()
}

func (f *Select) blur() {
	f.filter.Blur()
	f.closeList()
}

func (f *Select) takesText() bool { return true }
func (f *Select) setWidth(w int)  { f.filter.SetWidth(inputWidth(w)) }
func (f *Select) keyHelp() []key.Binding {
	if f.open {
		return []key.Binding{f.up, f.cancel}
	}
	return []key.Binding{f.opener}
}

func (f *Select) describe(o Option) string {
	if o.Label == "" {
		return o.Value
	}
	return o.Value + " " + f.th.Glyphs.Dash + " " + o.Label
}

// render draws the picker in at most height lines (at least one): closed,
// the choice; open, the filter, the options that fit and a count.
func (f *Select) render(width, height int, focused bool) []string {
	th := f.th
	chosen := th.Placeholder.Render("none chosen")
	for _, o := range f.options {
		if o.Value == f.value && f.value != "" {
			chosen = components.Fit(f.describe(o), width-2, th.Glyphs.Ellipsis)
		}
	}
	if f.pending != "" && !f.open {
		chosen = th.Danger.Render(components.Fit(fmt.Sprintf("%q matches no option", f.pending), width-2, th.Glyphs.Ellipsis))
	}
	if !focused {
		return []string{"  " + chosen}
	}
	if !f.open {
		lines := []string{th.Info.Render("> ") + th.Selected.Render(chosen)}
		hint := components.Wrap(fmt.Sprintf("space or type to choose (%d options)", len(f.options)), width-2)
		for _, l := range hint[:min(len(hint), height-1)] {
			lines = append(lines, "  "+th.Muted.Render(l))
		}
		return lines
	}

	lines := []string{f.filter.View()}
	if len(f.matches) == 0 {
		note := fmt.Sprintf("  no match for %q: nothing is chosen (esc puts back %s)", f.filter.Value(), orNone(f.before))
		if height > 1 {
			lines = append(lines, th.Muted.Render(components.Fit(note, width, th.Glyphs.Ellipsis)))
		}
		return lines
	}
	rows, count := f.rows, height > 2
	if count {
		rows = min(rows, height-2)
	} else {
		rows = min(rows, max(1, height-1))
	}
	first := max(0, min(f.cursor-rows/2, len(f.matches)-rows))
	last := min(len(f.matches), first+rows)
	valueW, labelW, groupW := 0, 0, 0
	for _, idx := range f.matches[first:last] {
		valueW = max(valueW, lipgloss.Width(f.options[idx].Value))
		labelW = max(labelW, lipgloss.Width(f.options[idx].Label))
		groupW = max(groupW, lipgloss.Width(f.options[idx].Group))
	}
	// The group column shows only when it fits whole: a cut "· a…" says
	// nothing.
	showGroup := groupW > 0 && valueW+2+labelW+2+lipgloss.Width(th.Glyphs.Sep)+1+groupW <= width-2
	for i := first; i < last; i++ {
		o := f.options[f.matches[i]]
		row := fmt.Sprintf("%-*s  %s", valueW, o.Value, o.Label)
		if o.Group != "" && showGroup {
			row += strings.Repeat(" ", labelW-lipgloss.Width(o.Label)) + "  " + th.Glyphs.Sep + " " + o.Group
		}
		row = components.Fit(row, width-2, th.Glyphs.Ellipsis)
		if i == f.cursor {
			lines = append(lines, th.Info.Render(th.Glyphs.Cursor+" ")+th.Selected.Render(row))
		} else {
			lines = append(lines, "  "+row)
		}
	}
	if count {
		lines = append(lines, th.Muted.Render(components.Fit(fmt.Sprintf("  %d of %d %s %s choose, esc cancels",
			len(f.matches), len(f.options), th.Glyphs.Sep, th.Glyphs.UpDown), width, th.Glyphs.Ellipsis)))
	}
	return lines
}

func orNone(v string) string {
	if v == "" {
		return "none"
	}
	return v
}
