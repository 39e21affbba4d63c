package ui

import (
	"context"
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

// authsMsg carries the final checks and the authorizations read after the
// last step.
type authsMsg struct {
	checks []steps.CheckResult
	auths  []steps.Authorization
}

// authMapState is what the done screen knows of the map.
type authMapState struct {
	checks []steps.CheckResult // the final checks, as apply runs them
	auths  []steps.Authorization
	shown  bool
}

// loadAuthorizations runs the final checks once every step is done, as
// apply does (they take what this run proved, Palette's validate
// included, and ask the rest: the bucket's posture, the probe from
// Account A), and reads the authorizations from them.
func (m *Model) loadAuthorizations() tea.Cmd {
	ctx, s := m.ctx, m.s
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, steps.CheckTimeout)
		defer cancel()
		checks := s.FinalChecks(ctx)
		return authsMsg{checks: checks, auths: s.Authorizations(ctx, checks)}
	}
}

// authorization is the authorization of that ID, once read.
func (m *Model) authorization(id string) (steps.Authorization, bool) {
	for _, a := range m.authMap.auths {
		if a.ID == id {
			return a, true
		}
	}
	return steps.Authorization{}, false
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
