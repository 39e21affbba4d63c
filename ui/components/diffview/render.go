package diffview

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/ui/components"
)

// numberWidth is the width of the line-number gutter.
func (m *Model) numberWidth() int {
	n := 0
	for _, h := range m.diff.Hunks {
		for _, l := range h.Lines {
			n = max(n, l.BeforeNo, l.AfterNo)
		}
	}
	return max(2, len(fmt.Sprint(n)))
}

func num(n, width int) string {
	if n == 0 {
		return strings.Repeat(" ", width)
	}
	return fmt.Sprintf("%*d", width, n)
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-lipgloss.Width(s)))
}

// styled marks and colours one side of a line: "+" added, "-" removed,
// " " unchanged. Text wraps to width; each wrapped line keeps the marker.
func (m *Model) styled(marker, text string, width int) []string {
	st := m.th.DiffContext
	switch marker {
	case "+":
		st = m.th.DiffAdded
	case "-":
		st = m.th.DiffRemoved
	}
	var out []string
	for _, l := range components.WrapWhole(text, max(1, width-2), m.th.Glyphs.Ellipsis) {
		out = append(out, st.Render(marker+" "+l))
	}
	return out
}

// gap is the line between hunks: how many unchanged lines are not shown.
func (m *Model) gap(n int) string {
	return m.th.DiffGap.Render(fmt.Sprintf("%s %d unchanged %s", m.th.Glyphs.Ellipsis, n, plural(n, "line", "lines")))
}

// hidden is how many unchanged lines lie before hunk i and are not shown;
// for i == len(hunks), how many lie after the last hunk.
func (m *Model) hidden(i int) int {
	hs := m.diff.Hunks
	switch {
	case len(hs) == 0:
		return 0
	case i >= len(hs):
		_, end := hs[len(hs)-1].BeforeRange()
		return max(0, m.diff.BeforeLines-end)
	case i == 0:
		start, _ := hs[0].BeforeRange()
		return start
	}
	start, _ := hs[i].BeforeRange()
	_, prevEnd := hs[i-1].BeforeRange()
	return max(0, start-prevEnd)
}

// unifiedLines renders the diff as one column:
// "before after marker text", removed lines before the added ones that
// replace them.
func (m *Model) unifiedLines() (lines []string, firstChange int) {
	if m.diff.Empty() {
		return []string{m.th.Muted.Render(m.Summary())}, 0
	}
	firstChange = -1
	nw := m.numberWidth()
	gutterW := 2*nw + 2
	textW := max(4, m.width-gutterW)
	var out []string
	row := func(before, after int, marker, text string) {
		if marker != " " && firstChange < 0 {
			firstChange = len(out)
		}
		for i, l := range m.styled(marker, text, textW) {
			g := num(before, nw) + " " + num(after, nw) + " "
			if i > 0 {
				g = strings.Repeat(" ", gutterW)
			}
			out = append(out, m.th.DiffLineNo.Render(g)+l)
		}
	}
	for i, h := range m.diff.Hunks {
		if n := m.hidden(i); n > 0 {
			out = append(out, m.gap(n))
		}
		var added []iampolicy.DiffLine
		flush := func() {
			for _, l := range added {
				row(0, l.AfterNo, "+", l.After)
			}
			added = added[:0]
		}
		for _, l := range h.Lines {
			switch l.Op {
			case iampolicy.OpEqual:
				flush()
				row(l.BeforeNo, l.AfterNo, " ", l.Before)
			case iampolicy.OpDelete:
				row(l.BeforeNo, 0, "-", l.Before)
			case iampolicy.OpInsert:
				added = append(added, l)
			case iampolicy.OpReplace:
				row(l.BeforeNo, 0, "-", l.Before)
				added = append(added, l)
			}
		}
		flush()
	}
	if n := m.hidden(len(m.diff.Hunks)); n > 0 {
		out = append(out, m.gap(n))
	}
	return out, max(0, firstChange)
}

func (m *Model) separator() string {
	if m.th.ASCII {
		return m.th.Muted.Render(" | ")
	}
	return m.th.Muted.Render(" │ ")
}

// columnWidth is the width of each side in side-by-side mode.
func (m *Model) columnWidth() int { return (m.width - 3) / 2 }

// sideBySideLines renders before on the left and after on the right, a
// replaced line facing its replacement.
func (m *Model) sideBySideLines() (lines []string, firstChange int) {
	if m.diff.Empty() {
		return []string{m.th.Muted.Render(m.Summary())}, 0
	}
	firstChange = -1
	nw := m.numberWidth()
	colW := m.columnWidth()
	textW := max(4, colW-nw-1)
	side := func(n int, marker, text string, present bool) []string {
		if !present {
			return nil
		}
		var out []string
		for i, l := range m.styled(marker, text, textW) {
			g := num(n, nw) + " "
			if i > 0 {
				g = strings.Repeat(" ", nw+1)
			}
			out = append(out, m.th.DiffLineNo.Render(g)+l)
		}
		return out
	}
	var out []string
	for i, h := range m.diff.Hunks {
		if n := m.hidden(i); n > 0 {
			g := pad(m.gap(n), colW)
			out = append(out, g+m.separator()+g)
		}
		for _, l := range h.Lines {
			var left, right []string
			switch l.Op {
			case iampolicy.OpEqual:
				left, right = side(l.BeforeNo, " ", l.Before, true), side(l.AfterNo, " ", l.After, true)
			case iampolicy.OpDelete:
				left = side(l.BeforeNo, "-", l.Before, true)
			case iampolicy.OpInsert:
				right = side(l.AfterNo, "+", l.After, true)
			case iampolicy.OpReplace:
				left, right = side(l.BeforeNo, "-", l.Before, true), side(l.AfterNo, "+", l.After, true)
			}
			if l.Op != iampolicy.OpEqual && firstChange < 0 {
				firstChange = len(out)
			}
			for j := 0; j < max(len(left), len(right)); j++ {
				var a, b string
				if j < len(left) {
					a = left[j]
				}
				if j < len(right) {
					b = right[j]
				}
				out = append(out, pad(a, colW)+m.separator()+b)
			}
		}
	}
	if n := m.hidden(len(m.diff.Hunks)); n > 0 {
		g := pad(m.gap(n), colW)
		out = append(out, g+m.separator()+g)
	}
	return out, max(0, firstChange)
}
