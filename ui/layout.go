package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/components/sizenotice"
)

// Layout thresholds. From wideWidth columns the validation panel stands to
// the right of the form; below it, under the form. Below listWidth columns
// the step list gives its room to the form.
const (
	wideWidth = 100
	listWidth = 76
	gap       = 2
	minMainW  = 44
	wideMainW = 56
)

// frame is where everything goes at the current size and phase.
type frame struct {
	listW                   int // 0: no step list column
	mainW                   int
	panelW                  int // 0: no panel column (it may sit under the main column)
	bodyH                   int
	topH                    int // the body above a panel that sits under it
	headerH, footH          int
	panelBelow              bool // the panel sits under the main column
	panelH                  int
	titleH, guideH, warnH   int
	contentH                int  // what is left in the main column for the phase's content
	factsH, diffH, confirmH int  // the preview of a change
	factsFold               bool // the facts in one line, i shows them in the diff's place
	factsCut                bool // no diff, and the facts cut to factsH: i shows them in the calls' place
	tight                   bool // folded facts without the inputs' line, no blank under the diff
	trustH                  int  // who can assume, under the diff
	trustFull               bool // as the table rather than a summary
	compactConfirm          bool // the calls on one line each under the diff
}

// minConfirmH is the least the confirm panel keeps under facts that
// give way: a call, the scroll hint and the prompt.
const minConfirmH = 4

// minTightDiffH is the least diff view (its titles, position and a line)
// worth giving up the folded inputs' line for.
const minTightDiffH = 5

// minDiffH is the smallest diff view worth showing beside the full confirm
// panel: its four lines of titles and position, and eight of the diff.
const minDiffH = 12

// computeFrame lays the screen out for the current size and phase.
func (m *Model) computeFrame() frame {
	var f frame
	w, h := m.width, m.height
	f.headerH = m.header.Height()
	f.footH = m.foot.Height()
	f.bodyH = max(1, h-f.headerH-1-f.footH)

	// A change's confirmation takes the panel's room too: the calls, with
	// their accounts and ARNs, read whole rather than in a narrow column
	// (the checks ran for the inputs now submitted; they run again after).
	// Below 120 columns it takes the step list's as well.
	confirming := m.phase == phasePreview && m.pv != nil && m.pv.Mutates && !m.pv.NoChange
	fullWidth := !m.listFocus && (m.phase == phaseDone || m.phase == phaseResume || (m.phase == phasePreview && m.showDiff) ||
		(confirming && w < 120))
	panelShown := m.phase != phaseDone && m.phase != phaseResume && !confirming &&
		len(m.step().Checks) > 0 // steps 10 and 11 check nothing: the role ARN gets the room
	switch {
	case fullWidth:
	case w >= 150 || w >= 120 && !panelShown:
		f.listW = m.listWidth(34) // full titles where there is room
	case w >= 120:
		f.listW = 26
	case w >= listWidth:
		f.listW = 22
	}
	rest := w
	if f.listW > 0 {
		rest -= f.listW + gap
	}
	if panelShown && w >= wideWidth {
		// The panel takes three eighths, but leaves the form at least
		// minMainW columns (a label, a value and a rule on two lines).
		f.panelW = min(48, w*3/8)
		least := minMainW
		if w >= 120 {
			least = wideMainW // an ARN and its indent, whole
		}
		if short := least - (rest - f.panelW - gap); short > 0 {
			f.panelW = max(30, f.panelW-short)
		}
		rest -= f.panelW + gap
	}
	f.mainW = max(10, rest)
	// Under the form, the panel shows while inputs are typed and checked; a
	// preview or a failure needs the room more (the panel's checks ran for
	// the inputs that are now submitted).
	f.panelBelow = panelShown && f.panelW == 0 && m.phase != phasePreview && m.phase != phaseFailed

	f.titleH = 1
	guide := len(m.guideLines(f.mainW))
	switch {
	case m.phase == phaseDone || m.phase == phaseResume:
		f.guideH = 0
	case m.phase == phasePreview && m.showDiff && f.bodyH < 30:
		f.guideH = 0 // the diff needs the room; the title says what the step is
	case m.phase == phaseFailed:
		// The failure, with what to do, comes first; the guide keeps what
		// it leaves.
		f.guideH = min(guide, 4)
		if f.guideH > 2 && m.tasks.Need()+2 > f.bodyH-(f.titleH+f.guideH+len(m.warningLines(f.mainW))+1) {
			f.guideH = 2
		}
	default:
		f.guideH = min(guide, 4)
	}
	f.warnH = len(m.warningLines(f.mainW))
	if m.phase == phasePreview && f.guideH > 2 && m.previewNeed(f.mainW) > f.bodyH-(f.titleH+f.guideH+f.warnH+1) {
		f.guideH = 2 // what the preview found comes first
	}
	used := f.titleH + f.guideH + f.warnH + 1 // a blank line before the content
	f.topH = f.bodyH
	if f.panelBelow {
		// The panel spans the width under the step list and the form, as
		// tall as its checks need, up to a third of the body.
		f.panelH = min(m.panelNeed(w), max(2, f.bodyH/3))
		f.topH = max(1, f.bodyH-f.panelH-1) // the rule above the panel
	}
	f.contentH = max(1, f.topH-used)
	if m.phase == phaseForm && m.form != nil && m.mfa == nil {
		// A whole form before a whole guide or panel: the guide keeps its
		// first line (with an ellipsis), the panel its summary and a check.
		need := m.form.CompactNeed()
		for f.contentH < need && f.guideH > 1 {
			f.guideH--
			f.contentH++
		}
		for f.contentH < need && f.panelBelow && f.panelH > 2 {
			f.panelH--
			f.topH++
			f.contentH++
		}
	}

	if m.phase == phasePreview && m.pv != nil && m.pv.Mutates && !m.pv.NoChange {
		facts := len(m.factBlock(m.pv, f.mainW))
		share := 4
		if m.summarized {
			share = 2 // the given inputs are what is being confirmed too
		}
		f.factsH = min(facts, max(1, f.contentH/share))
		if f.factsFold = m.foldsFacts(f.contentH, f.mainW); f.factsFold {
			// The given inputs stay (they are confirmed too); one line says
			// what else is folded and which key shows it.
			f.factsH = len(m.foldedInputLines(f.mainW)) + 1
		}
		if !m.showDiff && facts > f.factsH {
			// Cut to their share, the warnings keep every line (they are
			// what must be read before y), and a line names i.
			warn := len(warningFactLines(m.th, m.pv, f.mainW))
			trust := 0
			if m.pv.TrustEvaluation != nil {
				trust = len(m.trustSummary(f.mainW)) + 1
			}
			f.factsH = min(facts, max(f.factsH, warn+1), max(1, f.contentH-trust-minConfirmH))
			f.factsCut = facts > f.factsH
		}
		if facts > 0 {
			f.factsH++ // a blank line after them
		}
		left := max(1, f.contentH-f.factsH)
		switch {
		case !m.showDiff:
			f.confirmH = left
		case left-m.confirmNeed(f.mainW)-1 >= minDiffH:
			f.confirmH = m.confirmNeed(f.mainW)
			f.diffH = left - f.confirmH - 1
		default:
			// Not room for both at full size: the diff keeps the room and
			// the calls shrink to one line each above the prompt.
			f.compactConfirm = true
			f.confirmH = len(m.compactConfirmLines(f.mainW))
			f.diffH = max(1, left-f.confirmH-1)
		}
		if m.showDiff {
			f.trustH, f.trustFull = m.trustHeight(f.mainW, left, f.confirmH)
			f.diffH = max(1, f.diffH-f.trustH)
			if in := len(m.foldedInputLines(f.mainW)); f.factsFold && f.diffH < minTightDiffH && in > 0 {
				// Who can assume took the diff's room: the inputs' line
				// (i shows them with the facts) and the blank line under
				// the diff give theirs.
				f.tight = true
				f.factsH -= in
				f.diffH += in + 1
			}
		} else {
			f.trustH, f.trustFull = m.trustHeightNoDiff(f.mainW, left)
			f.confirmH = max(1, f.confirmH-f.trustH)
		}
	}
	return f
}

// previewNeed is how many lines the preview needs at width w to show
// without scrolling.
func (m *Model) previewNeed(w int) int {
	pv := m.pv
	switch {
	case pv == nil:
		return 0
	case pv.Mutates && !pv.NoChange && m.showDiff:
		return minDiffH + m.confirmNeed(w) + 1
	case pv.Mutates && !pv.NoChange:
		n := len(m.factBlock(pv, w))
		if n > 0 {
			n++ // a blank line after the facts
		}
		return n + m.confirm.Need()
	case pv.Artifact != nil:
		return m.arnBlockHeight(w) + len(m.previewLinesAt(pv, w))
	}
	return len(m.previewLinesAt(pv, w))
}

// panelNeed is how many lines the validation panel needs at width w.
func (m *Model) panelNeed(w int) int {
	n := 1
	for _, it := range m.panel.Items() {
		n++
		if it.Reason != "" {
			n += len(components.Wrap(it.Reason, max(1, w-lipgloss.Width(m.panel.Glyph(it.Status))-1)))
		}
	}
	return n
}

// confirmNeed is how many lines the confirm panel needs for a change shown
// as a diff (no documents, no note): its title, the calls and the prompt.
func (m *Model) confirmNeed(width int) int {
	n := 2 + 1 + 2 // title and blank, intro, blank and prompt
	for _, c := range m.confirm.Request().Calls {
		n++
		if lipgloss.Width(c.String())+6 > width {
			n++
		}
	}
	return n
}

// layout gives every component its size. It runs after every update; the
// components redo their work only when their size changes.
func (m *Model) layout() {
	m.header.SetSize(m.width, 0)
	m.foot.SetSize(m.width, 0)
	m.foot.SetStatus(m.notice)
	m.foot.SetKeys(m.footKeys())
	m.small.SetSize(m.width, m.height)
	f := m.computeFrame()
	if f.compactConfirm != m.compact {
		m.compact = f.compactConfirm
		m.foot.SetKeys(m.footKeys())
		f = m.computeFrame()
	}
	m.list.SetSize(f.listW, f.topH)
	if f.panelW > 0 {
		m.panel.SetSize(f.panelW-2, f.bodyH) // "│ " before each line
	} else {
		m.panel.SetSize(m.width, f.panelH)
	}
	if m.form != nil {
		m.form.SetSize(f.mainW, f.contentH)
	}
	m.tasks.SetSize(f.mainW, max(1, f.contentH-2))
	if m.phase == phasePreview {
		if m.showDiff {
			m.sized("diff", f.mainW, f.diffH, m.diff.SetSize)
		}
		m.sized("confirm", f.mainW, f.confirmH, m.confirm.SetSize)
		bodyH := f.contentH
		if m.pv != nil && m.pv.Artifact != nil {
			bodyH = max(1, f.contentH-m.arnBlockHeight(f.mainW))
		}
		if m.pv != nil && len(m.previewLinesAt(m.pv, f.mainW)) > bodyH {
			bodyH = max(1, bodyH-1) // the line that says more is hidden
		}
		if m.body.Width() != f.mainW || m.body.Height() != bodyH {
			m.body.SetWidth(f.mainW)
			m.body.SetHeight(bodyH)
			if m.pv != nil {
				m.body.SetContentLines(m.previewLines(m.pv)) // re-wrap for the new width
			}
		}
	}
}

// sized calls set only when the size differs from the last one given, so
// that components which re-render on SetSize do it only on a resize.
func (m *Model) sized(name string, w, h int, set func(int, int)) {
	if m.sizes == nil {
		m.sizes = map[string][2]int{}
	}
	if m.sizes[name] == [2]int{w, h} {
		return
	}
	m.sizes[name] = [2]int{w, h}
	set(w, h)
}

// tooSmall reports whether the terminal is below the minimum size.
func (m *Model) tooSmall() bool { return sizenotice.TooSmall(m.width, m.height) }

// guideLines is the current step's guide text, wrapped.
func (m *Model) guideLines(width int) []string {
	return components.Wrap(m.step().Guide, width)
}

// warningLines are the Palette client's warnings (plain http, TLS
// verification off), which stay on screen.
func (m *Model) warningLines(width int) []string {
	out := m.passedLines(width)
	for _, w := range m.warnings.Lines() {
		for i, l := range components.Wrap(w, width-2) {
			if i == 0 {
				out = append(out, m.th.Warning.Render(m.th.Glyphs.Warn+" "+l))
			} else {
				out = append(out, "  "+m.th.Warning.Render(l))
			}
		}
	}
	return out
}

// column is one column of the body: its width and its lines.
type column struct {
	width int
	lines []string
}

// joinColumns lays columns side by side, height lines tall, gap cells
// apart; every line is cut or padded to its column's width.
func joinColumns(tail string, height int, cols ...column) string {
	out := make([]string, height)
	for i := range height {
		var b strings.Builder
		for c, col := range cols {
			if col.width <= 0 {
				continue
			}
			l := ""
			if i < len(col.lines) {
				l = components.Fit(col.lines[i], col.width, tail)
			}
			if c < len(cols)-1 {
				l += strings.Repeat(" ", max(0, col.width-lipgloss.Width(l))+gap)
			}
			b.WriteString(l)
		}
		out[i] = strings.TrimRight(b.String(), " ")
	}
	return strings.Join(out, "\n")
}

// lines splits a rendered block into lines ("" is no lines).
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// pad makes a block exactly h lines tall.
func pad(ls []string, h int) []string {
	if len(ls) > h {
		return ls[:h]
	}
	for len(ls) < h {
		ls = append(ls, "")
	}
	return ls
}

func stepTitle(n, total int, title, sep string) string {
	return fmt.Sprintf("Step %d of %d %s %s", n, total, sep, title)
}
