package ui

import (
	"slices"

	"github.com/bslwiz/bslwiz/steps"
)

// borrowedFields are, by step, the keys of the later steps' fields that the
// step's preview refused and its form shows.
type borrowedFields map[steps.StepID][]string

// formFields are the fields st's form shows: the step's own, then those of
// later steps that st reads and refused (Account A, which STS tells from
// Account B): a value given for one of them that breaks its rule is fixed
// on the step that refused it, since the later step cannot be reached.
func (m *Model) formFields(st steps.Step) []steps.Field {
	out := stepFields(st)
	for _, key := range m.borrowed[st.ID] {
		if f, ok := steps.FieldByKey(key); ok && !slices.ContainsFunc(out, func(g steps.Field) bool { return g.Key == key }) {
			out = append(out, f)
		}
	}
	return out
}

// borrow puts f, a field of a later step whose rule the current step's
// preview refused, on the current step's form, keeping what is typed there.
func (m *Model) borrow(f steps.Field) {
	if m.form == nil || m.form.Field(f.Key) != nil {
		return
	}
	p := m.s.RawPlan()
	cur, _ := steps.Position(p, m.step().ID)
	at, _ := steps.Position(p, f.Step)
	if at == 0 || at <= cur {
		return
	}
	if m.borrowed == nil {
		m.borrowed = borrowedFields{}
	}
	id := m.step().ID
	m.borrowed[id] = append(m.borrowed[id], f.Key)
	m.form = m.buildForm(m.step(), m.form.Values())
	m.layout()
}
