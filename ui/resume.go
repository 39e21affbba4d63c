package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/internal/termsafe"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components"
)

// resumable is an unfinished run found in the state directory.
type resumable struct {
	path     string
	location string
	next     steps.StepID // the first step not done
	plan     steps.Plan   // the journal's plan, which decides the steps
	updated  time.Time
}

// findResumable lists the journals in dir that are neither complete nor
// undone, newest first. Sandbox runs see only sandbox journals and real runs
// only real ones. Unreadable files are skipped: they are not ours to judge
// here, and `bslwiz status` reports them.
func findResumable(dir string, sandbox bool) []resumable {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []resumable
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".json") {
			continue
		}
		if strings.HasSuffix(name, ".sandbox.json") != sandbox {
			continue
		}
		j, err := steps.LoadJournal(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		d := j.Snapshot()
		next, more := j.Next()
		if d.Undone != nil || !more || d.Sandbox != sandbox {
			continue
		}
		out = append(out, resumable{path: j.Path(), location: d.Location, next: next.ID, plan: d.Plan, updated: d.UpdatedAt})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].updated.After(out[b].updated) })
	return out
}

// resumeKey handles the resume screen.
func (m *Model) resumeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.km.Up):
		m.resumeCursor = max(0, m.resumeCursor-1)
	case key.Matches(msg, m.km.Down):
		m.resumeCursor = min(len(m.resumables)-1, m.resumeCursor+1)
	case key.Matches(msg, m.fk.Resume):
		return m.resume(m.resumables[m.resumeCursor])
	case key.Matches(msg, m.fk.StartNew):
		m.resumables = nil
		return m.enterStep()
	}
	return nil
}

// nextWords names the run's next step: "step 6 (Account B policy and role)".
func (r resumable) nextWords() string {
	st, _ := steps.Lookup(r.next)
	n, _ := steps.Position(r.plan, r.next)
	return fmt.Sprintf("step %d (%s)", n, st.Title)
}

// resume loads a journal's plan into the session and walks the steps it
// has done again, quietly: their previews read what exists and their
// applies change nothing, so the wizard stops at the first step not done
// (or at a step whose preview finds something to change).
func (m *Model) resume(r resumable) tea.Cmd {
	j, err := steps.LoadJournal(r.path)
	if err != nil {
		m.resumeErr = termsafe.Text(err.Error())
		return nil
	}
	m.eng.Resume(j, resumeOverlay(m.s, m.opts.Sandbox))
	m.journalSources()
	m.askKey = m.s.NeedsAPIKey()
	m.resumables = nil
	return m.enterStep()
}

// resumeLines is the resume screen.
func (m *Model) resumeLines(width, height int) []string {
	th := m.th
	var out []string
	title := "Unfinished runs"
	if m.opts.Sandbox {
		title = "Unfinished sandbox runs"
	}
	out = append(out, th.Title.Render(title))
	intro := "bslwiz keeps a journal of every run in " + m.opts.StateDir +
		". Resuming re-reads what the done steps made (nothing changes without you) and goes on from the first step not done."
	if m.opts.Sandbox {
		// A sandbox's emulators end with the process that ran them: what an
		// earlier process made is gone, and resuming makes it again.
		intro = "bslwiz keeps a journal of every sandbox run in " + m.opts.StateDir +
			". Emulators end with the bslwiz process that ran them: when that process is gone, so is what its run made, " +
			"and resuming keeps the run's answers and makes its role, policy and location again from the first step that finds them missing " +
			"(that step can come before the one named; each change is previewed)."
	}
	for _, l := range components.Wrap(intro, width) {
		out = append(out, th.Muted.Render(l))
	}
	out = append(out, "")
	for i, r := range m.resumables {
		line := fmt.Sprintf("%s %s next: %s %s updated %s", r.location, th.Glyphs.Dash, r.nextWords(),
			th.Glyphs.Sep, r.updated.Local().Format("2006-01-02 15:04"))
		line = components.Fit(components.Sanitize(line), width-2, th.Glyphs.Ellipsis)
		if i == m.resumeCursor {
			out = append(out, th.Info.Render(th.Glyphs.Cursor+" ")+th.Selected.Render(line))
		} else {
			out = append(out, "  "+line)
		}
	}
	out = append(out, "")
	out = append(out, components.Wrap("Press r or enter to resume the highlighted run, n to start a new one.", width)...)
	if m.resumeErr != "" {
		for _, l := range components.Wrap(m.resumeErr, width-2) {
			out = append(out, th.Danger.Render(th.Glyphs.Failed+" "+l))
		}
	}
	return components.ClipLines(out, height, func(n int) string {
		return th.Muted.Render(fmt.Sprintf("%s %d more lines", th.Glyphs.Ellipsis, n))
	})
}
