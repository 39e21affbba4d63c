package ui

import (
	"strings"

	"github.com/bslwiz/bslwiz/ui/components"
)

// minTrustDiffH is the least diff view the full who-can-assume table may
// leave: its titles, position and a few lines of the diff.
const minTrustDiffH = 7

// minSummaryDiffH is the least diff view the one-line summary may leave.
const minSummaryDiffH = 5

// trustTable is the who-can-assume table of the preview, as plain lines at
// width (nil when the preview evaluates no trust).
func (m *Model) trustTable(width int) []string {
	if m.pv == nil || m.pv.TrustEvaluation == nil {
		return nil
	}
	return m.pv.TrustEvaluation.Table(width)
}

// trustSummary is the table in a sentence, for a screen without room for
// the table: each caller and its verdict after the change.
func (m *Model) trustSummary(width int) []string {
	ev := m.pv.TrustEvaluation
	var parts []string
	for _, r := range ev.Rows {
		short := r.Short()
		if short == r.Who() {
			short = r.WhoWithin(max(12, width-10))
		}
		parts = append(parts, short+" "+r.After.Decision())
	}
	return components.Wrap("who can assume after: "+strings.Join(parts, " "+m.th.Glyphs.Sep+" "), width)
}

// trustHeight is how many lines the who-can-assume block takes under the
// diff, with the blank line after it, given left lines for the diff, the
// block and the calls (confirmH): the table when the diff keeps
// minTrustDiffH, else the summary.
func (m *Model) trustHeight(width, left, confirmH int) (h int, full bool) {
	t := m.trustTable(width)
	if len(t) == 0 {
		return 0, false
	}
	if left-confirmH-1-(len(t)+1) >= minTrustDiffH {
		return len(t) + 1, true
	}
	if n := len(m.trustSummary(width)) + 1; left-confirmH-1-n >= minSummaryDiffH {
		return n, false
	}
	return 0, false // no room: the diff and the prompt come first
}

// trustHeightNoDiff is trustHeight for a change shown without a diff (a
// new role's trust is listed whole with the calls): the table when the
// confirm panel keeps what it needs, else the summary, else nothing.
func (m *Model) trustHeightNoDiff(width, left int) (h int, full bool) {
	t := m.trustTable(width)
	if len(t) == 0 {
		return 0, false
	}
	need := m.confirm.Need()
	if left-(len(t)+1) >= need {
		return len(t) + 1, true
	}
	if n := len(m.trustSummary(width)) + 1; left-n >= min(need, minSummaryDiffH+m.confirmNeed(width)) {
		return n, false
	}
	return 0, false
}

// trustLines renders the block: the table (its header muted, the rows whose
// verdict the change turns in bold), or the summary.
func (m *Model) trustLines(width int, full bool) []string {
	var out []string
	if !full {
		for _, l := range m.trustSummary(width) {
			out = append(out, m.th.Text.Render(l))
		}
		return out
	}
	ev := m.pv.TrustEvaluation
	for i, l := range m.trustTable(width) {
		switch {
		case i == 0:
			out = append(out, m.th.Muted.Render(l))
		case !ev.New && ev.Rows[i-1].Changed():
			out = append(out, m.th.Title.Render(l))
		default:
			out = append(out, m.th.Text.Render(l))
		}
	}
	return out
}
