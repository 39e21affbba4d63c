package ui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/rules"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/form"
	"github.com/bslwiz/bslwiz/ui/components/steplist"
)

// apiKeyField is the form key of the masked Palette API key on step 1. It
// is not a Plan field: the key goes to the session's backends, never into
// the plan, the journal or the screen.
const apiKeyField = "apiKey"

// enterStep shows the engine's current step: its form (if it has fields)
// with the live checks, or straight to its preview.
func (m *Model) enterStep() tea.Cmd {
	m.stopChecks()
	m.cur, _ = m.eng.Current()
	m.quietStep = m.eng.Quiet()
	m.entryPlan = m.s.RawPlan()
	m.pv, m.showDiff, m.notice, m.progress, m.lastReason = nil, false, "", "", ""
	m.summarized, m.detail, m.listFocus = false, "", false
	// Not the preview phase any more: its screen reads m.pv, which is gone
	// (going back from a read-only step's preview once crashed here).
	m.phase = phasePreviewing
	m.tasks.Clear()
	m.form = m.buildForm(m.step(), nil)
	m.refreshList()
	m.layout()

	var cmds []tea.Cmd
	if m.form != nil {
		cmds = append(cmds, m.form.Init())
	}
	if m.form == nil || (m.quiet() && m.form.Valid()) || m.summarizes() {
		m.summarized = m.form != nil && !m.quiet()
		m.pendingChecks()
		cmds = append(cmds, m.startPreview())
		return tea.Batch(cmds...)
	}
	m.phase = phaseForm
	cmds = append(cmds, m.markGivenErrors(), m.startChecks(), m.loadClusters())
	return tea.Batch(cmds...)
}

// buildForm makes the form of st from its fields, with the session's plan
// (defaults filled in) as the starting values; values, when set, override
// them (a rebuild keeps what was typed). It returns nil for a step without
// fields.
func (m *Model) buildForm(st steps.Step, values map[string]string) *form.Model {
	// What the user gave (or the defaults), never the facts a step found: a
	// form that wrote those back would turn them into the user's answers.
	p := m.s.RawPlan().WithDefaults()
	var fields []form.Field
	for _, f := range m.formFields(st) {
		v := f.Get(&p)
		if over, ok := values[f.Key]; ok {
			v = over
		}
		fields = append(fields, m.formField(f, v, p))
		if f.Key == "paletteEndpoint" && m.askKey {
			fields = append(fields, m.apiKeyInput(m.keyValue(values)))
		}
	}
	if len(fields) == 0 {
		return nil
	}
	fm := form.New(m.th, m.km, fields...)
	m.wireCluster(fm)
	return fm
}

// stepFields are the fields a step asks for, in the step's order. The field
// table has fields no step asks (Palette's account and external ID): they
// are fetched, and only the headless mode overrides them.
func stepFields(st steps.Step) []steps.Field {
	var out []steps.Field
	for _, key := range st.Fields {
		if f, ok := steps.FieldByKey(key); ok {
			out = append(out, f)
		}
	}
	return out
}

// apiKeyInput is the masked API key field, asked only when the session has
// no key (no SPECTROCLOUD_APIKEY, no key file).
func (m *Model) apiKeyInput(v string) form.Field {
	in := form.NewInput(apiKeyField, "Palette API key").Masked().
		Help("Palette → Tenant Settings → API Keys. It stays in memory: never in the plan, the journal or on screen.").
		Placeholder("paste the key")
	in.Default(v)
	in.Validate(func(v string) error {
		if strings.TrimSpace(v) != "" {
			return nil
		}
		if m.form != nil && strings.TrimSpace(m.form.Value("apiKeyFile")) != "" {
			return nil
		}
		return &rules.Error{Field: "Palette API key", Rule: "is required (or give an API key file below, or set SPECTROCLOUD_APIKEY)"}
	})
	return in
}

// formField maps one steps field onto a form field of the right kind.
func (m *Model) formField(f steps.Field, v string, p steps.Plan) form.Field {
	validate := m.validator(f)
	switch f.Kind {
	case steps.KindBool:
		return form.NewToggle(f.Key, f.Label).Help(f.Help).Default(v == "true")
	case steps.KindChoice:
		var opts []form.Option
		for _, c := range f.Choices {
			opts = append(opts, form.Option{Value: c})
		}
		return form.NewSelect(f.Key, f.Label, opts).Help(f.Help).Validate(validate).Default(v).Rows(len(opts))
	case steps.KindRegion:
		return form.NewSelect(f.Key, f.Label, m.regionOptions(f, p)).Help(f.Help).Validate(validate).Default(v)
	case steps.KindCluster:
		return m.clusterField(f, v)
	case steps.KindInt:
		if v == "0" {
			v = ""
		}
		return form.NewInput(f.Key, f.Label).Help(f.Help).Validate(validate).Default(v)
	case steps.KindCert:
		return form.NewInput(f.Key, f.Label).Help(f.Help).
			Placeholder("/path/to/ca.pem, or paste the PEM").Validate(validate).Default(v)
	}
	return form.NewInput(f.Key, f.Label).Help(f.Help).Validate(validate).Default(v)
}

// regionOptions lists the regions of Account B's partition when it is
// known (all of them before step 5), after "detect from the bucket" when
// the field is optional.
func (m *Model) regionOptions(f steps.Field, p steps.Plan) []form.Option {
	part := p.Partition
	if id, ok := m.s.Identity(); ok && id.Partition != "" {
		part = id.Partition
	}
	var opts []form.Option
	if !f.Required {
		opts = append(opts, form.Option{Value: "", Label: "detect from the bucket"})
	}
	for _, r := range rules.Regions() {
		if part != "" && r.Partition != part {
			continue
		}
		label := r.Name
		if r.OptIn {
			label += " (opt-in)"
		}
		opts = append(opts, form.Option{Value: r.Code, Label: label, Group: r.Partition})
	}
	return opts
}

// validator checks a field's value with the field's own rule, against the
// session's plan with that value in it (some rules read other fields: the
// region and the partition, Account A and Account B).
func (m *Model) validator(f steps.Field) form.Validator { return fieldValidator(m.s, f) }

// fieldValidator is the validator of field f against session s's plan.
func fieldValidator(s *steps.Session, f steps.Field) func(string) error {
	return func(v string) error {
		p := s.Plan()
		if err := setField(f, &p, v); err != nil {
			return err
		}
		_, err := f.Check(&p)
		return err
	}
}

// setField puts a form value into a plan field: empty numbers are zero
// (the default), pasted PEM gets its line breaks back.
func setField(f steps.Field, p *steps.Plan, v string) error {
	v = strings.TrimSpace(v)
	switch f.Kind {
	case steps.KindInt:
		if v == "" {
			v = "0"
		}
		if _, err := strconv.Atoi(v); err != nil {
			return &rules.Error{Field: f.Label, Value: v, Rule: "must be a whole number"}
		}
	case steps.KindBool:
		if v == "" {
			v = "false"
		}
	case steps.KindCert:
		v = steps.UnflattenPEM(v)
	}
	return f.Set(p, v)
}

// formPlan is plan p with the current form's values laid over it, and the
// API key typed, if any.
func (m *Model) formPlan(p steps.Plan) (steps.Plan, string) {
	if m.form == nil {
		return p, ""
	}
	vals := m.form.Values()
	for _, f := range m.formFields(m.step()) {
		if v, ok := vals[f.Key]; ok {
			_ = setField(f, &p, v) // a bad value stays out; its field shows why
		}
	}
	return p, strings.TrimSpace(vals[apiKeyField])
}

// submit puts the form's values into the session's plan and previews the
// step.
func (m *Model) submit(msg form.SubmittedMsg) tea.Cmd {
	st := m.step()
	entry := m.entryPlan.WithDefaults()
	for _, f := range m.formFields(st) {
		if v, ok := msg.Values[f.Key]; ok && strings.TrimSpace(v) != strings.TrimSpace(f.Get(&entry)) {
			m.typed[f.Key] = true
		}
	}
	if m.filledFromCluster(msg.Values) {
		delete(m.typed, accountAKey)
		if m.s.Sources == nil {
			m.s.Sources = map[string]string{}
		}
		m.s.Sources[accountAKey] = "cluster " + strings.TrimSpace(msg.Values[clusterKey])
	}
	m.passed = nil
	m.s.UpdatePlan(func(p *steps.Plan) {
		for _, f := range m.formFields(st) {
			if v, ok := msg.Values[f.Key]; ok {
				_ = setField(f, p, v)
			}
		}
	})
	if k := strings.TrimSpace(msg.Values[apiKeyField]); k != "" {
		m.apiKey, m.keyTyped = k, k
	}
	return m.startPreview()
}

// refreshList shows the plan's steps with where each stands.
func (m *Model) refreshList() {
	list := m.eng.Steps()
	items := make([]steplist.StepItem, len(list))
	for i, st := range list {
		status := steplist.StepPending
		switch {
		case st.ID == m.cur.ID && m.phase == phaseFailed:
			status = steplist.StepFailed
		case st.ID == m.cur.ID && !m.done:
			status = steplist.StepCurrent
		case m.eng.State(st.ID) == steps.StateDone:
			status = steplist.StepDone
		}
		items[i] = steplist.StepItem{Number: i + 1, Title: st.Title, Status: status, Highlighted: m.listFocus && i == m.listCursor}
	}
	m.list.SetItems(items)
}
