package form

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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
	notice          string

	fieldUp, fieldDown key.Binding
}

var _ components.Component = (*Model)(nil)

// New returns a form over fields with the first one focused. Call Init for
// the commands that load default file paths.
func New(th *theme.Theme, km keys.KeyMap, fields ...Field) *Model {
	m := &Model{
		th: th, km: km, fields: fields, width: 60, height: 20,
		fieldUp:   key.NewBinding(key.WithKeys("up"), key.WithHelp(th.Glyphs.UpDown, "field above/below")),
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

// Init starts the form; its fields need no command to begin.
func (m *Model) Init() tea.Cmd { return nil }

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

// ListOpen reports whether the focused field is a choice with its list
// open, which esc closes; otherwise esc is the root model's.
func (m *Model) ListOpen() bool {
	s, ok := m.Focused().(*Select)
	return ok && s.IsOpen()
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

// Revalidate runs the validator of the field with key again: for a rule
// that reads another field, after that one changed.
func (m *Model) Revalidate(key string) {
	if f := m.Field(key); f != nil {
		f.validate()
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

// Update handles keys and paste.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if len(m.fields) == 0 {
		return nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		m.notice = ""
		f := m.Focused()
		switch {
		case key.Matches(msg, m.km.Next):
			return m.focusIndex(m.focus + 1)
		case key.Matches(msg, m.km.Prev):
			return m.focusIndex(m.focus - 1)
		case key.Matches(msg, m.km.SubmitAll):
			return m.submit()
		case key.Matches(msg, m.km.Submit):
			if sel, ok := f.(*Select); ok && sel.pending != "" {
				// A filter that matched nothing chose nothing: enter stays
				// here, with the rule, rather than move on.
				sel.touched = true
				sel.validate()
				return nil
			}
			if m.focus == len(m.fields)-1 {
				return m.submit()
			}
			return m.focusIndex(m.focus + 1)
		case msg.Keystroke() == "ctrl+v":
			m.notice = pasteHint
			return nil
		case !isOpenSelect(f) && key.Matches(msg, m.fieldUp):
			if m.focus > 0 {
				return m.focusIndex(m.focus - 1)
			}
			return nil
		case !isOpenSelect(f) && key.Matches(msg, m.fieldDown):
			if m.focus < len(m.fields)-1 {
				return m.focusIndex(m.focus + 1)
			}
			return nil
		}
	}
	return m.updateFocused(msg)
}

// isOpenSelect reports whether f is a picker with its list open: there ↑/↓
// choose; everywhere else they move between fields.
func isOpenSelect(f Field) bool { sel, ok := f.(*Select); return ok && sel.open }

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
	f.validate()
	changed := ChangedMsg{Key: f.Key(), Value: f.Value(), Masked: isMasked(f)}
	cmds = append(cmds, func() tea.Msg { return changed })
	return tea.Batch(cmds...)
}

// rawValue is what the user edits.
func rawValue(f Field) string { return f.Value() }

func isMasked(f Field) bool {
	in, ok := f.(*Input)
	return ok && in.masked
}

// submit sends SubmittedMsg when every field is valid; otherwise it shows
// every error and focuses the first invalid field.
func (m *Model) submit() tea.Cmd {
	m.submitAttempted = true
	for _, f := range m.fields {
		f.validate()
	}
	for i, f := range m.fields {
		if f.Err() == nil {
			continue
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

// ShortHelp lists the keys of the focused field and the form's: enter
// first, the key that matters most when the footer is short of room.
func (m *Model) ShortHelp() []key.Binding {
	var b []key.Binding
	if f := m.Focused(); f != nil {
		b = append(b, f.keyHelp()...)
	}
	b = append(b, m.submitKey())
	if m.focus < len(m.fields)-1 {
		b = append(b, m.km.SubmitAll) // submit from here, without walking to the last field
	}
	return append(b, m.km.Next, m.km.Prev)
}

func (m *Model) submitKey() key.Binding {
	submit := m.km.Submit
	if m.focus == len(m.fields)-1 {
		submit.SetHelp(submit.Help().Key, "submit")
	} else {
		submit.SetHelp(submit.Help().Key, "next")
	}
	return submit
}

// FullHelp groups the form's keys: the focused field's, then moving
// between fields.
func (m *Model) FullHelp() [][]key.Binding {
	var groups [][]key.Binding
	if f := m.Focused(); f != nil && len(f.keyHelp()) > 0 {
		groups = append(groups, f.keyHelp())
	}
	nav := []key.Binding{m.submitKey(), m.km.SubmitAll, m.km.Next, m.km.Prev}
	if !isOpenSelect(m.Focused()) {
		nav = append(nav, m.fieldUp)
	}
	return append(groups, nav)
}

// View renders the fields that fit, keeping the focused one, with its
// error, in view: the form scrolls to the focused field, and a focused
// field taller than the form gives up its help, then list rows, before its
// error. Markers count the fields above and below, and those with an error.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 || len(m.fields) == 0 {
		return ""
	}
	blocks := make([][]string, len(m.fields))
	for i := range m.fields {
		blocks[i] = m.block(i, m.height)
	}
	first, last := m.visibleBlocks(blocks)
	if first > 0 || last < len(blocks) {
		// Not every field fits as a block: the others take a line each,
		// label and value, so a small form shows whole (step 6's nine
		// fields at 80x24) and only the focused one has its help.
		if lines, ok := m.compactView(); ok {
			return strings.Join(lines, "\n")
		}
	}
	showMarkers := true
	if mk := m.markers(first, last); first == m.focus && last == m.focus+1 && len(blocks[m.focus])+mk > m.height {
		if m.height-mk < minFocusedLines {
			showMarkers, mk = false, 0 // the field comes first
		}
		blocks[m.focus] = m.block(m.focus, max(1, m.height-mk))
	}
	var lines []string
	if first > 0 && showMarkers {
		lines = append(lines, m.marker(0, first, "above"))
	}
	for i := first; i < last; i++ {
		if i > first {
			lines = append(lines, "")
		}
		lines = append(lines, blocks[i]...)
	}
	if last < len(blocks) && showMarkers {
		lines = append(lines, m.marker(last, len(blocks), "below"))
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n")
}

// minFocusedLines is the least a focused field shows: its label, its value
// and the first line of its error (or of its list). Below that the markers
// of hidden fields give way.
const minFocusedLines = 3

// markers is how many marker lines fields first to last leave: one for
// each side with hidden fields.
func (m *Model) markers(first, last int) int {
	n := 0
	if first > 0 {
		n++
	}
	if last < len(m.fields) {
		n++
	}
	return n
}

// marker is the line for the hidden fields from to to, e.g. "… 2 more
// fields below, 1 with an error".
func (m *Model) marker(from, to int, where string) string {
	n, bad := to-from, 0
	for _, f := range m.fields[from:to] {
		if m.showsError(f) {
			bad++
		}
	}
	text := fmt.Sprintf("%s %d more %s %s", m.th.Glyphs.Ellipsis, n, plural(n, "field", "fields"), where)
	style := m.th.Muted
	if bad > 0 {
		text += fmt.Sprintf(", %d with an error", bad)
		style = m.th.Danger
	}
	return style.Render(components.Fit(text, m.width, ""))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// showsError reports whether f's error is on screen when f is.
func (m *Model) showsError(f Field) bool {
	err := f.Err()
	return err != nil && (f.base().touched || m.submitAttempted)
}

// visibleBlocks picks the fields to draw: the focused one, then neighbours
// below and above while they fit (a blank line between fields, a marker
// line for hidden ones).
func (m *Model) visibleBlocks(blocks [][]string) (first, last int) {
	first, last = m.focus, m.focus+1
	used := len(blocks[m.focus])
	cost := func(i int) int { return len(blocks[i]) + 1 }
	for grew := true; grew; {
		grew = false
		if last < len(blocks) && used+cost(last)+m.markers(first, last+1) <= m.height {
			used += cost(last)
			last++
			grew = true
		}
		if first > 0 && used+cost(first-1)+m.markers(first-1, last) <= m.height {
			first--
			used += cost(first)
			grew = true
		}
	}
	return first, last
}

// block renders field i: label, value, and when focused its help and the
// paste notice; then its error once shown. A focused block keeps to room
// lines where it can: the label, the value and the error's first line
// stay, the help goes first, then rows of an open list, then the notice.
func (m *Model) block(i, room int) []string {
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
	var errs, help, notice []string
	if m.showsError(f) {
		var secret string
		if in, ok := f.(*Input); ok {
			secret = in.secret()
		}
		errs = components.Wrap(redact(f.Err(), secret), w-2-m.errIndent())
	}
	if focused && b.help != "" {
		help = components.Wrap(b.help, w-2)
	}
	if focused && m.notice != "" {
		notice = components.Wrap(m.notice, w-2)
	}
	height := m.height
	if focused {
		height = max(1, room-1-min(len(errs), 1)-len(notice))
	}
	body := f.render(w, height, focused)
	if focused {
		left := room - 1 - len(body)
		errs = m.clip(errs, max(1, left), w-2-m.errIndent())
		left -= len(errs)
		notice = m.clip(notice, left, w-2)
		left -= len(notice)
		help = m.clip(help, left, w-2)
	}

	lines := []string{label}
	for _, l := range body {
		lines = append(lines, components.Fit(l, w, th.Glyphs.Ellipsis))
	}
	for _, l := range help {
		lines = append(lines, "  "+th.Muted.Render(l))
	}
	for _, l := range notice {
		lines = append(lines, "  "+th.Warning.Render(l))
	}
	trail := th.Glyphs.RuleTrail + " "
	pad := strings.Repeat(" ", m.errIndent())
	for j, l := range errs {
		prefix := pad
		if j == 0 {
			prefix = trail
		}
		lines = append(lines, "  "+th.Danger.Render(prefix+l))
	}
	return lines
}

// errIndent is the width of the glyph that leads an error, and a space.
func (m *Model) errIndent() int { return lipgloss.Width(m.th.Glyphs.RuleTrail) + 1 }

// clip keeps at most n of the wrapped lines, ending the last kept one with
// an ellipsis when some were dropped.
func (m *Model) clip(lines []string, n, width int) []string {
	if n <= 0 {
		return nil
	}
	if len(lines) <= n {
		return lines
	}
	lines = append([]string(nil), lines[:n]...)
	tail := " " + m.th.Glyphs.Ellipsis
	last := lines[n-1]
	if lipgloss.Width(last)+lipgloss.Width(tail) > width {
		last = components.Fit(last, width, m.th.Glyphs.Ellipsis)
	} else {
		last += tail
	}
	lines[n-1] = last
	return lines
}

// compactView is the form with every field but the focused one on a line
// of its own; ok is false when even that does not fit.
func (m *Model) compactView() (lines []string, ok bool) {
	focused := m.block(m.focus, m.height)
	if len(m.fields)-1+len(focused) > m.height {
		focused = m.block(m.focus, max(minFocusedLines, m.height-(len(m.fields)-1)))
	}
	if len(m.fields)-1+len(focused) > m.height {
		return nil, false
	}
	for i := range m.fields {
		if i == m.focus {
			lines = append(lines, focused...)
			continue
		}
		lines = append(lines, m.compactLine(i))
	}
	return lines, true
}

// compactLine is an unfocused field on one line: its label, its value, and
// a mark when it has an error on show.
func (m *Model) compactLine(i int) string {
	th, f := m.th, m.fields[i]
	value := strings.TrimSpace(ansi.Strip(strings.Join(f.render(m.width, 1, false), " ")))
	value = strings.TrimSpace(strings.TrimPrefix(value, ">"))
	line := "  " + th.Label.Render(f.base().label+":") + " " + value
	if m.showsError(f) {
		line += " " + th.Danger.Render(th.Glyphs.Failed+" see the rule")
	}
	return components.Fit(line, m.width, th.Glyphs.Ellipsis)
}

// CompactNeed is how many lines the form takes with every field but the
// focused one on a line, the focused one whole (label, value, help, rule).
func (m *Model) CompactNeed() int {
	if len(m.fields) == 0 {
		return 0
	}
	return len(m.fields) - 1 + len(m.block(m.focus, max(m.height, 40)))
}
