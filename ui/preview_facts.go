package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/clipboard"
	"github.com/bslwiz/bslwiz/ui/components"
)

// factsKey shows or hides a change's facts (the given inputs, what the step
// found, its warnings, what Account A needs) where a trust diff folds them
// to one line to keep its room (80x24).
var factsKey = key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "facts"))

// copyCmdKey copies the command a change's facts give to paste (the grant
// Account A needs), whole, when the change's preview has one.
var copyCmdKey = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy command"))

// foldsFacts reports whether a change shown as a diff folds its facts to a
// one-line summary: when they would leave the diff less than minDiffH lines
// even with the calls on one line each and who can assume in a sentence.
func (m *Model) foldsFacts(contentH, width int) bool {
	if !m.showDiff || m.pv == nil {
		return false
	}
	facts := len(m.factBlock(m.pv, width))
	if facts == 0 {
		return false
	}
	trust := 0
	if m.pv.TrustEvaluation != nil {
		trust = len(m.trustSummary(width)) + 1
	}
	return contentH-(facts+1)-len(m.compactConfirmLines(width))-1-trust < minDiffH
}

// foldedFactsLine is the facts in one line: how many, and the key that
// shows them (the footer lists c when a command among them can be copied).
func (m *Model) foldedFactsLine(width int) string {
	th := m.th
	pv := m.pv
	var parts []string
	if n := len(pv.Facts); n > 0 {
		parts = append(parts, count(n, "fact"))
	}
	if n := len(pv.Warnings); n > 0 {
		parts = append(parts, count(n, "warning"))
	}
	what := strings.Join(parts, ", ")
	if i := strings.LastIndex(what, ", "); i >= 0 {
		what = what[:i] + " and " + what[i+2:]
	}
	them := "them"
	if len(parts) == 1 && strings.HasPrefix(what, "1 ") {
		them = "it"
	}
	text := th.Glyphs.Cursor + " " + what + " folded for the diff: i shows " + them
	style := th.Muted.Render
	if len(pv.Warnings) > 0 {
		style = th.Warning.Render
	}
	return style(components.Fit(text, width, th.Glyphs.Ellipsis))
}

// foldedInputLines are the given inputs above folded facts: their first
// line (ending in an ellipsis when there is more; e shows and edits them
// all, as the footer says), so the flags they came from stay in sight.
func (m *Model) foldedInputLines(width int) []string {
	in := m.inputLines(width)
	if len(in) < 2 {
		return nil
	}
	items := in[1:] // without "Given, so not asked: e edits them."
	if len(items) == 1 {
		return items
	}
	th := m.th
	return []string{components.Fit(items[0]+" "+th.Glyphs.Ellipsis, width, th.Glyphs.Ellipsis)}
}

// count is n and the noun, in the plural unless n is 1.
func count(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s"))
}

// openFacts are the lines i shows: under a diff, the facts and warnings
// (the given inputs stay above, unless the frame is tight); in the calls'
// place, all of the block.
func (m *Model) openFacts(f frame) []string {
	if f.factsCut || f.tight {
		return m.factBlock(m.pv, f.mainW)
	}
	return factLines(m.th, m.pv, f.mainW)
}

// factsFoldable reports whether i shows facts the frame folds or cuts.
func factsFoldable(f frame) bool { return f.factsFold || f.factsCut }

// openFactsLines are the facts shown in the diff's or the calls' place (i),
// from the scroll offset, height lines at most, the last one saying what
// is below and how to go back.
func (m *Model) openFactsLines(f frame, height int) []string {
	th := m.th
	back := "the diff"
	if f.factsCut {
		back = "the calls"
	}
	all := m.openFacts(f)
	off := min(m.factsOff, max(0, len(all)-height+1))
	shown := all[off:]
	if len(shown) > height-1 && height > 1 {
		shown = append(append([]string(nil), shown[:height-1]...),
			th.Muted.Render(components.Fit(fmt.Sprintf("%s %d more lines: %s scrolls, i shows %s", th.Glyphs.Ellipsis, len(shown)-height+1, th.Glyphs.UpDown, back), f.mainW, th.Glyphs.Ellipsis)))
	} else if height > 1 {
		shown = append(pad(shown, height-1), th.Muted.Render("i shows "+back+" again"))
	}
	return pad(shown, height)
}

// scrollFacts moves the open facts by a key of the scroll set.
func (m *Model) scrollFacts(msg tea.KeyPressMsg) {
	f := m.computeFrame()
	n := len(m.openFacts(f))
	switch {
	case key.Matches(msg, m.km.Up):
		m.factsOff--
	case key.Matches(msg, m.km.Down):
		m.factsOff++
	case key.Matches(msg, m.km.PageUp):
		m.factsOff -= 5
	case key.Matches(msg, m.km.PageDown):
		m.factsOff += 5
	case key.Matches(msg, m.km.Home):
		m.factsOff = 0
	case key.Matches(msg, m.km.End):
		m.factsOff = n
	}
	m.factsOff = max(0, min(m.factsOff, n-1))
}

// pasteCommandOf is the command a preview's facts give to paste (the
// Account A grant), whole; "" when there is none.
func pasteCommandOf(pv *steps.Preview) string {
	if pv == nil {
		return ""
	}
	for _, f := range pv.Facts {
		if _, cmd, ok := components.SplitCommand(f); ok {
			return cmd
		}
	}
	return ""
}

// copyCommand copies the preview's command to paste, as c copies the role
// ARN: natively when a tool is there, else by OSC 52.
func (m *Model) copyCommand() tea.Cmd { return m.copyText(pasteCommandOf(m.pv)) }

// copyText copies text whole, as c copies the role ARN.
func (m *Model) copyText(text string) tea.Cmd {
	if text == "" {
		return nil
	}
	env := clipboard.FromEnviron(m.opts.Environ)
	m.notice = "Copying" + m.th.Glyphs.Ellipsis
	return func() tea.Msg { return copiedMsg{res: env.Copy(text)} }
}
