package task

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
)

// View renders every task, one line each, with the countdown, error, hint
// and retry key under the task they belong to.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th, g := m.th, m.th.Glyphs
	var lines []string
	for _, e := range m.tasks {
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
		indent := strings.Repeat(" ", lipgloss.Width(glyph)+1)
		avail := m.width - len(indent)
		for i, l := range components.Wrap(text, avail) {
			if i == 0 {
				lines = append(lines, glyph+" "+l)
			} else {
				lines = append(lines, indent+l)
			}
		}
		sub := func(style lipgloss.Style, s string) {
			for _, l := range components.Wrap(s, avail) {
				lines = append(lines, indent+style.Render(l))
			}
		}
		if e.state == Running && e.countdown != nil {
			sub(th.Warning, CountdownText(e.countdown, g.Dash))
		}
		if e.state == Failed {
			if e.err != nil {
				sub(th.Danger, e.err.Error())
			}
			if e.hint != "" {
				sub(th.Text, "What to do: "+e.hint)
			}
			sub(th.Muted, fmt.Sprintf("Press %s to %s.", m.km.Retry.Help().Key, m.km.Retry.Help().Desc))
		}
	}
	lines = components.ClipLines(lines, m.height, func(n int) string {
		return th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more lines", g.Ellipsis, n), m.width, ""))
	})
	return strings.Join(lines, "\n")
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
