package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components"
)

// summaryRow is one line of the summary: a label and its value.
type summaryRow struct{ label, value string }

// summary is what the run made and how to undo it, for the done screen and
// for the lines printed after the program leaves the alternate screen.
func (m *Model) summary() (headline string, rows []summaryRow, notes []string) {
	p := m.s.Plan()
	var created steps.Created
	journal := ""
	if j := m.s.Journal; j != nil {
		created = j.Snapshot().Created
		journal = j.Path()
	}
	headline = fmt.Sprintf("Backup location %s is in Palette, validated through STS.", p.LocationName)
	where := "project " + p.Project
	if p.Scope == "tenant" {
		where = "the tenant"
	}
	rows = []summaryRow{
		{"Location", fmt.Sprintf("%s (uid %s) in %s", p.LocationName, created.LocationUID, where)},
		{"Bucket", fmt.Sprintf("s3://%s (%s)", p.Bucket, p.Region)},
		{"Role ARN", m.s.RoleARN()},
		{"Trusts", fmt.Sprintf("Palette %s (external ID) and Account A %s", p.PaletteAccountID, p.AccountA)},
	}
	if journal != "" {
		rows = append(rows, summaryRow{"Journal", journal})
	}
	if m.opts.Sandbox {
		// A sandbox's state ends with this process: an undo command offered
		// here would find nothing ("no journal" without --sandbox, fresh
		// emulators with it).
		rows = append(rows, summaryRow{"To undo", "nothing: the sandbox and all it made ends when you leave"})
		notes = append(notes, "This was the sandbox. A real run shows here the 'bslwiz undo' command that removes exactly what bslwiz made. "+
			"To keep emulators between commands, run 'bslwiz sandbox' in another shell and point bslwiz at it."+m.accountANote())
	} else {
		rows = append(rows, summaryRow{"To undo", m.undoCommand(p.LocationName)})
		notes = append(notes, "Palette shows it under Project Settings → Backup Locations."+m.accountANote())
	}
	return headline, rows, notes
}

// accountANote says what is known of the cluster's own use of the bucket
// (authorization 3): claimed only when it was checked; the map (key a) has
// the reason and the fix.
func (m *Model) accountANote() string {
	a, ok := m.authorization(steps.AuthClusterBucket)
	switch {
	case !ok:
		return ""
	case a.Status == steps.AuthOK:
		return " The clusters in Account A may use it: checked in Account A."
	case a.Status == steps.AuthFailed:
		return " The clusters in Account A cannot use it yet: a shows why, and the fix."
	}
	return " Account A's side of the trust is not checked: a shows what Account A needs."
}

// checkLines are the final checks on the done screen: a line for each that
// did not pass (the bucket's posture advice among them), or one line
// saying all passed; while they run, a line saying so.
func (m *Model) checkLines(width int) []string {
	th := m.th
	if m.authMap.checks == nil {
		return []string{th.Muted.Render("Running the final checks" + th.Glyphs.Ellipsis)}
	}
	var out []string
	passed := 0
	for _, c := range m.authMap.checks {
		var glyph string
		switch c.Status {
		case steps.StatusOK:
			passed++
			continue
		case steps.StatusWarn:
			glyph = th.Warning.Render(th.Glyphs.Warn)
		case steps.StatusFail:
			glyph = th.Danger.Render(th.Glyphs.Failed)
		default:
			continue // skipped: opt-in, or not for this run
		}
		// A reason may carry a statement or a command to paste: never shortened.
		for i, l := range components.WrapPaste(c.Name+": "+c.Reason, max(10, width-2), components.PasteCont(th.Glyphs.Ellipsis)) {
			lead := "  "
			if i == 0 {
				lead = glyph + " "
			}
			out = append(out, lead+th.Muted.Render(l))
		}
	}
	head := fmt.Sprintf("Final checks: %d passed", passed)
	if len(out) > 0 {
		head += "; to look at:"
	}
	return append([]string{th.Title.Render(head)}, out...)
}

// undoCommand is the command that undoes the run.
func (m *Model) undoCommand(location string) string {
	cmd := "bslwiz"
	if def, err := steps.StateDir(); err != nil || def != m.opts.StateDir {
		cmd += " --state-dir " + shellWord(m.opts.StateDir)
	}
	return cmd + " undo " + shellWord(location)
}

// shellWord quotes s for a POSIX shell when it needs it.
func shellWord(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r)) {
			safe = false
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// doneLines is the done screen.
func (m *Model) doneLines(width int) []string {
	th := m.th
	headline, rows, notes := m.summary()
	out := []string{}
	for i, l := range components.Wrap(headline, width-2) {
		lead := "  "
		if i == 0 {
			lead = th.Glyphs.Done + " "
		}
		out = append(out, th.Success.Render(lead)+th.Title.Render(l))
	}
	out = append(out, "")
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, len(r.label))
	}
	for _, r := range rows {
		indent := strings.Repeat(" ", 2+labelW+2)
		for i, l := range components.Wrap(r.value, max(10, width-len(indent))) {
			if i == 0 {
				out = append(out, "  "+th.Muted.Render(fmt.Sprintf("%-*s", labelW, r.label))+"  "+th.Emphasis.Render(l))
			} else {
				out = append(out, indent+th.Emphasis.Render(l))
			}
		}
	}
	out = append(out, "")
	for _, n := range notes {
		for _, l := range components.Wrap(n, width) {
			out = append(out, th.Muted.Render(l))
		}
	}
	out = append(append(out, ""), m.checkLines(width)...)
	if found := m.foundLines(width); len(found) > 0 {
		out = append(append(out, "", th.Title.Render("What the steps found")), found...)
	}
	return out
}

// doneScreen is the done screen from its scroll offset, height lines at
// most: when some are hidden, the last says so and how to reach them.
func (m *Model) doneScreen(width, height int) []string {
	return m.scrollWindow(m.doneLines(width), m.doneOff, width, height)
}

// doneScrolls reports whether the done screen is longer than the body.
func (m *Model) doneScrolls() bool {
	f := m.computeFrame()
	return !m.authMap.shown && len(m.doneLines(f.mainW)) > f.bodyH
}

// scrollDone moves the done screen by a key of the scroll set.
func (m *Model) scrollDone(msg tea.KeyPressMsg) {
	f := m.computeFrame()
	m.doneOff = m.scrolledBy(msg, m.doneOff, len(m.doneLines(f.mainW)), f.bodyH)
}

// scrollWindow is all from the offset, height lines at most: when some are
// hidden, the last line says so and how to reach them (ScrollHint).
func (m *Model) scrollWindow(all []string, off, width, height int) []string {
	if len(all) <= height || height < 2 {
		return all
	}
	view := height - 1
	off = max(0, min(off, len(all)-view))
	out := append([]string(nil), all[off:off+view]...)
	th := m.th
	hint := components.ScrollHint(off == 0, off+view >= len(all), float64(off)/float64(len(all)-view), width, th.Glyphs.Ellipsis, th.Glyphs.UpDown)
	return append(out, th.Muted.Render(hint))
}

// scrolledBy is the offset of a scrollWindow of n lines, height tall,
// after a key of the scroll set.
func (m *Model) scrolledBy(msg tea.KeyPressMsg, off, n, height int) int {
	last := max(0, n-(height-1))
	page := max(1, height-2)
	switch {
	case key.Matches(msg, m.km.Up):
		off--
	case key.Matches(msg, m.km.Down):
		off++
	case key.Matches(msg, m.km.PageUp):
		off -= page
	case key.Matches(msg, m.km.PageDown):
		off += page
	case key.Matches(msg, m.km.Home):
		off = 0
	case key.Matches(msg, m.km.End):
		off = last
	}
	return max(0, min(off, last))
}

// foundLines are the steps that went by without a key, with what each
// found, for the done screen (the step list's detail view has the rest).
func (m *Model) foundLines(width int) []string {
	var out []string
	for _, st := range m.eng.Steps() {
		fs, ok := m.found[st.ID]
		if !ok || !reportsOnly(st) {
			continue
		}
		line := fs.headline(m.th.Glyphs.Done, width)
		if fs.artifact != nil {
			line = fmt.Sprintf("%s step %d %s: the %s above (c copies it, w writes it to a file)", m.th.Glyphs.Done, fs.number, fs.title, lowerFirst(fs.artifact.Label))
		}
		out = append(out, m.th.Muted.Render(fitWords(line, width, m.th.Glyphs.Ellipsis)))
	}
	return out
}

// summaryText is the summary as plain text, printed when the wizard ends.
func (m *Model) summaryText() string {
	headline, rows, notes := m.summary()
	var b strings.Builder
	b.WriteString(headline + "\n")
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, len(r.label))
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-*s  %s\n", labelW, r.label, r.value)
	}
	for _, n := range notes {
		b.WriteString(n + "\n")
	}
	var flagged []string
	for _, c := range m.authMap.checks {
		if c.Status == steps.StatusWarn || c.Status == steps.StatusFail {
			flagged = append(flagged, fmt.Sprintf("%s (%s)", c.Name, c.Status))
		}
	}
	if len(flagged) > 0 {
		b.WriteString("Final checks to look at: " + strings.Join(flagged, "; ") + "\n")
	}
	return b.String()
}
