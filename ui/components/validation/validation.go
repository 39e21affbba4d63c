package validation

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// CheckStatus is where a check stands.
type CheckStatus int

// The statuses of a check.
const (
	CheckPending CheckStatus = iota
	CheckRunning
	CheckOK
	CheckWarn
	CheckFail
	CheckSkipped
)

// String names the status in words.
func (s CheckStatus) String() string {
	switch s {
	case CheckPending:
		return "pending"
	case CheckRunning:
		return "running"
	case CheckOK:
		return "ok"
	case CheckWarn:
		return "warning"
	case CheckFail:
		return "failed"
	case CheckSkipped:
		return "skipped"
	}
	return fmt.Sprintf("CheckStatus(%d)", int(s))
}

// CheckItem is one check. Name identifies it within a generation.
type CheckItem struct {
	Name   string
	Reason string
	Status CheckStatus
}

// ResultMsg is the outcome of one check of one generation.
type ResultMsg struct {
	Generation uint64
	Item       CheckItem
}

// DebounceMsg is sent by Debounce once its delay has passed.
type DebounceMsg struct{ Generation uint64 }

// Debounce waits d, then sends DebounceMsg{gen}. Start the checks on it only
// if gen is still the newest generation: the user has stopped typing.
func Debounce(gen uint64, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return DebounceMsg{Generation: gen} })
}

// Model is the validation panel.
type Model struct {
	th            *theme.Theme
	items         []CheckItem
	gen           uint64
	spin          spinner.Model
	paused        bool
	width, height int
}

var _ components.Component = (*Model)(nil)

// New returns an empty panel at generation 0.
func New(th *theme.Theme) *Model {
	return &Model{
		th:     th,
		spin:   spinner.New(spinner.WithSpinner(th.Glyphs.Spinner)),
		width:  40,
		height: 10,
	}
}

// Generation is the generation whose results the panel accepts.
func (m *Model) Generation() uint64 { return m.gen }

// Items returns the checks as shown.
func (m *Model) Items() []CheckItem { return append([]CheckItem(nil), m.items...) }

// Reset starts generation gen with items (typically all pending or running),
// dropping every result of earlier generations. A gen older than the current
// generation is ignored. The returned command starts the spinner when a
// check runs.
func (m *Model) Reset(gen uint64, items []CheckItem) tea.Cmd {
	if gen < m.gen {
		return nil
	}
	m.gen = gen
	m.items = append([]CheckItem(nil), items...)
	return m.spinIfRunning(false)
}

// Apply records r if it belongs to the current generation and reports
// whether it did. A check not yet listed is added at the end.
func (m *Model) Apply(r ResultMsg) (applied bool, cmd tea.Cmd) {
	if r.Generation != m.gen {
		return false, nil
	}
	wasRunning := m.Running()
	for i := range m.items {
		if m.items[i].Name == r.Item.Name {
			m.items[i] = r.Item
			return true, m.spinIfRunning(wasRunning)
		}
	}
	m.items = append(m.items, r.Item)
	return true, m.spinIfRunning(wasRunning)
}

func (m *Model) spinIfRunning(wasRunning bool) tea.Cmd {
	if m.Running() && !wasRunning && !m.paused {
		return m.spin.Tick
	}
	return nil
}

// SetPaused holds the running checks' spinner still while something else on
// screen already shows work in progress (a task's spinner), so a slow link
// carries one animation instead of several out of phase. Unpausing restarts
// the spinner when checks still run.
func (m *Model) SetPaused(p bool) tea.Cmd {
	if m.paused == p {
		return nil
	}
	m.paused = p
	if !p && m.Running() {
		return m.spin.Tick
	}
	return nil
}

// Running reports whether any check is running.
func (m *Model) Running() bool {
	for _, it := range m.items {
		if it.Status == CheckRunning {
			return true
		}
	}
	return false
}

// Counts is how many checks are in each status.
func (m *Model) Counts() map[CheckStatus]int {
	c := map[CheckStatus]int{}
	for _, it := range m.items {
		c[it.Status]++
	}
	return c
}

// SetSize sets the box the panel draws in.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Update applies results and animates the spinner while checks run.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ResultMsg:
		_, cmd := m.Apply(msg)
		return cmd
	case spinner.TickMsg:
		if !m.Running() || m.paused {
			return nil // let the tick chain end: no redraws while idle or paused
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	}
	return nil
}

// ShortHelp implements help.KeyMap; the panel has no keys.
func (m *Model) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap; the panel has no keys.
func (m *Model) FullHelp() [][]key.Binding { return nil }

// Glyph is the status glyph of a check; a running check shows the current
// spinner frame.
func (m *Model) Glyph(s CheckStatus) string {
	g := m.th.Glyphs
	switch s {
	case CheckRunning:
		return fmt.Sprintf(g.RunningFormat, m.spin.View())
	case CheckOK:
		return g.Done
	case CheckWarn:
		return g.Warn
	case CheckFail:
		return g.Failed
	case CheckSkipped:
		return g.Skipped
	}
	return g.Pending
}

func (m *Model) style(s CheckStatus) lipgloss.Style {
	switch s {
	case CheckRunning:
		return m.th.Info
	case CheckOK:
		return m.th.Success
	case CheckWarn:
		return m.th.Warning
	case CheckFail:
		return m.th.Danger
	}
	return m.th.Muted
}

// Summary is the panel's first line in words, e.g.
// "Checks: 3 ok, 1 warning, 1 failed, 2 running".
func (m *Model) Summary() string {
	if len(m.items) == 0 {
		return "Checks: none for this step"
	}
	c := m.Counts()
	var parts []string
	for _, s := range []CheckStatus{CheckOK, CheckWarn, CheckFail, CheckRunning, CheckPending, CheckSkipped} {
		if n := c[s]; n > 0 {
			word := s.String()
			if s == CheckWarn && n > 1 {
				word = "warnings"
			}
			if s == CheckPending {
				word = "waiting"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, word))
		}
	}
	return "Checks: " + strings.Join(parts, ", ")
}

// View renders the panel: the summary, then each check with its reason.
// When that is taller than the box, every check keeps its line: the
// reasons of checks that passed, were skipped or still run give way
// first, then those of failures and warnings shrink to one line each.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.th
	var lines []string
	for _, l := range components.Wrap(m.Summary(), m.width) {
		lines = append(lines, th.Title.Render(l))
	}
	type row struct {
		name   []string
		reason []string
		first  string                 // the reason's first line, plain
		style  func(...string) string // the reason's style
		urgent bool                   // a failure or a warning: its reason matters most
	}
	rows := make([]row, len(m.items))
	total := len(lines)
	for i, it := range m.items {
		st := m.style(it.Status)
		glyph := m.Glyph(it.Status)
		indent := strings.Repeat(" ", lipgloss.Width(glyph)+1)
		rows[i] = row{urgent: it.Status == CheckFail || it.Status == CheckWarn}
		// The name wraps under its glyph, its continuations and the reason
		// hang under the name; a word too long for that (an ARN) may take
		// some of the indent rather than be broken.
		for j, l := range components.WrapWhole(indent+it.Name, m.width, th.Glyphs.Ellipsis) {
			if j == 0 {
				l = st.Render(glyph) + " " + strings.TrimPrefix(l, indent)
			}
			rows[i].name = append(rows[i].name, l)
		}
		reasonStyle := th.Muted
		if rows[i].urgent {
			reasonStyle = st
		}
		if it.Reason != "" {
			rows[i].style = reasonStyle.Render
			for j, l := range components.WrapWhole(indent+it.Reason, m.width, th.Glyphs.Ellipsis) {
				if j == 0 {
					rows[i].first = l
				}
				trimmed := strings.TrimLeft(l, " ")
				rows[i].reason = append(rows[i].reason, l[:len(l)-len(trimmed)]+reasonStyle.Render(trimmed))
			}
		}
		total += len(rows[i].name) + len(rows[i].reason)
	}
	for i := range rows {
		if total > m.height && !rows[i].urgent {
			total -= len(rows[i].reason)
			rows[i].reason = nil
		}
	}
	for i := range rows {
		if n := len(rows[i].reason); total > m.height && n > 1 {
			total -= n - 1
			rows[i].reason = []string{moreAfterWords(rows[i].first, m.width, th.Glyphs.Ellipsis, rows[i].style)}
		}
	}
	for i := range rows {
		if n := len(rows[i].name); total > m.height && n > 1 {
			total -= n - 1
			rows[i].name = []string{components.Fit(rows[i].name[0]+" "+th.Glyphs.Ellipsis, m.width, th.Glyphs.Ellipsis)}
		}
	}
	for _, r := range rows {
		lines = append(append(lines, r.name...), r.reason...)
	}
	lines = components.ClipLines(lines, m.height, func(n int) string {
		return th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more lines", th.Glyphs.Ellipsis, n), m.width, ""))
	})
	return strings.Join(lines, "\n")
}

// moreAfterWords is a reason's first line (plain, with its indent) ending in
// ellipsis to say more is left: whole words are dropped from its end until
// the ellipsis fits, so an ARN is never cut at its end ("a10b-…"); only a
// line of one word too wide is cut in its middle.
func moreAfterWords(line string, width int, ellipsis string, style func(...string) string) string {
	trimmed := strings.TrimLeft(line, " ")
	indent := line[:len(line)-len(trimmed)]
	words := strings.Fields(trimmed)
	for len(words) > 1 && lipgloss.Width(indent+strings.Join(words, " ")+" "+ellipsis) > width {
		words = words[:len(words)-1]
	}
	text := strings.Join(words, " ")
	if lipgloss.Width(indent+text+" "+ellipsis) > width {
		text = components.FitMiddle(text, max(1, width-len(indent)-1-lipgloss.Width(ellipsis)), ellipsis)
	}
	return indent + style(text+" "+ellipsis)
}
