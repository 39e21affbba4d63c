package ui

import (
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
		return m.tasks.Update(msg)
	case phaseDeclined:
		if key.Matches(msg, m.fk.Continue) {
			m.notice = ""
			return m.startPreview()
		}
	case phaseDone:
		if key.Matches(msg, m.fk.Leave) {
			return m.quit()
		}
	}
	return nil
}

// previewKey handles the preview screen: confirm or back out of a change,
// scroll the diff or the findings, copy or write the role ARN (step 10),
// continue.
func (m *Model) previewKey(msg tea.KeyPressMsg) tea.Cmd {
	pv := m.pv
	if pv.Step == 10 {
		switch {
		case key.Matches(msg, m.km.Copy):
			return m.copyARN()
		case key.Matches(msg, m.km.WriteFile):
			return m.writeARN()
		}
	}
	if pv.Mutates && !pv.NoChange {
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
		return m.startApply()
	case key.Matches(msg, m.fk.Back) && m.form != nil:
		return m.backOut("")
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
	frame := keys.Combine(bindings{m.km.Help, m.km.Quit})
	if m.typing() {
		frame = keys.Combine(bindings{m.fk.HelpTyping, m.km.Quit})
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
		return keys.Combine(formKeys{short: short, full: m.form}, frame)
	case phasePreviewing:
		if m.quiet() {
			return frame
		}
		return keys.Combine(bindings{m.fk.CancelPreview}, frame)
	case phasePreview:
		var b bindings
		if m.pv.Step == 10 {
			b = append(b, m.km.Copy, m.km.WriteFile)
		}
		if m.pv.Mutates && !m.pv.NoChange {
			parts := []help.KeyMap{b}
			if m.showDiff {
				parts = append(parts, bindings{m.km.Confirm, m.km.Cancel}, m.diff)
			} else {
				parts = append(parts, m.confirm)
			}
			return keys.Combine(append(parts, frame)...)
		}
		b = append(b, withHelp(m.fk.Continue, continueWord(m.pv.Step)))
		if m.form != nil {
			b = append(b, m.fk.Back)
		}
		if m.body.TotalLineCount() > m.body.VisibleLineCount() {
			b = append(b, m.fk.Scroll)
		}
		return keys.Combine(b, frame)
	case phaseFailed:
		b := bindings{m.km.Retry}
		if m.form != nil {
			b = append(b, m.fk.Back)
		}
		return keys.Combine(b, frame)
	case phaseDeclined:
		return keys.Combine(bindings{withHelp(m.fk.Continue, "preview again")}, frame)
	case phaseDone:
		return keys.Combine(bindings{m.fk.Leave}, frame)
	}
	return frame
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
