package ui

import (
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components"
)

// The step list takes the keys after s: ↑/↓ choose a step, enter opens a
// done step's findings (what it found, its inputs), and enter there goes
// back to it. Going back undoes nothing: the steps from there on are
// previewed again, and a change among them waits for its own
// confirmation. esc closes the list.

// canBrowse reports whether s may move the focus to the step list now: a
// screen that waits for the user and is not taking text.
func (m *Model) canBrowse() bool {
	if m.typing() || m.mfa != nil || m.quiet() {
		return false
	}
	switch m.phase {
	case phaseForm, phasePreview, phaseDeclined, phaseFailed, phaseDone:
		return true
	}
	return false
}

// focusList moves the keys to the step list, on the current step.
func (m *Model) focusList() tea.Cmd {
	m.listFocus, m.detail = true, ""
	m.listCursor = len(m.eng.Steps()) - 1
	for i, st := range m.eng.Steps() {
		if st.ID == m.cur.ID && !m.done {
			m.listCursor = i
		}
	}
	m.refreshList()
	return nil
}

// listKey handles a key while the step list has the focus.
func (m *Model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	list := m.eng.Steps()
	switch {
	case key.Matches(msg, m.fk.BackStep) && m.detail != "":
		m.detail = ""
	case key.Matches(msg, m.fk.BackStep), key.Matches(msg, m.km.Steps) && m.detail == "":
		m.listFocus, m.detail = false, ""
	case m.detail != "" && key.Matches(msg, m.fk.Continue):
		return m.goBackTo(m.detail)
	case m.detail != "" && isScroll(m.km, msg):
		f := m.computeFrame()
		m.detailOff = m.scrolledBy(msg, m.detailOff, len(m.detailLines(f.mainW)), f.topH)
		return nil
	case m.detail != "":
		return nil
	case key.Matches(msg, m.km.Up):
		m.listCursor = max(0, m.listCursor-1)
	case key.Matches(msg, m.km.Down):
		m.listCursor = min(len(list)-1, m.listCursor+1)
	case key.Matches(msg, m.fk.Continue) && m.listCursor < len(list):
		st := list[m.listCursor]
		switch {
		case st.ID == m.cur.ID && !m.done:
			m.listFocus = false
		case m.eng.State(st.ID) == steps.StateDone || m.done:
			m.detail, m.detailOff = st.ID, 0
		default:
			m.notice = fmt.Sprintf("Step %d is not done yet: the steps before it come first.", m.listCursor+1)
		}
	}
	m.refreshList()
	return nil
}

// goBackTo makes done step id current again, as esc does one step at a
// time: what was typed and not applied goes, nothing is undone.
func (m *Model) goBackTo(id steps.StepID) tea.Cmd {
	if m.taskCancel != nil {
		m.taskCancel()
		m.taskCancel = nil
	}
	m.taskSeq++ // whatever was in flight is now stale
	m.stopChecks()
	if !m.done {
		m.s.SetPlan(m.entryPlan)
	}
	if !m.eng.JumpTo(id) {
		return nil
	}
	m.done, m.phase, m.passed = false, phasePreviewing, nil
	cmd := m.enterStep()
	n, _ := m.eng.Position()
	m.notice = fmt.Sprintf("Back at step %d: nothing was undone; the steps after it are previewed again.", n)
	return cmd
}

// listKeys are the keys of the step list, for the footer.
func (m *Model) listKeys() help.KeyMap {
	if m.detail != "" {
		b := bindings{withHelp(m.fk.Continue, "go back to this step"), withHelp(m.fk.BackStep, "close")}
		if f := m.computeFrame(); len(m.detailLines(f.mainW)) > f.topH {
			b = append(bindings{m.fk.Scroll}, b...)
		}
		return b
	}
	return bindings{m.fk.Choose, withHelp(m.fk.Continue, "open"), withHelp(m.fk.BackStep, "close")}
}

// detailLines are what a done step found and was given, for its detail
// view: every fact whole (wrapped at spaces; an ARN moves to a line of its
// own), its value to copy, its inputs with their sources.
func (m *Model) detailLines(width int) []string {
	th := m.th
	st, _ := steps.Lookup(m.detail)
	n, _ := steps.Position(m.s.RawPlan(), st.ID)
	out := []string{th.Title.Render(components.Fit(fmt.Sprintf("Step %d %s %s (done)", n, th.Glyphs.Sep, st.Title), width, th.Glyphs.Ellipsis)), ""}
	fs, ok := m.found[st.ID]
	if ok {
		for _, f := range fs.facts {
			out = append(out, bullet(th.Glyphs.Bullet, th.Glyphs.Ellipsis, f, width, th.Text.Render)...)
		}
		if fs.artifact != nil {
			out = append(out, "", th.Muted.Render(fs.artifact.Label+":"), "  "+th.Emphasis.Render(components.FitMiddle(fs.artifact.Value, width-2, th.Glyphs.Ellipsis)))
		}
	} else {
		out = append(out, th.Muted.Render("Done in an earlier run (resumed): bslwiz re-read it."))
	}
	var given []string
	for _, f := range stepFields(st) {
		p := m.s.RawPlan().WithDefaults()
		given = append(given, fmt.Sprintf("%s: %s (%s)", f.Label, shownValue(f, f.Get(&p)), m.sourceOf(f.Key)))
	}
	if len(given) > 0 {
		out = append(out, "", th.Muted.Render("Inputs:"))
		for _, g := range given {
			out = append(out, bullet(th.Glyphs.Bullet, th.Glyphs.Ellipsis, g, width, th.Text.Render)...)
		}
	}
	out = append(out, "")
	for _, l := range components.Wrap("enter goes back to this step (nothing is undone); esc closes.", width) {
		out = append(out, th.Muted.Render(l))
	}
	return out
}

// listWidth is the step list's width when it may take up to most columns:
// the longest row whole (glyph, number, title), and no wider.
func (m *Model) listWidth(most int) int {
	w := 0
	for _, st := range m.eng.Steps() {
		w = max(w, lipgloss.Width(st.Title)+5)
	}
	return max(22, min(w, most))
}
