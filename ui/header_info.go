package ui

import (
	"github.com/bslwiz/bslwiz/ui/components/header"
)

// refreshHeader shows who the user is as the session knows it now: the
// Palette endpoint and project (resolved in step 1), the AWS caller
// (connected in step 5, or by a live check).
func (m *Model) refreshHeader() {
	p := m.s.Plan()
	info := header.Info{PaletteEndpoint: p.PaletteEndpoint, Sandbox: m.opts.Sandbox || m.backends.Sandbox, SandboxKnobs: shortKnobs(m.opts.Environ)}
	if m.backends.Sandbox && m.backends.Palette.Endpoint != "" {
		info.PaletteEndpoint = m.backends.Palette.Endpoint
	}
	if p.Scope != "tenant" {
		info.PaletteProject = p.Project
		if pr := m.s.Project(); pr.Name != "" {
			info.PaletteProject = pr.Name
		}
	} else {
		info.PaletteProject = "(tenant scope)"
	}
	if id, ok := m.s.Identity(); ok {
		info.CallerARN, info.Account, info.Partition = id.ARN, id.Account, id.Partition
	} else if old := m.header.Info(); old.CallerARN != "" {
		// The session drops its Account B client when an input it was made
		// for changes (Account A is typed on step 9) and signs in again on
		// the next call: until then the caller is the one last seen.
		info.CallerARN, info.Account, info.Partition = old.CallerARN, old.Account, old.Partition
	}
	m.header.SetInfo(info)
}
