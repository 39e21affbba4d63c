// Package confirm is the panel shown before every change: the exact API
// calls, each with the account it runs in, and the documents they send.
// y or enter confirms (ConfirmedMsg), esc or n backs out (CancelledMsg);
// nothing is changed until the root model receives ConfirmedMsg.
package confirm

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/keys"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Call is one API call, e.g. {Action: "iam:CreateRole", Target:
// "bslwiz-velero", Where: "111122223333 (Account B)"}.
type Call struct {
	Action string
	Target string
	Where  string
}

// String renders the call as on screen: "iam:CreateRole bslwiz-velero in
// 111122223333 (Account B)".
func (c Call) String() string {
	s := c.Action
	if c.Target != "" {
		s += " " + c.Target
	}
	if c.Where != "" {
		s += " in " + c.Where
	}
	return s
}

// Document is a document a call sends, shown in full.
type Document struct {
	Title string
	Body  string
}

// Request is what to confirm.
type Request struct {
	ID        string // echoed in ConfirmedMsg and CancelledMsg
	Title     string // e.g. "Step 6 creates the policy and the role"
	Calls     []Call
	Documents []Document
	Note      string // optional, e.g. "Re-running is safe: existing items are adopted."
}

// ConfirmedMsg is sent when the user confirms request ID.
type ConfirmedMsg struct{ ID string }

// CancelledMsg is sent when the user backs out of request ID.
type CancelledMsg struct{ ID string }

// Model is the confirmation panel.
type Model struct {
	th            *theme.Theme
	km            keys.KeyMap
	req           Request
	answered      bool
	vp            viewport.Model
	width, height int
}

var _ components.Component = (*Model)(nil)

// New returns an empty panel.
func New(th *theme.Theme, km keys.KeyMap) *Model {
	m := &Model{th: th, km: km, vp: viewport.New()}
	m.vp.KeyMap = viewport.KeyMap{Up: km.Up, Down: km.Down, PageUp: km.PageUp, PageDown: km.PageDown}
	m.vp.SoftWrap = true // a last resort: every line is wrapped to the width already
	m.vp.MouseWheelEnabled = false
	m.SetSize(80, 20)
	return m
}

// Set shows req, scrolled to the top, awaiting an answer.
func (m *Model) Set(req Request) {
	m.req, m.answered = req, false
	m.refresh()
	m.vp.GotoTop()
}

// Request returns what is being confirmed.
func (m *Model) Request() Request { return m.req }

// Need is how many lines the panel needs at its width to show everything
// without scrolling: the content, the scroll line and the prompt.
func (m *Model) Need() int { return m.vp.TotalLineCount() + 1 + len(m.promptLines()) }

// SetSize sets the box the panel draws in; the calls and documents scroll
// above a fixed prompt line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.refresh()
}

// prompt is the question under the calls.
func (m *Model) prompt() string {
	switch {
	case m.answered:
		return "Answered."
	case len(m.req.Calls) == 0:
		return "Press y or enter to go on, esc to back out."
	case len(m.req.Calls) == 1:
		return "Press y or enter to make this change, esc to back out."
	}
	return "Press y or enter to make these changes, esc to back out."
}

// promptLines is the prompt wrapped to the width (two lines in the narrow
// column beside the checks).
func (m *Model) promptLines() []string { return components.Wrap(m.prompt(), max(1, m.width)) }

func (m *Model) refresh() {
	th, w := m.th, m.width
	m.vp.SetWidth(max(1, w))
	m.vp.SetHeight(max(1, m.height-1-len(m.promptLines()))) // the scroll line, the prompt
	var lines []string
	if m.req.Title != "" {
		for _, l := range components.Wrap(m.req.Title, w) {
			lines = append(lines, th.Title.Render(l))
		}
		lines = append(lines, "")
	}
	switch len(m.req.Calls) {
	case 0:
		lines = append(lines, "No API call changes anything.")
	case 1:
		lines = append(lines, "This API call will be made:")
	default:
		lines = append(lines, components.Wrap(fmt.Sprintf("These %d API calls will be made, in this order:", len(m.req.Calls)), w)...)
	}
	lines = append(lines, m.CallLines(w, "  ")...)
	for _, d := range m.req.Documents {
		lines = append(lines, "")
		for _, l := range components.Wrap(d.Title, w) {
			lines = append(lines, th.Title.Render(l))
		}
		// A document to paste: never shortened, a value too long for its
		// line wrapped with the continuation mark.
		for _, l := range components.WrapDocument(d.Body, max(1, w-2), components.PasteCont(th.Glyphs.Ellipsis)) {
			lines = append(lines, "  "+l)
		}
	}
	if m.req.Note != "" {
		lines = append(lines, "")
		for _, l := range components.Wrap(m.req.Note, w) {
			lines = append(lines, th.Muted.Render(l))
		}
	}
	m.vp.SetContentLines(lines)
}

// CallLines renders the calls as a numbered list width cells wide, each
// line led by indent: the panel's own list, and the compact one the root
// model shows under a diff.
func (m *Model) CallLines(width int, indent string) []string {
	var lines []string
	numW := len(fmt.Sprint(len(m.req.Calls)))
	for i, c := range m.req.Calls {
		lines = append(lines, m.callLines(c, fmt.Sprintf("%s%*d. ", indent, numW, i+1), width)...)
	}
	return lines
}

// callLines renders one call as one item: the number, then the action and
// its target wrapped at spaces under a hanging indent, so no word is split
// and every continuation lines up after the number; the account follows on
// the last line when it fits, else on a line of its own.
func (m *Model) callLines(c Call, head string, width int) []string {
	th := m.th
	hang := strings.Repeat(" ", lipgloss.Width(head))
	action := components.Sanitize(c.Action)
	text := action
	if c.Target != "" {
		text += " " + components.Sanitize(c.Target)
	}
	// Wrap repeats the leading indent on every line, and gives up some of it
	// for a word (an ARN) that fits the width but not after the indent.
	lines := components.Wrap(hang+text, width)
	if rest, ok := strings.CutPrefix(lines[0], hang+action); ok {
		lines[0] = head + th.Emphasis.Render(action) + rest
	} else {
		lines[0] = head + strings.TrimPrefix(lines[0], hang)
	}
	if c.Where == "" {
		return lines
	}
	where := components.Sanitize(c.Where)
	last := len(lines) - 1
	if lipgloss.Width(lines[last])+len(" in ")+lipgloss.Width(where) <= width {
		lines[last] += " " + th.Muted.Render("in ") + th.Warning.Render(where)
		return lines
	}
	for j, l := range components.Wrap(hang+"in "+where, width) {
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		l = strings.TrimLeft(l, " ")
		if j == 0 {
			l = th.Muted.Render("in ") + th.Warning.Render(strings.TrimPrefix(l, "in "))
		} else {
			l = th.Warning.Render(l)
		}
		lines = append(lines, indent+l)
	}
	return lines
}

// Update answers y/enter and esc/n, and scrolls.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, m.km.Confirm):
		if m.answered {
			return nil // a second enter must not confirm twice
		}
		m.answered = true
		id := m.req.ID
		return func() tea.Msg { return ConfirmedMsg{ID: id} }
	case key.Matches(k, m.km.Cancel):
		if m.answered {
			return nil
		}
		m.answered = true
		id := m.req.ID
		return func() tea.Msg { return CancelledMsg{ID: id} }
	case key.Matches(k, m.km.Home):
		m.vp.GotoTop()
	case key.Matches(k, m.km.End):
		m.vp.GotoBottom()
	default:
		m.vp, _ = m.vp.Update(msg)
	}
	return nil
}

// ShortHelp lists confirm, back out, and scrolling when there is more.
func (m *Model) ShortHelp() []key.Binding {
	b := []key.Binding{m.km.Confirm, m.km.Cancel}
	if m.vp.TotalLineCount() > m.vp.VisibleLineCount() {
		b = append(b, keys.Scroll(m.km, m.th.Glyphs.UpDown))
	}
	return b
}

// FullHelp groups the panel's keys.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.km.Confirm, m.km.Cancel}, {m.km.Up, m.km.Down, m.km.PageUp, m.km.PageDown, m.km.Home, m.km.End}}
}

// View renders the scrolling calls and documents, a line that says how to
// scroll when there is more, and the prompt line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.th
	var prompt []string
	for _, l := range m.promptLines() {
		prompt = append(prompt, th.Title.Render(l))
	}
	if m.height < 2+len(prompt) {
		return strings.Join(prompt[:min(len(prompt), m.height)], "\n")
	}
	scroll := ""
	if hint := components.ScrollHint(m.vp.AtTop(), m.vp.AtBottom(), m.vp.ScrollPercent(), m.width, th.Glyphs.Ellipsis, th.Glyphs.UpDown); hint != "" {
		scroll = th.Muted.Render(hint)
	}
	return m.vp.View() + "\n" + scroll + "\n" + strings.Join(prompt, "\n")
}
