package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// markGivenErrors shows, on a form that opens because a value given for it
// (a flag, the environment, a plan file, a journal) breaks its rule, that
// rule under the field at once, with the focus on the first such field: the
// operator sees what to fix without leaving a field first. Empty fields are
// left alone until they are left.
func (m *Model) markGivenErrors() tea.Cmd {
	if m.form == nil {
		return nil
	}
	p := m.s.RawPlan()
	var focus tea.Cmd
	marked := false
	for _, f := range m.formFields(m.step()) {
		ff := m.form.Field(f.Key)
		if ff == nil || ff.Err() == nil || strings.TrimSpace(f.Get(&p)) == "" {
			continue
		}
		m.form.SetError(f.Key, ff.Err())
		if !marked {
			_, focus = m.form.FocusKey(f.Key)
			marked = true
		}
	}
	if marked {
		m.notice = "Fix the fields marked below."
	}
	return focus
}
