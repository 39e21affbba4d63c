package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// View draws the wizard. It only reads the model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

// render is the screen as a string: header, a rule, the body (step list,
// the phase's content, the validation panel), the footer.
func (m *Model) render() string {
	if m.tooSmall() {
		return m.small.View()
	}
	f := m.computeFrame()
	rule := m.th.Muted.Render(strings.Repeat(ruleGlyph(m), m.width))
	main := pad(m.mainLines(f), f.topH)
	cols := []column{}
	if f.listW > 0 {
		cols = append(cols, column{f.listW, lines(m.list.View())})
	}
	cols = append(cols, column{f.mainW, main})
	if f.panelW > 0 {
		var pl []string
		for _, l := range pad(lines(m.panel.View()), f.bodyH) {
			pl = append(pl, m.th.Muted.Render(sideGlyph(m))+" "+l)
		}
		cols = append(cols, column{f.panelW, pl})
	}
	body := joinColumns(m.th.Glyphs.Ellipsis, f.topH, cols...)
	if f.panelBelow {
		below := append([]string{rule}, pad(lines(m.panel.View()), f.panelH)...)
		body += "\n" + strings.Join(below, "\n")
	}
	return strings.Join([]string{m.header.View(), rule, body, m.foot.View()}, "\n")
}

func ruleGlyph(m *Model) string {
	if m.th.ASCII {
		return "-"
	}
	return "─"
}

func sideGlyph(m *Model) string {
	if m.th.ASCII {
		return "|"
	}
	return "│"
}

// mainLines is the main column: the step's title and guide, then the
// phase's content; the panel under it on narrow terminals.
func (m *Model) mainLines(f frame) []string {
	if m.detail != "" {
		return m.scrollWindow(m.detailLines(f.mainW), m.detailOff, f.mainW, f.topH)
	}
	switch m.phase {
	case phaseResume:
		return m.resumeLines(f.mainW, f.bodyH)
	case phaseDone:
		if m.authMap.shown {
			return m.authMapLines(f.mainW, f.bodyH)
		}
		return m.doneScreen(f.mainW, f.bodyH)
	}
	th := m.th
	st := m.step()
	n, total := steps.Position(m.s.RawPlan(), st.ID)
	out := []string{th.Title.Render(components.Fit(stepTitle(n, total, st.Title, th.Glyphs.Sep), f.mainW, th.Glyphs.Ellipsis))}
	guide := m.guideLines(f.mainW)
	if len(guide) > f.guideH {
		guide = guide[:f.guideH]
	}
	if len(guide) > 0 && len(guide) < len(m.guideLines(f.mainW)) {
		guide[len(guide)-1] = components.Fit(guide[len(guide)-1]+" "+th.Glyphs.Ellipsis, f.mainW, th.Glyphs.Ellipsis)
	}
	for _, l := range guide {
		out = append(out, th.Text.Render(l))
	}
	out = append(out, m.warningLines(f.mainW)...)
	out = append(out, "")
	return append(out, pad(m.contentLines(f), f.contentH)...)
}

// contentLines is what the phase shows under the guide.
func (m *Model) contentLines(f frame) []string {
	if m.mfa != nil {
		return m.mfaLines(f.mainW)
	}
	switch m.phase {
	case phaseForm:
		if m.form == nil {
			return nil
		}
		return lines(m.form.View())
	case phasePreviewing, phaseApplying, phaseFailed:
		return m.taskLines(f.mainW)
	case phaseDeclined:
		return components.Wrap("Nothing was changed. Press enter to preview this step again, or ctrl+c to stop here: "+
			"the journal keeps your progress and bslwiz offers to resume next time.", f.mainW)
	case phasePreview:
		return m.previewScreen(f)
	}
	return nil
}

// taskLines is the running or failed task, with what it is doing now.
func (m *Model) taskLines(width int) []string {
	th := m.th
	out := lines(m.tasks.View())
	indent := strings.Repeat(" ", 2)
	if m.phase == phaseApplying && m.progress != "" {
		for _, l := range components.Wrap(m.progress, width-2) {
			out = append(out, indent+th.Muted.Render(l))
		}
	}
	if m.phase == phaseApplying && m.lastReason != "" {
		for _, l := range components.Wrap("last answer: "+m.lastReason, width-2) {
			out = append(out, indent+th.Muted.Render(l))
		}
	}
	if m.phase == phaseFailed && m.form != nil {
		out = append(out, "", th.Muted.Render("Press esc to go back to the form."))
	}
	return out
}

// previewScreen shows a preview: a change to confirm (with the trust
// diff), or the findings of a read-only step.
func (m *Model) previewScreen(f frame) []string {
	pv := m.pv
	if pv == nil {
		return nil
	}
	if pv.Mutates && !pv.NoChange {
		var out []string
		facts := m.factBlock(pv, f.mainW)
		if f.factsFold {
			facts = append(m.foldedInputLines(f.mainW), m.foldedFactsLine(f.mainW))
			if f.tight {
				facts = facts[len(facts)-1:]
			}
		}
		open := f.factsCut && m.factsOpen
		if open {
			// Every fact in the place of the cut ones and the calls, who
			// can assume under them, then the prompt: i shows the calls
			// again.
			prompt := m.promptLines(f.mainW)
			out = append(out, m.openFactsLines(f, max(1, f.factsH-1+f.confirmH-len(prompt)))...)
			out = append(out, "")
			if f.trustH > 0 {
				out = append(out, m.trustLines(f.mainW, f.trustFull)...)
				out = append(out, "")
			}
			return append(out, prompt...)
		}
		if n := f.factsH - 1; n > 0 && len(facts) > 0 {
			if f.factsCut {
				facts = m.cutFacts(facts, n, f.mainW)
			} else if len(facts) > n {
				facts = append(facts[:n-1], m.th.Muted.Render(fmt.Sprintf("%s %d more lines", m.th.Glyphs.Ellipsis, len(facts)-n+1)))
			}
			out = append(out, facts...)
			out = append(out, "")
		}
		if m.showDiff && f.factsFold && m.factsOpen {
			// The facts in the diff's place, who can assume under them: i
			// shows the diff again.
			out = append(out, m.openFactsLines(f, f.diffH)...)
			if !f.tight {
				out = append(out, "")
			}
			if f.trustH > 0 {
				out = append(out, m.trustLines(f.mainW, f.trustFull)...)
				out = append(out, "")
			}
		} else if m.showDiff {
			out = append(out, pad(lines(m.diff.View()), f.diffH)...)
			if !f.tight {
				out = append(out, "")
			}
			if f.trustH > 0 {
				out = append(out, m.trustLines(f.mainW, f.trustFull)...)
				out = append(out, "")
			}
		}
		if !m.showDiff && f.trustH > 0 {
			out = append(out, m.trustLines(f.mainW, f.trustFull)...)
			out = append(out, "")
		}
		if f.compactConfirm {
			return append(out, m.compactConfirmLines(f.mainW)...)
		}
		return append(out, lines(m.confirm.View())...)
	}
	var out []string
	if pv.Artifact != nil {
		out = append(out, m.arnBlock(f.mainW)...)
	}
	out = append(out, lines(m.body.View())...)
	if hint := m.bodyHint(f.mainW); hint != "" {
		out = append(out, hint)
	}
	return out
}

// bodyHint says what the findings' scrolling body hides, and how to reach
// it; "" when it shows everything.
func (m *Model) bodyHint(width int) string {
	if m.body.TotalLineCount() <= m.body.VisibleLineCount() {
		return ""
	}
	th := m.th
	hint := components.ScrollHint(m.body.AtTop(), m.body.AtBottom(), m.body.ScrollPercent(), width, th.Glyphs.Ellipsis, th.Glyphs.UpDown)
	return th.Muted.Render(hint)
}

// compactConfirmLines are the calls of a change, wrapped at spaces under
// a hanging indent (nothing cut off, the account whole), and the prompt:
// what the confirm panel says, when a diff leaves no room for the panel.
func (m *Model) compactConfirmLines(width int) []string {
	return append(m.confirm.CallLines(width, ""), m.promptLines(width)...)
}

// promptLines ask for the change's confirmation, as the confirm panel does.
func (m *Model) promptLines(width int) []string {
	prompt := "Press y or enter to make this change, esc to back out."
	if len(m.confirm.Request().Calls) > 1 {
		prompt = "Press y or enter to make these changes, esc to back out."
	}
	var out []string
	for _, l := range components.Wrap(prompt, width) {
		out = append(out, m.th.Title.Render(l))
	}
	return out
}

// cutFacts is a change's facts cut to n lines: the first ones, a line
// that says how many more there are and that i shows them, then every
// line of the warnings, which are never cut (they are what must be read
// before y).
func (m *Model) cutFacts(block []string, n, width int) []string {
	th := m.th
	warn := warningFactLines(th, m.pv, width)
	head := block[:max(0, len(block)-len(warn))]
	room := max(0, n-len(warn)-1)
	if room >= len(head) {
		return pad(block, n)
	}
	more := th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more lines: i shows them", th.Glyphs.Ellipsis, len(head)-room), width, th.Glyphs.Ellipsis))
	out := append(append(append([]string(nil), head[:room]...), more), warn...)
	return pad(out, n)
}

// factLines are a preview's facts and warnings, each marked so that the
// meaning does not rest on colour.
func factLines(th *theme.Theme, pv *steps.Preview, width int) []string {
	var out []string
	for _, fact := range pv.Facts {
		out = append(out, bullet(th.Glyphs.Bullet, th.Glyphs.Ellipsis, fact, width, th.Text.Render)...)
	}
	return append(out, warningFactLines(th, pv, width)...)
}

// warningFactLines are a preview's warnings as factLines draws them.
func warningFactLines(th *theme.Theme, pv *steps.Preview, width int) []string {
	var out []string
	for _, w := range pv.Warnings {
		out = append(out, bullet(th.Glyphs.Warn, th.Glyphs.Ellipsis, "warning: "+w, width, th.Warning.Render)...)
	}
	return out
}

// bullet is text as a list item: glyph, then the text wrapped under a
// hanging indent that a word too long for it (an ARN) may give up, so the
// word stays whole when it fits the width; a word wider than the width is
// shortened in its middle, never split (the step list's detail view and the
// copy key keep it whole).
//
// A command to paste at the end of the text (components.SplitCommand) is
// never shortened: it goes on lines of its own under the text, indented
// under the bullet, wrapped whole by components.WrapPaste (c copies it).
func bullet(glyph, ellipsis, text string, width int, style func(...string) string) []string {
	var out []string
	lead, cmd, isCmd := components.SplitCommand(text)
	if isCmd {
		text = lead
	}
	if text != "" {
		for i, l := range components.WrapWhole("  "+text, width, ellipsis) {
			if rest, ok := strings.CutPrefix(l, "  "); ok && i == 0 {
				l = glyph + " " + rest
			}
			out = append(out, style(l))
		}
	}
	if isCmd {
		prefix := "    "
		if len(out) == 0 {
			prefix = glyph + " "
		}
		for i, l := range components.WrapPaste(cmd, max(8, width-4), components.PasteCont(ellipsis)) {
			if i > 0 {
				prefix = "    "
			}
			out = append(out, style(prefix+l))
		}
	}
	return out
}

// previewLines is everything a read-only step found: facts, warnings and
// documents, for the scrolling body.
func (m *Model) previewLines(pv *steps.Preview) []string {
	width := m.body.Width()
	if width <= 0 {
		width = 60
	}
	return m.previewLinesAt(pv, width)
}

// previewLinesAt is previewLines wrapped for width.
func (m *Model) previewLinesAt(pv *steps.Preview, width int) []string {
	th := m.th
	shown := *pv
	if pv.Artifact != nil {
		shown.Facts = nil // the artifact stands above, whole
	}
	out := append(m.inputLines(width), factLines(th, &shown, width)...)
	switch {
	case pv.Mutates && pv.NoChange && pv.NoChangeWhy != "":
		for _, l := range components.Wrap("No change: "+pv.NoChangeWhy+".", width-2) {
			out = append(out, th.Warning.Render(l))
		}
	case pv.Mutates && pv.NoChange:
		out = append(out, th.Success.Render(th.Glyphs.Done+" No change: everything already matches."))
	}
	for _, d := range pv.Documents {
		out = append(out, "")
		for _, l := range components.Wrap(d.Title, width) {
			out = append(out, th.Title.Render(l))
		}
		// A document to paste: each line under its indent, a value too
		// long for it wrapped with the continuation mark, never shortened.
		for _, l := range components.WrapDocument(d.Body, max(1, width-2), components.PasteCont(th.Glyphs.Ellipsis)) {
			out = append(out, "  "+l)
		}
	}
	if pv.Artifact == nil {
		out = append(out, "", th.Muted.Render("Press enter to "+pv.Verb+"."))
	}
	return out
}
