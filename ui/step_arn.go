package ui

import (
	"fmt"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/clipboard"
	"github.com/bslwiz/bslwiz/ui/components"
)

// Step 10 shows the role ARN, always, and offers to copy it (c) and to
// write it to a file (w). bslwiz carries the ARN to step 11 itself; these
// are for the user's own records and for the guide's console steps.

// copiedMsg is the outcome of a copy.
type copiedMsg struct{ res clipboard.Result }

// wroteMsg is the outcome of writing the ARN to a file.
type wroteMsg struct {
	path string
	err  error
}

// artifact is what the preview on screen hands over to copy (the role ARN).
func (m *Model) artifact() *steps.Artifact {
	if m.pv != nil && m.pv.Artifact != nil {
		return m.pv.Artifact
	}
	// A step that handed a value over and went by without a key (step
	// 10's ARN) leaves it to copy on the screens after it.
	return m.lastArtifact
}

// roleARN is the value the preview hands over.
func (m *Model) roleARN() string {
	if a := m.artifact(); a != nil {
		return a.Value
	}
	return ""
}

// copyARN copies the ARN off the UI loop (a clipboard tool is a process).
func (m *Model) copyARN() tea.Cmd {
	arn := m.roleARN()
	if arn == "" {
		return nil
	}
	env := clipboard.FromEnviron(m.opts.Environ)
	m.notice = "Copying" + m.th.Glyphs.Ellipsis
	return func() tea.Msg { return copiedMsg{res: env.Copy(arn)} }
}

// copied says what the copy did, honestly, and sends the OSC 52 sequence
// to the terminal in order with the frames.
func (m *Model) copied(msg copiedMsg) tea.Cmd {
	m.notice = msg.res.Message
	if msg.res.Method == clipboard.OSC52 && msg.res.Sequence != "" {
		return tea.Raw(msg.res.Sequence)
	}
	return nil
}

// arnFileName is where w writes the value: the artifact's file in the
// working directory.
func (m *Model) arnFileName() string {
	if a := m.artifact(); a != nil {
		return artifactPath(m.opts, a)
	}
	return ""
}

// artifactPath is where an artifact is written: its file in the working
// directory.
func artifactPath(o Options, a *steps.Artifact) string { return filepath.Join(o.WorkDir, a.File) }

// writeARN writes the ARN to a file with mode 0600, off the UI loop.
func (m *Model) writeARN() tea.Cmd {
	arn, path := m.roleARN(), m.arnFileName()
	if arn == "" {
		return nil
	}
	return func() tea.Msg { return wroteMsg{path: path, err: clipboard.WriteFile(path, arn)} }
}

func (m *Model) wrote(msg wroteMsg) {
	if msg.err != nil {
		m.notice = fmt.Sprintf("Could not write the ARN: %v", msg.err)
		return
	}
	m.notice = fmt.Sprintf("Wrote the role ARN to %s (mode 0600).", msg.path)
}

// arnBlock is the ARN on screen, whole, wrapped if it must be, never cut.
func (m *Model) arnBlock(width int) []string {
	th := m.th
	a := m.artifact()
	if a == nil {
		return nil
	}
	out := []string{th.Title.Render(a.Label)}
	for _, l := range components.Wrap(a.Value, width-2) {
		out = append(out, "  "+th.Emphasis.Render(l))
	}
	out = append(out, "")
	for _, l := range components.Wrap(a.Note+" For your records, c copies it and w writes it to "+
		a.File+". Press enter to continue.", width) {
		out = append(out, th.Muted.Render(l))
	}
	return append(out, "")
}

// arnBlockHeight is how many lines arnBlock takes at width.
func (m *Model) arnBlockHeight(width int) int { return len(m.arnBlock(width)) }
