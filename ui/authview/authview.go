// Package authview maps the engine's authorizations onto the authorization
// map's view model, for the wizard's done screen and for `bslwiz status`
// (which cannot import ui). It imports the engine and the component, never
// ui itself.
package authview

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/authmap"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// MapOf is the diagram's view of a plan and its authorizations.
func MapOf(p steps.Plan, roleARN string, auths []steps.Authorization) authmap.Map {
	m := authmap.Map{AccountA: p.AccountA, Cluster: p.Cluster, AccountB: p.AccountB, Role: p.RoleName, Bucket: p.Bucket}
	if i := strings.LastIndex(roleARN, "/"); i >= 0 {
		m.Role = roleARN[i+1:]
	}
	if _, role, ok := steps.AccountAPrincipal(p); ok {
		m.Principal = role
		if parts := strings.Split(p.AccountA, ":"); len(parts) > 4 {
			m.AccountA = parts[4]
		}
	}
	for _, a := range auths {
		arrow := authmap.Arrow{Name: a.Name, Reason: a.Reason, Status: authmap.Unknown}
		switch a.Status {
		case steps.AuthOK:
			arrow.Status = authmap.OK
		case steps.AuthFailed:
			arrow.Status = authmap.Failed
		}
		switch a.ID {
		case steps.AuthPaletteCluster:
			m.Cloud = arrow
		case steps.AuthPaletteBucket:
			m.STS = arrow
		case steps.AuthClusterBucket:
			m.Assume = arrow
		default:
			a := arrow
			m.Probe = &a
		}
	}
	return m
}

// RenderPlain is the map as `bslwiz status` prints it: plain
// text (+ - |) in width columns, nothing shortened (authmap.RenderWhole).
func RenderPlain(p steps.Plan, roleARN string, auths []steps.Authorization, width int) string {
	return ansi.Strip(authmap.RenderWhole(theme.New(true, true), MapOf(p, roleARN, auths), width))
}
