package form

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// pasteHint answers a ctrl+v, which the form does not bind (see package doc).
const pasteHint = "ctrl+v is off here: paste with your terminal (ctrl+shift+v, cmd+v, shift+insert or right-click)"

// Model is a form: an ordered list of fields, one of them focused.
type Model struct {
	th            *theme.Theme
	km            keys.KeyMap
	fields        []Field
	focus         int
	width, height int

	submitAttempted bool
	submitOnRead    bool // enter was pressed while a file was being read
	notice          string

	fieldUp, fieldDown key.Binding
}

var _ components.Component = (*Model)(nil)

// New returns a form over fields with the first one focused. Call Init for
// the commands that load default file paths.
func New(th *theme.Theme, km keys.KeyMap, fields ...Field) *Model {
	m := &Model{
		th: th, km: km, fields: fields, width: 60, height: 20,
		fieldUp:   key.NewBinding(key.WithKeys("up")),
		fieldDown: key.NewBinding(key.WithKeys("down")),
	}
	for _, f := range fields {
		f.setup(th, km)
		f.validate()
	}
	if len(fields) > 0 {
		fields[0].focus()
	}
	m.SetSize(m.width, m.height)
	return m
}

// Init reads the files of FilePath fields that start with a path.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	for _, f := range m.fields {
		if fp, ok := f.(*FilePath); ok && fp.Path() != "" {
			cmds = append(cmds, fp.load())
		}
	}
	return tea.Batch(cmds...)
}

// Fields returns the fields in order.
func (m *Model) Fields() []Field { return append([]Field(nil), m.fields...) }

// Field returns the field with key, or nil.
func (m *Model) Field(key string) Field {
	for _, f := range m.fields {
		if f.Key() == key {
			return f
		}
	}
	return nil
}

// Value is the value of the field with key ("" when there is none).
func (m *Model) Value(key string) string {
	if f := m.Field(key); f != nil {
		return f.Value()
	}
	return ""
}

// Values maps every field's key to its value.
func (m *Model) Values() map[string]string {
	v := make(map[string]string, len(m.fields))
	for _, f := range m.fields {
		v[f.Key()] = f.Value()
	}
	return v
}

// Valid reports whether every field passes its validator.
func (m *Model) Valid() bool {
	for _, f := range m.fields {
		if f.Err() != nil {
			return false
		}
	}
	return true
}

// Focused returns the focused field, or nil for an empty form.
func (m *Model) Focused() Field {
	if len(m.fields) == 0 {
		return nil
	}
	return m.fields[m.focus]
}

// InputFocused reports whether the focused field takes text. While it does,
// the root model must pass printable keys ("?", "q", …) to the form rather
// than treat them as commands.
func (m *Model) InputFocused() bool {
	f := m.Focused()
	return f != nil && f.takesText()
}

// FocusKey moves the focus to the field with key (say, the field a failed
// check points at). It reports false when there is no such field.
func (m *Model) FocusKey(key string) (bool, tea.Cmd) {
	for i, f := range m.fields {
		if f.Key() == key {
			return true, m.focusIndex(i)
		}
	}
	return false, nil
}

// SetError shows err on the field with key, as if its validator had failed,
// until the field's value next changes: for rules that span fields or come
// from the steps engine. A nil err clears it.
func (m *Model) SetError(key string, err error) {
	if f := m.Field(key); f != nil {
		f.base().externalErr = err
		f.base().touched = true
	}
}

// SetSize sets the box the form draws in; fields wider than it scroll.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	for _, f := range m.fields {
		f.setWidth(width - 2)
	}
}

func (m *Model) focusIndex(i int) tea.Cmd {
	if len(m.fields) == 0 || i == m.focus {
		return nil
	}
	cur := m.fields[m.focus]
	cur.blur()
	cur.base().touched = true
	cur.validate()
	m.focus = (i + len(m.fields)) % len(m.fields)
	return m.fields[m.focus].focus()
}

// Update handles keys, paste and file reads.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if len(m.fields) == 0 {
		return nil
	}
	switch msg := msg.(type) {
	case fileReadMsg:
		if !msg.field.settle(msg) {
			return nil
		}
		if m.submitOnRead {
			m.submitOnRead = false
			return m.submit()
		}
		return nil

	case tea.KeyPressMsg:
		m.notice = ""
		f := m.Focused()
		switch {
		case key.Matches(msg, m.km.Next):
			return m.focusIndex(m.focus + 1)
		case key.Matches(msg, m.km.Prev):
			return m.focusIndex(m.focus - 1)
		case key.Matches(msg, m.km.Submit):
			if m.focus == len(m.fields)-1 {
				return m.submit()
			}
			return m.focusIndex(m.focus + 1)
		case msg.Keystroke() == "ctrl+v":
			m.notice = pasteHint
			return nil
		case !isSelect(f) && key.Matches(msg, m.fieldUp):
			if m.focus > 0 {
				return m.focusIndex(m.focus - 1)
			}
			return nil
		case !isSelect(f) && key.Matches(msg, m.fieldDown):
			if m.focus < len(m.fields)-1 {
				return m.focusIndex(m.focus + 1)
			}
			return nil
		}
	}
	return m.updateFocused(msg)
}

func isSelect(f Field) bool { _, ok := f.(*Select); return ok }

// updateFocused passes msg to the focused field and reports a change.
func (m *Model) updateFocused(msg tea.Msg) tea.Cmd {
	f := m.Focused()
	before := rawValue(f)
	cmd := f.update(msg)
	if rawValue(f) == before {
		return cmd
	}
	f.base().externalErr = nil
	cmds := []tea.Cmd{cmd}
	if fp, ok := f.(*FilePath); ok {
		cmds = append(cmds, fp.load())
	} else {
		f.validate()
	}
	changed := ChangedMsg{Key: f.Key(), Value: f.Value(), Masked: isMasked(f)}
	cmds = append(cmds, func() tea.Msg { return changed })
	return tea.Batch(cmds...)
}

// rawValue is what the user edits: a FilePath's path rather than content.
func rawValue(f Field) string {
	if fp, ok := f.(*FilePath); ok {
		return fp.Path()
	}
	return f.Value()
}

func isMasked(f Field) bool {
	in, ok := f.(*Input)
	return ok && in.masked
}

// submit sends SubmittedMsg when every field is valid; otherwise it shows
// every error and focuses the first invalid field.
func (m *Model) submit() tea.Cmd {
	m.submitAttempted = true
	for _, f := range m.fields {
		if fp, ok := f.(*FilePath); !ok || !fp.reading {
			f.validate()
		}
	}
	for i, f := range m.fields {
		if f.Err() == nil {
			continue
		}
		if fp, ok := f.(*FilePath); ok && fp.reading && m.onlyReading() {
			m.submitOnRead = true // submit as soon as the read lands
			return nil
		}
		return m.focusIndex(i)
	}
	vals := SubmittedMsg{Values: m.Values(), masked: map[string]bool{}}
	for _, f := range m.fields {
		if isMasked(f) {
			vals.masked[f.Key()] = true
		}
	}
	return func() tea.Msg { return vals }
}

// onlyReading reports whether the only errors are reads still in flight.
func (m *Model) onlyReading() bool {
	for _, f := range m.fields {
		if err := f.Err(); err != nil && err != errReading {
			return false
		}
	}
	return true
}

// ShortHelp lists the keys of the focused field and the form's.
func (m *Model) ShortHelp() []key.Binding {
	var b []key.Binding
	if f := m.Focused(); f != nil {
		b = append(b, f.keyHelp()...)
	}
	submit := m.km.Submit
	if m.focus == len(m.fields)-1 {
		submit.SetHelp(submit.Help().Key, "submit")
	} else {
		submit.SetHelp(submit.Help().Key, "next")
	}
	return append(b, m.km.Next, m.km.Prev, submit)
}

// FullHelp groups the form's keys.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{m.ShortHelp()}
}

// View renders the fields that fit, keeping the focused one in view.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 || len(m.fields) == 0 {
		return ""
	}
	blocks := make([][]string, len(m.fields))
	for i := range m.fields {
		blocks[i] = m.block(i)
	}
	first, last := m.visibleBlocks(blocks)
	var lines []string
	if first > 0 {
		lines = append(lines, m.th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more fields above", m.th.Glyphs.Ellipsis, first), m.width, "")))
	}
	for i := first; i < last; i++ {
		if i > first {
			lines = append(lines, "")
		}
		lines = append(lines, blocks[i]...)
	}
	if last < len(blocks) {
		lines = append(lines, m.th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more fields below", m.th.Glyphs.Ellipsis, len(blocks)-last), m.width, "")))
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n")
}

// visibleBlocks picks the fields to draw: the focused one, then neighbours
// below and above while they fit (a blank line between fields, a marker
// line for hidden ones).
func (m *Model) visibleBlocks(blocks [][]string) (first, last int) {
	first, last = m.focus, m.focus+1
	used := len(blocks[m.focus])
	cost := func(i int) int { return len(blocks[i]) + 1 }
	markers := func(f, l int) int {
		n := 0
		if f > 0 {
			n++
		}
		if l < len(blocks) {
			n++
		}
		return n
	}
	for grew := true; grew; {
		grew = false
		if last < len(blocks) && used+cost(last)+markers(first, last+1) <= m.height {
			used += cost(last)
			last++
			grew = true
		}
		if first > 0 && used+cost(first-1)+markers(first-1, last) <= m.height {
			first--
			used += cost(first)
			grew = true
		}
	}
	return first, last
}

// block renders field i: label, input, help when focused, error when shown.
func (m *Model) block(i int) []string {
	th, f := m.th, m.fields[i]
	focused := i == m.focus
	b := f.base()
	w := m.width

	label := components.Fit(b.label, w-2, th.Glyphs.Ellipsis)
	if focused {
		label = th.Info.Render(th.Glyphs.Cursor+" ") + th.FocusedLabel.Render(label)
	} else {
		label = "  " + th.Label.Render(label)
	}
	lines := []string{label}
	for _, l := range f.render(w, focused) {
		lines = append(lines, components.Fit(l, w, th.Glyphs.Ellipsis))
	}
	if focused && b.help != "" {
		for _, l := range components.Wrap(b.help, w-2) {
			lines = append(lines, "  "+th.Muted.Render(l))
		}
	}
	if focused && m.notice != "" {
		for _, l := range components.Wrap(m.notice, w-2) {
			lines = append(lines, "  "+th.Warning.Render(l))
		}
	}
	if err := f.Err(); err != nil && (b.touched || m.submitAttempted) && err != errReading {
		var secret string
		if in, ok := f.(*Input); ok {
			secret = in.secret()
		}
		trail := th.Glyphs.RuleTrail
		pad := strings.Repeat(" ", lipgloss.Width(trail)+1)
		for j, l := range components.Wrap(redact(err, secret), w-2-len(pad)) {
			prefix := pad
			if j == 0 {
				prefix = trail + " "
			}
			lines = append(lines, "  "+th.Danger.Render(prefix+l))
		}
	}
	return lines
}
