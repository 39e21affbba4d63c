package ui

import (
	"strings"

	"github.com/bslwiz/bslwiz/ui/components"
)

// minTrustDiffH is the least diff view the full who-can-assume table may
// leave: its titles, position and a few lines of the diff.
const minTrustDiffH = 7

// trustTable is the who-can-assume table of the preview, as plain lines at
// width (nil when the preview evaluates no trust).
func (m *Model) trustTable(width int) []string {
	if m.pv == nil || m.pv.TrustEvaluation == nil {
		return nil
	}
	return m.pv.TrustEvaluation.Table(width)
}

// trustSummary is the table in a sentence, for a screen without room for
// the table: each caller and its verdict after the change, or the callers
// grouped by verdict where that takes fewer lines.
func (m *Model) trustSummary(width int) []string {
	ev := m.pv.TrustEvaluation
	sep := " " + m.th.Glyphs.Sep + " "
	var parts []string
	var order []string
	byVerdict := map[string][]string{}
	for _, r := range ev.Rows {
		short := r.Short()
		if short == r.Who() {
			short = r.WhoWithin(max(12, width-10))
		}
		verdict := r.After.Decision()
		parts = append(parts, short+" "+verdict)
		if _, ok := byVerdict[verdict]; !ok {
			order = append(order, verdict)
		}
		byVerdict[verdict] = append(byVerdict[verdict], short)
	}
	out := components.Wrap("who can assume after: "+strings.Join(parts, sep), width)
	var groups []string
	for _, v := range order {
		groups = append(groups, strings.Join(byVerdict[v], ", ")+" "+v)
	}
	if grouped := components.Wrap("who can assume after: "+strings.Join(groups, sep), width); len(grouped) < len(out) {
		return grouped
	}
	return out
}

// trustHeight is how many lines the who-can-assume block takes under the
// diff, with the blank line after it, given left lines for the diff, the
// block and the calls (confirmH): the table when the diff keeps
// minTrustDiffH, else the summary, always.
func (m *Model) trustHeight(width, left, confirmH int) (h int, full bool) {
	t := m.trustTable(width)
	if len(t) == 0 {
		return 0, false
	}
	if left-confirmH-1-(len(t)+1) >= minTrustDiffH {
		return len(t) + 1, true
	}
	// Else the summary, however little it leaves the diff (which
	// scrolls): who can assume after a trust write is what is confirmed.
	return len(m.trustSummary(width)) + 1, false
}

// trustHeightNoDiff is trustHeight for a change shown without a diff (a
// new role's trust is listed whole with the calls): the table when the
// confirm panel keeps what it needs, else the summary.
func (m *Model) trustHeightNoDiff(width, left int) (h int, full bool) {
	t := m.trustTable(width)
	if len(t) == 0 {
		return 0, false
	}
	need := m.confirm.Need()
	if left-(len(t)+1) >= need {
		return len(t) + 1, true
	}
	// Else the summary, whatever it leaves the calls (they scroll): who
	// can assume after the change is what is being confirmed.
	return len(m.trustSummary(width)) + 1, false
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
