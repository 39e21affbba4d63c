package task

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/internal/termsafe"
	"github.com/bslwiz/bslwiz/ui/components"
)

// View renders every task, one line each, with the countdown, error, hint
// and retry key under the task they belong to. When that is taller than
// the box, the hint (what to do) is the last thing to go: first the
// "Press r" line (the footer offers r too), then the middle of a long
// error, which keeps its first and last lines around an ellipsis, then
// the tasks that finished, then all but the error's first line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th, g := m.th, m.th.Glyphs
	blocks := make([]taskBlock, len(m.tasks))
	for i, e := range m.tasks {
		blocks[i] = m.taskBlock(e)
	}
	total := func() int {
		n := 0
		for _, b := range blocks {
			n += b.len()
		}
		return n
	}
	for i := range blocks {
		if total() <= m.height {
			break
		}
		blocks[i].retry = nil
	}
	shorten := func(least int) {
		for i := range blocks {
			if over := total() - m.height; over > 0 && len(blocks[i].err) > least {
				blocks[i].err = elide(blocks[i].err, max(least, len(blocks[i].err)-over), blocks[i].indent, m.width, g.Ellipsis)
			}
		}
	}
	shorten(2)
	for i := range blocks {
		if total() > m.height && m.tasks[i].state == Done {
			blocks[i] = taskBlock{} // what went well gives way to what failed
		}
	}
	shorten(1)
	var lines []string
	for _, b := range blocks {
		lines = append(lines, b.lines(th.Danger.Render)...)
	}
	lines = components.ClipLines(lines, m.height, func(n int) string {
		return th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more lines", g.Ellipsis, n), m.width, ""))
	})
	return strings.Join(lines, "\n")
}

// Need is how many lines View needs at the current width to show every
// task whole.
func (m *Model) Need() int {
	n := 0
	for _, e := range m.tasks {
		n += m.taskBlock(e).len()
	}
	return n
}

// taskBlock is one task's lines by part; err is plain (styled on output)
// so that it can be shortened.
type taskBlock struct {
	indent               string
	head, countdown, err []string
	hint, retry          []string
}

func (b taskBlock) len() int {
	return len(b.head) + len(b.countdown) + len(b.err) + len(b.hint) + len(b.retry)
}

func (b taskBlock) lines(danger func(...string) string) []string {
	out := append(append([]string(nil), b.head...), b.countdown...)
	for _, l := range b.err {
		out = append(out, b.indent+danger(l))
	}
	return append(append(out, b.hint...), b.retry...)
}

func (m *Model) taskBlock(e *entry) taskBlock {
	th, g := m.th, m.th.Glyphs
	var glyph, text string
	switch e.state {
	case Running:
		glyph, text = th.Info.Render(fmt.Sprintf(g.RunningFormat, m.spin.View())), e.StartText+g.Ellipsis
	case Done:
		glyph, text = th.Success.Render(g.Done), e.FinishText
		if e.finish != "" {
			text = e.finish
		}
	case Failed:
		glyph, text = th.Danger.Render(g.Failed), e.StartText+": failed"
	}
	b := taskBlock{indent: strings.Repeat(" ", lipgloss.Width(glyph)+1)}
	avail := m.width - len(b.indent)
	for i, l := range components.Wrap(text, avail) {
		if i == 0 {
			b.head = append(b.head, glyph+" "+l)
		} else {
			b.head = append(b.head, b.indent+l)
		}
	}
	sub := func(style lipgloss.Style, s string) []string {
		var out []string
		for _, l := range components.Wrap(s, avail) {
			out = append(out, b.indent+style.Render(l))
		}
		return out
	}
	if e.state == Running && e.countdown != nil {
		b.countdown = sub(th.Warning, CountdownText(e.countdown, g.Dash))
	}
	if e.state == Failed {
		if e.err != nil {
			b.err = components.Wrap(termsafe.Text(e.err.Error()), avail)
		}
		if e.hint != "" {
			b.hint = sub(th.Text, "What to do: "+e.hint)
		}
		b.retry = sub(th.Muted, fmt.Sprintf("Press %s to %s.", m.km.Retry.Help().Key, m.km.Retry.Help().Desc))
	}
	return b
}

// elide keeps n of the wrapped lines of an error: its beginning and its
// end (where the cause usually is), the last line of the beginning ending
// in an ellipsis; one line keeps only the beginning.
func elide(lines []string, n int, indent string, width int, ellipsis string) []string {
	if len(lines) <= n {
		return lines
	}
	headN := n - n/2
	out := append([]string(nil), lines[:headN]...)
	room := width - len(indent)
	last := out[headN-1]
	if lipgloss.Width(last)+1+lipgloss.Width(ellipsis) <= room {
		last += " " + ellipsis
	} else {
		last = components.Fit(last, room, ellipsis)
	}
	out[headN-1] = last
	return append(out, lines[len(lines)-n/2:]...)
}

// CountdownText renders a countdown, e.g. "retrying in 12s — IAM changes
// take time to propagate; 1m40s left". dash separates the clauses.
func CountdownText(c *Countdown, dash string) string {
	s := "retrying in " + Duration(c.NextIn)
	if c.NextIn <= 0 {
		s = "retrying now"
	}
	if c.Reason != "" {
		s += " " + dash + " " + c.Reason
	}
	s += "; " + Duration(c.Remaining) + " left"
	if c.Attempt > 0 {
		s += fmt.Sprintf(" (attempt %d)", c.Attempt)
	}
	return s
}

// Duration renders d in whole seconds, as "12s" or "1m40s" (rounded up, so
// a countdown never shows 0s while time remains).
func Duration(d time.Duration) string {
	secs := int((d + time.Second - 1) / time.Second)
	if d <= 0 {
		secs = 0
	}
	if secs < 60 {
		return fmt.Sprintf("%ds", secs)
	}
	return fmt.Sprintf("%dm%02ds", secs/60, secs%60)
}
