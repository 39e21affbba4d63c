// Package header renders who you are and where changes will land: the
// Palette endpoint and project, the AWS caller (ARN, account, partition), and
// a SANDBOX badge when the wizard runs against its emulators.
package header

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Info is what the header shows. Empty fields render as "not connected".
type Info struct {
	PaletteEndpoint string // e.g. https://api.spectrocloud.com
	PaletteProject  string // e.g. Default
	CallerARN       string // e.g. arn:aws:iam::111122223333:user/alice
	Account         string // e.g. 111122223333
	Partition       string // e.g. aws
	Sandbox         bool
	// SandboxKnobs names the sandbox's active fault and slow-down knobs
	// ("faults, latency 300ms"), shown in the badge; "" for none.
	SandboxKnobs string
}

// SandboxText is the badge shown in sandbox mode.
const SandboxText = "SANDBOX — nothing leaves this machine"

// Model is the header component.
type Model struct {
	th    *theme.Theme
	info  Info
	width int
}

var _ components.Component = (*Model)(nil)

// New returns a header drawn with th.
func New(th *theme.Theme) *Model { return &Model{th: th, width: 80} }

// SetInfo replaces what the header shows.
func (m *Model) SetInfo(info Info) {
	for _, f := range []*string{&info.PaletteEndpoint, &info.PaletteProject, &info.CallerARN, &info.Account, &info.Partition} {
		*f = components.Sanitize(*f)
	}
	m.info = info
}

// Info returns what the header shows.
func (m *Model) Info() Info { return m.info }

// SetSize sets the width. The header takes the lines it needs whatever the
// height: two, plus one when the sandbox badge needs its own line, plus one
// when a long caller ARN pushes the account and partition down (see Height).
func (m *Model) SetSize(width, _ int) { m.width = width }

// Update does nothing: the header has no keys and no timers.
func (m *Model) Update(tea.Msg) tea.Cmd { return nil }

// ShortHelp implements help.KeyMap; the header has no keys.
func (m *Model) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap; the header has no keys.
func (m *Model) FullHelp() [][]key.Binding { return nil }

// Height is the number of lines View renders at the current width.
func (m *Model) Height() int { return len(m.lines()) }

// View renders the header.
func (m *Model) View() string { return strings.Join(m.lines(), "\n") }

func (m *Model) lines() []string {
	th, g := m.th, m.th.Glyphs
	sep := th.Muted.Render(" " + g.Sep + " ")
	notSet := th.Muted.Render("not connected")

	palette := th.Title.Render("Palette") + " "
	if m.info.PaletteEndpoint == "" {
		palette += notSet
	} else {
		palette += th.Emphasis.Render(m.info.PaletteEndpoint)
		if m.info.PaletteProject != "" {
			palette += sep + th.Muted.Render("project ") + th.Emphasis.Render(m.info.PaletteProject)
		}
	}

	const awsLabel = "AWS     "
	awsLines := []string{th.Title.Render("AWS") + "     " + notSet}
	if m.info.CallerARN != "" || m.info.Account != "" {
		var where []string
		if m.info.Account != "" {
			where = append(where, th.Muted.Render("account ")+th.Emphasis.Render(m.info.Account))
		}
		if m.info.Partition != "" {
			where = append(where, th.Muted.Render("partition ")+th.Emphasis.Render(m.info.Partition))
		}
		head := th.Title.Render("AWS") + "     "
		arn := th.Emphasis.Render(m.info.CallerARN)
		switch {
		case m.info.CallerARN == "":
			awsLines = []string{head + strings.Join(where, sep)}
		case len(where) == 0:
			awsLines = []string{head + arn}
		default:
			one := head + arn + sep + strings.Join(where, sep)
			awsLines = []string{one}
			// A long ARN (assumed roles, GovCloud) pushes the account and
			// partition onto a line of their own rather than out of sight.
			if lipgloss.Width(one) > m.width {
				awsLines = []string{head + arn, strings.Repeat(" ", len(awsLabel)) + strings.Join(where, sep)}
			}
		}
	}

	lines := append([]string{palette}, awsLines...)
	if m.info.Sandbox {
		text := SandboxText
		if m.info.SandboxKnobs != "" {
			text = strings.Replace(SandboxText, "SANDBOX", "SANDBOX ("+m.info.SandboxKnobs+")", 1)
		}
		badge := th.Badge.Render(strings.ReplaceAll(text, "—", g.Dash))
		// The badge joins the Palette line when both fit, else gets its own.
		if gap := m.width - lipgloss.Width(palette) - lipgloss.Width(badge); gap >= 2 {
			lines[0] = palette + strings.Repeat(" ", gap) + badge
		} else {
			lines = append([]string{badge}, lines...)
		}
	}
	for i, l := range lines {
		lines[i] = components.Fit(l, m.width, g.Ellipsis)
	}
	return lines
}
