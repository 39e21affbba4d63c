package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/ui/keys"
)

// typeAheadGuard is how long after a confirmation appears a confirming key
// is ignored.
const typeAheadGuard = 400 * time.Millisecond

// typing reports whether keys go to a text field, so that "?", "r", "c"
// and their like are characters, not commands.
func (m *Model) typing() bool {
	return m.phase == phaseForm && m.form != nil && m.form.InputFocused()
}

// handleKey routes a key press by phase.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.phase == phaseForm && m.form != nil && key.Matches(msg, m.fk.BackStep) && !m.form.ListOpen() {
		return m.backStep()
	}
	if m.typing() {
		if key.Matches(msg, m.fk.HelpTyping) {
			m.foot.Update(msg)
			m.layout()
			return nil
		}
		return m.form.Update(msg)
	}
	if key.Matches(msg, m.km.Help) {
		m.foot.Update(msg)
		m.layout()
		return nil
	}
	if m.listFocus {
		return m.listKey(msg)
	}
	if key.Matches(msg, m.km.Steps) && m.canBrowse() {
		return m.focusList()
	}
	switch m.phase {
	case phaseResume:
		return m.resumeKey(msg)
	case phaseForm:
		if m.form != nil {
			return m.form.Update(msg)
		}
	case phasePreviewing:
		if key.Matches(msg, m.fk.CancelPreview) {
			return m.backOut("Stopped: nothing was changed.")
		}
	case phasePreview:
		return m.previewKey(msg)
	case phaseFailed:
		if key.Matches(msg, m.fk.Back) && m.form != nil {
			return m.backOut("")
		}
		if key.Matches(msg, m.fk.BackStep) {
			return m.backStep()
		}
		return m.tasks.Update(msg)
	case phaseDeclined:
		if key.Matches(msg, m.fk.BackStep) {
			return m.backStep()
		}
		if key.Matches(msg, m.fk.Continue) {
			m.notice = ""
			return m.startPreview()
		}
	case phaseDone:
		if m.doneKey(msg) {
			return nil
		}
		if m.doneScrolls() && isScroll(m.km, msg) {
			m.scrollDone(msg)
			return nil
		}
		switch {
		case key.Matches(msg, m.fk.Leave):
			return m.quit()
		case m.mapCommand() != "" && key.Matches(msg, m.km.Copy):
			return m.copyText(m.mapCommand())
		case m.lastArtifact != nil && key.Matches(msg, m.km.Copy):
			return m.copyARN()
		case m.lastArtifact != nil && key.Matches(msg, m.km.WriteFile):
			return m.writeARN()
		}
	}
	return nil
}

// previewKey handles the preview screen: confirm or back out of a change,
// scroll the diff or the findings, copy or write the role ARN (step 10),
// continue.
func (m *Model) previewKey(msg tea.KeyPressMsg) tea.Cmd {
	pv := m.pv
	if m.summarized && key.Matches(msg, m.km.Edit) {
		return m.edit()
	}
	if pv.Artifact != nil || (m.lastArtifact != nil && !(pv.Mutates && !pv.NoChange)) {
		switch {
		case key.Matches(msg, m.km.Copy):
			return m.copyARN()
		case key.Matches(msg, m.km.WriteFile):
			return m.writeARN()
		}
	}
	if pv.Mutates && !pv.NoChange {
		if key.Matches(msg, copyCmdKey) && pasteCommandOf(pv) != "" {
			return m.copyCommand()
		}
		if key.Matches(msg, factsKey) && factsFoldable(m.computeFrame()) {
			m.factsOpen = !m.factsOpen
			m.layout()
			return nil
		}
		if m.factsOpen && factsFoldable(m.computeFrame()) && isScroll(m.km, msg) {
			m.scrollFacts(msg)
			return nil
		}
		if m.showDiff && isScroll(m.km, msg) {
			return m.diff.Update(msg)
		}
		if key.Matches(msg, m.km.Confirm) && m.now().Sub(m.confirmShown) < typeAheadGuard {
			// Keys typed before the calls were on screen (a burst over a slow
			// link, an enter pressed twice) must not confirm them.
			m.notice = "Read the calls first, then press y or enter to confirm."
			return nil
		}
		return m.confirm.Update(msg)
	}
	switch {
	case key.Matches(msg, m.fk.Continue):
		return m.accept()
	case key.Matches(msg, m.fk.Back) && m.form != nil && !m.summarized:
		return m.backOut("")
	case key.Matches(msg, m.fk.BackStep):
		return m.backStep()
	case isScroll(m.km, msg):
		if key.Matches(msg, m.km.Home) {
			m.body.GotoTop()
		} else if key.Matches(msg, m.km.End) {
			m.body.GotoBottom()
		} else {
			m.body, _ = m.body.Update(msg)
		}
	}
	return nil
}

func isScroll(km keys.KeyMap, msg tea.KeyPressMsg) bool {
	return key.Matches(msg, km.Up, km.Down, km.PageUp, km.PageDown, km.Home, km.End)
}

// footKeys are the keys the footer describes for the current phase.
func (m *Model) footKeys() help.KeyMap {
	if m.mfa != nil {
		return m.mfaKeys()
	}
	frame := keys.Combine(bindings{m.km.Help, m.km.Quit})
	if m.typing() {
		frame = keys.Combine(bindings{m.fk.HelpTyping, m.km.Quit})
	}
	if m.listFocus {
		return keys.Combine(m.listKeys(), frame)
	}
	if m.canBrowse() {
		frame = keys.Combine(bindings{m.km.Steps, m.km.Help, m.km.Quit})
	}
	switch m.phase {
	case phaseResume:
		return keys.Combine(bindings{m.fk.Resume, m.fk.StartNew, m.fk.Choose}, frame)
	case phaseForm:
		if m.form == nil {
			return frame
		}
		// The short help drops shift+tab, so that quitting fits in 80
		// columns; the full help (f1, ?) lists it.
		var short bindings
		for _, b := range m.form.ShortHelp() {
			if b.Help() != m.km.Prev.Help() {
				short = append(short, b)
			}
		}
		if m.canGoBack() {
			short = append(short, m.fk.BackStep)
		}
		return keys.Combine(formKeys{short: short, full: fullWith{m.form, bindings{m.fk.BackStep}}}, frame)
	case phasePreviewing:
		if m.quiet() {
			return frame
		}
		return keys.Combine(bindings{m.fk.CancelPreview}, frame)
	case phasePreview:
		if m.pv == nil {
			return frame
		}
		var b bindings
		if m.summarized {
			b = append(b, m.km.Edit)
		}
		if m.pv.Mutates && !m.pv.NoChange {
			if f := m.computeFrame(); factsFoldable(f) {
				back := map[bool]string{true: "show calls", false: "show diff"}[f.factsCut]
				b = append(b, withHelp(factsKey, map[bool]string{true: back, false: "show facts"}[m.factsOpen]))
			}
			if pasteCommandOf(m.pv) != "" {
				b = append(b, copyCmdKey)
			}
			parts := []help.KeyMap{b}
			if m.showDiff {
				parts = append(parts, bindings{m.km.Confirm, m.km.Cancel}, m.diff)
			} else {
				parts = append(parts, m.confirm)
			}
			return keys.Combine(append(parts, frame)...)
		}
		b = append(bindings{withHelp(m.fk.Continue, m.pv.Verb)}, b...)
		if m.body.TotalLineCount() > m.body.VisibleLineCount() {
			// Before the keys that give way first when the footer is
			// narrow: what is below the fold must be reachable.
			b = append(b[:1], append(bindings{m.fk.Scroll}, b[1:]...)...)
		}
		if m.form != nil && !m.summarized {
			b = append(b, m.fk.Back)
		} else if m.canGoBack() {
			b = append(b, m.fk.BackStep)
		}
		if m.pv.Artifact != nil || m.lastArtifact != nil {
			b = append(b, m.km.Copy, m.km.WriteFile)
		}
		return keys.Combine(b, frame)
	case phaseFailed:
		b := bindings{m.km.Retry}
		if m.form != nil {
			b = append(b, m.fk.Back)
		} else if m.canGoBack() {
			b = append(b, m.fk.BackStep)
		}
		return keys.Combine(b, frame)
	case phaseDeclined:
		b := bindings{withHelp(m.fk.Continue, "preview again")}
		if m.canGoBack() {
			b = append(b, m.fk.BackStep)
		}
		return keys.Combine(b, frame)
	case phaseDone:
		b := bindings{authMapKey, m.fk.Leave}
		if m.doneScrolls() {
			b = append(bindings{m.fk.Scroll}, b...) // what is below the fold first
		}
		switch {
		case m.mapCommand() != "":
			b = append(b, copyCmdKey)
			if m.lastArtifact != nil {
				b = append(b, m.km.WriteFile)
			}
		case m.lastArtifact != nil:
			b = append(b, m.km.Copy, m.km.WriteFile)
		}
		return keys.Combine(b, frame)
	}
	return frame
}

// fullWith is a full help with one more row.
type fullWith struct {
	help.KeyMap
	more bindings
}

func (f fullWith) FullHelp() [][]key.Binding { return append(f.KeyMap.FullHelp(), f.more) }

// canGoBack reports whether the step on screen has a step before it.
func (m *Model) canGoBack() bool {
	n, _ := m.eng.Position()
	return n > 1 && !m.quiet()
}

// backStep goes back a step: the engine makes the step before the current
// one current again, and nothing is undone; the steps from there on are
// previewed again before anything changes.
func (m *Model) backStep() tea.Cmd {
	if !m.canGoBack() {
		m.notice = "This is the first step."
		return nil
	}
	if m.taskCancel != nil {
		m.taskCancel()
		m.taskCancel = nil
	}
	m.taskSeq++ // whatever was in flight is now stale
	m.stopChecks()
	// What was typed on this step and not applied goes: the live checks
	// put the form's values in the plan, and a value left half-typed must
	// not stop the step before from previewing.
	m.s.SetPlan(m.entryPlan)
	if !m.eng.Back() {
		return nil
	}
	// A step that goes by without a key would only bounce forward again:
	// back lands on the step before it that waits for the user.
	for st, ok := m.eng.Current(); ok && reportsOnly(st); st, ok = m.eng.Current() {
		if !m.eng.Back() {
			break
		}
	}
	cmd := m.enterStep()
	n, _ := m.eng.Position()
	m.notice = fmt.Sprintf("Back at step %d: nothing was undone; the steps after it are previewed again.", n)
	return cmd
}

// formKeys is the form's help with a shorter short help.
type formKeys struct {
	short bindings
	full  help.KeyMap
}

func (f formKeys) ShortHelp() []key.Binding  { return f.short }
func (f formKeys) FullHelp() [][]key.Binding { return f.full.FullHelp() }

// bindings is a plain list of bindings as a help.KeyMap.
type bindings []key.Binding

func (b bindings) ShortHelp() []key.Binding  { return b }
func (b bindings) FullHelp() [][]key.Binding { return [][]key.Binding{b} }

func withHelp(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
