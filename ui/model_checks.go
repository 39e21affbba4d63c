package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/validation"
)

// debounceDelay is how long the live checks wait after the last keystroke.
const debounceDelay = 300 * time.Millisecond

// checkStatus maps a check's status onto the panel's.
func checkStatus(s steps.Status) validation.CheckStatus {
	switch s {
	case steps.StatusRunning:
		return validation.CheckRunning
	case steps.StatusOK:
		return validation.CheckOK
	case steps.StatusWarn:
		return validation.CheckWarn
	case steps.StatusFail:
		return validation.CheckFail
	case steps.StatusSkipped:
		return validation.CheckSkipped
	}
	return validation.CheckPending
}

// checkItems lists the current step's checks, all with status st.
func (m *Model) checkItems(st validation.CheckStatus) []validation.CheckItem {
	ids := m.step().Checks
	items := make([]validation.CheckItem, len(ids))
	for i, id := range ids {
		items[i] = validation.CheckItem{Name: steps.CheckNameOf(id), Status: st}
	}
	return items
}

// startChecks runs the current step's live checks, concurrently, as one
// command per check; each result comes back tagged with a new generation,
// so results of an older run are dropped.
func (m *Model) startChecks() tea.Cmd {
	m.stopChecks()
	m.gen++
	gen := m.gen
	ids := m.step().Checks
	cmds := []tea.Cmd{m.panel.Reset(gen, m.checkItems(validation.CheckRunning))}
	if len(ids) == 0 {
		return cmds[0]
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.checkCancel = cancel
	sess := m.checkSession()
	for _, id := range ids {
		cmds = append(cmds, runCheck(ctx, sess, id, gen))
	}
	return tea.Batch(cmds...)
}

func runCheck(ctx context.Context, s *steps.Session, id steps.CheckID, gen uint64) tea.Cmd {
	return func() tea.Msg {
		if ctx.Err() != nil {
			return nil
		}
		rs := s.RunChecks(ctx, []steps.CheckID{id}, nil)
		if len(rs) == 0 {
			return nil // cancelled
		}
		r := rs[0]
		return validation.ResultMsg{Generation: gen, Item: validation.CheckItem{
			Name: r.Name, Reason: r.Reason, Status: checkStatus(r.Status)}}
	}
}

// checkSession is the session the live checks read. On step 1 the inputs
// that make the Palette client (endpoint, project, key) are still being
// typed, so the checks run on a throw-away session made from the form: the
// wizard's own session is not touched until the step is submitted.
func (m *Model) checkSession() *steps.Session {
	if !m.step().Screen.DraftChecks {
		// While the form is edited, the checks see what is typed. Once it is
		// submitted the plan is the step's (its preview may have filled in
		// more, such as a detected region), and stays as it is.
		if m.form != nil && m.phase == phaseForm {
			p, _ := m.formPlan(m.s.RawPlan())
			m.s.SetPlan(p)
		}
		return m.s
	}
	p, key := m.formPlan(m.s.RawPlan())
	b := m.backends
	if key == "" {
		key = m.apiKey
	}
	if key != "" {
		b.Palette.APIKey = key
	}
	return steps.NewSession(p, b, nil)
}

// stopChecks cancels the checks in flight. Their results would be stale, so
// the panel moves to a new generation with the checks waiting.
func (m *Model) stopChecks() {
	if m.checkCancel == nil {
		return
	}
	m.checkCancel()
	m.checkCancel = nil
	if m.panel.Running() {
		m.pendingChecks()
	}
}

// pendingChecks shows the current step's checks as waiting (they run once
// the step's preview is in).
func (m *Model) pendingChecks() {
	m.gen++
	m.panel.Reset(m.gen, m.checkItems(validation.CheckPending))
}
