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
	m.vp.SoftWrap = true
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

// SetSize sets the box the panel draws in; the calls and documents scroll
// above a fixed prompt line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.vp.SetWidth(max(1, width))
	m.vp.SetHeight(max(1, height-2))
	m.refresh()
}

func (m *Model) refresh() {
	th := m.th
	var lines []string
	if m.req.Title != "" {
		lines = append(lines, th.Title.Render(components.Sanitize(m.req.Title)), "")
	}
	switch len(m.req.Calls) {
	case 0:
		lines = append(lines, "No API call changes anything.")
	case 1:
		lines = append(lines, "This API call will be made:")
	default:
		lines = append(lines, fmt.Sprintf("These %d API calls will be made, in this order:", len(m.req.Calls)))
	}
	numW := len(fmt.Sprint(len(m.req.Calls)))
	for i, c := range m.req.Calls {
		line := fmt.Sprintf("  %*d. %s", numW, i+1, th.Emphasis.Render(components.Sanitize(c.Action)))
		if c.Target != "" {
			line += " " + components.Sanitize(c.Target)
		}
		if c.Where == "" {
			lines = append(lines, line)
			continue
		}
		where := th.Muted.Render("in ") + th.Warning.Render(components.Sanitize(c.Where))
		if lipgloss.Width(line)+1+lipgloss.Width(where) <= m.width {
			lines = append(lines, line+" "+where)
			continue
		}
		// The account goes whole on a line of its own, never split.
		lines = append(lines, line, strings.Repeat(" ", numW+4)+where)
	}
	for _, d := range m.req.Documents {
		lines = append(lines, "", th.Title.Render(components.Sanitize(d.Title)))
		for _, l := range strings.Split(strings.TrimRight(components.Sanitize(d.Body), "\n"), "\n") {
			lines = append(lines, "  "+l)
		}
	}
	if m.req.Note != "" {
		lines = append(lines, "")
		for _, l := range components.Wrap(m.req.Note, m.width) {
			lines = append(lines, th.Muted.Render(l))
		}
	}
	m.vp.SetContentLines(lines)
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
		b = append(b, m.km.Down, m.km.PageDown)
	}
	return b
}

// FullHelp groups the panel's keys.
func (m *Model) FullHelp() [][]key.Binding {
	return [][]key.Binding{{m.km.Confirm, m.km.Cancel}, {m.km.Up, m.km.Down, m.km.PageUp, m.km.PageDown, m.km.Home, m.km.End}}
}

// View renders the scrolling calls and documents and the prompt line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.th
	prompt := "Press y or enter to make these changes, esc to back out."
	if m.answered {
		prompt = "Answered."
	}
	if !m.vp.AtTop() || !m.vp.AtBottom() {
		prompt += fmt.Sprintf(" (%d%% %s scroll)", int(m.vp.ScrollPercent()*100), th.Glyphs.UpDown)
	}
	prompt = th.Title.Render(components.Fit(prompt, m.width, th.Glyphs.Ellipsis))
	if m.height < 3 {
		return prompt
	}
	return m.vp.View() + "\n\n" + prompt
}
