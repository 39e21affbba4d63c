package ui

import "github.com/bslwiz/bslwiz/steps"

// keyValue is the masked API key field's value for a form being built: what
// is typed in it now (values, on a rebuild), else the key typed earlier in
// this run, so going back to step 1 keeps it. It lives in memory only: never
// in the plan, the journal or on screen (the field masks it).
func (m *Model) keyValue(values map[string]string) string {
	if v, ok := values[apiKeyField]; ok {
		return v
	}
	return m.keyTyped
}

// offerKeyField adds the masked API key field to the step's form when
// Palette refused the key the session had from the environment or a key
// file: the operator can paste the right one for this run, and esc leads to
// a form that has it.
func (m *Model) offerKeyField(err error) {
	if m.askKey || m.form == nil || m.form.Field("paletteEndpoint") == nil ||
		steps.FailureOf(err) != steps.FailurePaletteAuth {
		return
	}
	m.askKey = true
	m.form = m.buildForm(m.step(), m.form.Values())
	m.layout()
}
