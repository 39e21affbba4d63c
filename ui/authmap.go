package ui

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/authview"
	"github.com/bslwiz/bslwiz/ui/components/authmap"
)

// The authorization map: the guide's diagram, live, on the done screen
// (key a) and in `bslwiz status`.

// authMapKey shows and hides the map on the done screen.
var authMapKey = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "authorization map"))

// authsMsg carries the authorizations read after the last step.
type authsMsg struct{ auths []steps.Authorization }

// authMapState is what the done screen knows of the map.
type authMapState struct {
	auths []steps.Authorization
	shown bool
}

// loadAuthorizations reads the authorizations once every step is done:
// validate passed in this run, so (2) is what it said; (1) and (3) are
// read (Palette's cloud accounts, the trust, Account A's simulation).
func (m *Model) loadAuthorizations() tea.Cmd {
	ctx, s := m.ctx, m.s
	n, _ := steps.Position(s.RawPlan(), steps.StepValidate)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, steps.CheckTimeout)
		defer cancel()
		validated := steps.CheckResult{ID: steps.CheckValidate, Status: steps.StatusOK,
			Reason: "Palette's validate passed in this run (step " + strconv.Itoa(n) + ")"}
		return authsMsg{auths: s.Authorizations(ctx, []steps.CheckResult{validated})}
	}
}

// authMapLines is the map in width columns and height rows, or a line
// saying it is being read.
func (m *Model) authMapLines(width, height int) []string {
	if m.authMap.auths == nil {
		return []string{m.th.Muted.Render("Reading the authorizations" + m.th.Glyphs.Ellipsis)}
	}
	view := authmap.Render(m.th, authview.MapOf(m.s.Plan(), m.s.RoleARN(), m.authMap.auths), width, height)
	return strings.Split(view, "\n")
}

// mapCommand is the command to paste the shown map gives (the grant
// Account A needs), whole; "" when the map is hidden or has none. c copies
// it while the map is shown (the role ARN otherwise).
func (m *Model) mapCommand() string {
	if !m.authMap.shown || m.authMap.auths == nil {
		return ""
	}
	return authview.MapOf(m.s.Plan(), m.s.RoleARN(), m.authMap.auths).Command()
}

// doneKey handles the map's key on the done screen.
func (m *Model) doneKey(msg tea.KeyPressMsg) bool {
	if key.Matches(msg, authMapKey) {
		m.authMap.shown = !m.authMap.shown
		return true
	}
	return false
}
