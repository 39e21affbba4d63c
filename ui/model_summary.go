package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components"
)

// A step whose inputs are all given (flags, environment, plan file, the
// sandbox's seed, a journal, what an earlier step found, or a default that
// passes its rule) is not asked again: it goes straight to its preview,
// which shows the inputs with where each came from, and enter accepts it
// (a change still waits for its confirmation). e opens its form.
//
// A read-only step with no inputs that only records itself (the guide's
// steps 2, 7, 8, 10 and 11: what Palette has, the role's review, its
// trust, its ARN, the ARN filled in) costs no key at all unless it warns:
// what it found is kept, shown on the next screen that waits for the user,
// in the step list's detail view and on the done screen.

// summarizes reports whether the step on screen skips its form: it has
// one, every field passes its rule, and the user has not asked to edit it.
func (m *Model) summarizes() bool {
	return m.form != nil && m.form.Valid() && !m.editing[m.step().ID]
}

// passesThrough reports whether a read-only preview needs no key: the step
// asks nothing, changes nothing, does nothing on continuing but record
// itself, and has no warning to read.
func (m *Model) passesThrough(pv *steps.Preview) bool {
	return m.form == nil && reportsOnly(m.step()) && !pv.Mutates && len(pv.Warnings) == 0
}

// foundStep is what a step found, kept for the screens after it.
type foundStep struct {
	id       steps.StepID
	number   int
	title    string
	facts    []string
	artifact *steps.Artifact
}

// keep records what a preview found, for the step list's detail view, the
// screens after it and the done screen.
func (m *Model) keep(pv *steps.Preview, passed bool) {
	if m.found == nil {
		m.found = map[steps.StepID]foundStep{}
	}
	fs := foundStep{id: pv.ID, number: pv.Number, title: pv.Title, facts: append([]string(nil), pv.Facts...), artifact: pv.Artifact}
	for _, w := range pv.Warnings {
		fs.facts = append(fs.facts, "warning: "+w)
	}
	m.found[pv.ID] = fs
	if pv.Artifact != nil {
		m.lastArtifact = pv.Artifact
	}
	if passed {
		m.passed = append(m.passed, pv.ID)
	}
}

// passedLines are the steps that went by without a key since the user last
// pressed one, one line each with what they found (an ARN on a line of its
// own, whole when it fits, else shortened in the middle; c copies it).
// While a diff is on screen they give it the room: the step list and the
// done screen keep them.
func (m *Model) passedLines(width int) []string {
	if m.showDiff {
		return nil
	}
	th := m.th
	var out []string
	for _, id := range m.passed {
		fs, ok := m.found[id]
		if !ok {
			continue
		}
		out = append(out, th.Muted.Render(fitWords(fs.headline(th.Glyphs.Done, width), width, th.Glyphs.Ellipsis)))
		if a := fs.artifact; a != nil {
			out = append(out, "  "+th.Emphasis.Render(components.FitMiddle(a.Value, width-2, th.Glyphs.Ellipsis)))
		}
	}
	return out
}

// headline is the step's number, title and the first finding that fits
// width whole (else the first, cut between words); for a step that hands
// over a value, what that value is (it follows on its own line).
func (fs foundStep) headline(glyph string, width int) string {
	head := fmt.Sprintf("%s step %d %s", glyph, fs.number, fs.title)
	switch {
	case fs.artifact != nil:
		return head + " (c copies the " + lowerFirst(fs.artifact.Label) + "):"
	case len(fs.facts) > 0:
		for _, f := range fs.facts {
			if lipgloss.Width(head+": "+f) <= width {
				return head + ": " + f
			}
		}
		return head + ": " + fs.facts[0]
	}
	return head
}

// fitWords cuts text to width at a space, never inside a word (an ARN, a
// key, a JSON value), ending it with ellipsis when something was cut.
func fitWords(text string, width int, ellipsis string) string {
	if lipgloss.Width(text) <= width {
		return text
	}
	words := strings.Fields(text)
	out := ""
	for _, w := range words {
		next := w
		if out != "" {
			next = out + " " + w
		}
		if lipgloss.Width(next)+1+lipgloss.Width(ellipsis) > width {
			break
		}
		out = next
	}
	if out == "" {
		return components.Fit(text, width, ellipsis)
	}
	return out + " " + ellipsis
}

// inputItem is one input of a summarised step: its label, its value as
// shown, and where the value came from.
type inputItem struct{ label, value, source string }

// inputItems are the inputs of the step on screen with their sources.
func (m *Model) inputItems() []inputItem {
	raw := m.s.RawPlan()
	given := raw.WithDefaults()
	eff := m.s.Plan()
	var out []inputItem
	for _, f := range stepFields(m.step()) {
		v, src := f.Get(&given), m.sourceOf(f.Key)
		if strings.TrimSpace(f.Get(&raw)) == "" {
			if e := f.Get(&eff); e != "" && e != v {
				v, src = e, "found"
			}
		}
		shown := shownValue(f, v)
		if f.Key == "kmsKeyArn" && strings.TrimSpace(v) == "" && eff.BucketKMSKey() != "" {
			// No key given, yet the policy grants the bucket's own key:
			// "none" would read as no KMS statement at all.
			shown = "none given; the bucket's own key is granted"
		}
		out = append(out, inputItem{label: f.Label, value: shown, source: src})
	}
	return out
}

// sourceOf names where field key's value came from.
func (m *Model) sourceOf(key string) string {
	if m.typed[key] {
		return "entered"
	}
	if src := m.s.Sources[key]; src != "" {
		return src
	}
	return "default"
}

// shownValue is a field's value as a summary shows it.
func shownValue(f steps.Field, v string) string {
	v = strings.TrimSpace(v)
	switch {
	case f.Kind == steps.KindBool && v == "true":
		return "yes"
	case f.Kind == steps.KindBool:
		return "no"
	case f.Kind == steps.KindRegion && v == "":
		return "detect from the bucket"
	case f.Kind == steps.KindInt && (v == "" || v == "0"):
		return "default"
	case f.Kind == steps.KindCert && strings.Contains(v, "BEGIN"):
		return "pasted PEM"
	case v == "":
		return "none"
	}
	return v
}

// inputLines is the summary of the step's given inputs, grouped by where
// they came from ("--bucket: S3 bucket acme-velero-backups · default:
// Region us-east-2, …"), wrapped between items, never inside one; an item
// wider than a line has its value shortened in the middle (e shows it
// whole). The first line says they were given and which key edits them,
// so that it heads the values rather than labels the findings under them.
func (m *Model) inputLines(width int) []string {
	if m.form == nil || !m.summarized {
		return nil
	}
	th := m.th
	given := th.Muted.Render(components.Fit("Given, so not asked: e edits them.", width, th.Glyphs.Ellipsis))
	var order []string
	groups := map[string][]inputItem{}
	for _, it := range m.inputItems() {
		if _, ok := groups[it.source]; !ok {
			order = append(order, it.source)
		}
		groups[it.source] = append(groups[it.source], it)
	}
	out := []string{given}
	line, lineW := "", 0
	put := func(plain, styled string) {
		w := lipgloss.Width(plain)
		if lineW > 0 && lineW+1+w > width {
			out = append(out, line)
			line, lineW = "", 0
		}
		if lineW > 0 {
			line += " "
			lineW++
		}
		line += styled
		lineW += w
	}
	for g, src := range order {
		items := groups[src]
		for i, it := range items {
			lead, tail := "", ","
			if i == 0 {
				lead = src + ": "
				if g > 0 {
					lead = th.Glyphs.Sep + " " + lead
				}
			}
			if i == len(items)-1 {
				tail = ""
			}
			value := it.value
			if w := lipgloss.Width(lead + it.label + " " + value + tail); w > width {
				value = components.FitMiddle(value, max(4, width-(w-lipgloss.Width(value))), th.Glyphs.Ellipsis)
			}
			put(lead+it.label+" "+value+tail,
				th.Muted.Render(lead)+th.Text.Render(it.label+" ")+th.Emphasis.Render(value)+th.Muted.Render(tail))
		}
	}
	if lineW > 0 {
		out = append(out, line)
	}
	return out
}

// plural is one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// accept moves on past the preview on screen at the user's word: what went
// by before it has been seen.
func (m *Model) accept() tea.Cmd {
	m.passed = nil
	return m.startApply()
}

// edit opens the form of a step shown as a summary; nothing was changed.
func (m *Model) edit() tea.Cmd {
	m.editing[m.step().ID] = true
	m.summarized = false
	return m.backOut("")
}

// factBlock is what a change's preview shows above its calls: the given
// inputs, then the facts and warnings.
func (m *Model) factBlock(pv *steps.Preview, width int) []string {
	return append(m.inputLines(width), factLines(m.th, pv, width)...)
}

// reportsOnly reports whether st is a step that goes by without a key when
// its preview has no warning: it asks nothing, changes nothing and only
// records itself on continuing.
func reportsOnly(st steps.Step) bool {
	return len(st.Fields) == 0 && !st.Mutates && st.Screen.Applying == ""
}

// lowerFirst is s with its first letter in lower case ("Role ARN" reads
// "role ARN" inside a sentence).
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// keepResult keeps what an apply the user asked for did (a change made,
// Palette's validate passed), so that it does not flash by: the next
// screen shows it until the next key, and the step's detail view after.
func (m *Model) keepResult() {
	st, pv := m.step(), m.pv
	if m.quiet() || pv == nil || !(st.Mutates && !pv.NoChange || st.Screen.Applied != "") {
		return
	}
	_, finish := applyText(st, pv)
	fs, ok := m.found[st.ID]
	if !ok {
		return
	}
	fs.facts = append([]string{finish}, fs.facts...)
	fs.artifact = nil // shown by the step that hands it over
	m.found[st.ID] = fs
	m.passed = append(m.passed, st.ID)
}

// resumeStopped says why a resume stops on a step it was re-reading: the
// step finds something to change again, so the journal's "next step" is
// not where the run goes on.
func resumeStopped(pv *steps.Preview, sandbox bool) string {
	why := "what the earlier run made is gone or was changed since"
	if sandbox {
		why = "a sandbox's emulators forget what they held when they stop, so what the earlier run made is gone"
	}
	return fmt.Sprintf("Resuming stopped at step %d: it finds something to change again (%s). Confirm it to go on.", pv.Number, why)
}

// journalSources marks the plan a resume took from the journal: every
// value it holds came from there (the sandbox's endpoint excepted, which
// this process's emulators give).
func (m *Model) journalSources() {
	p := m.s.RawPlan()
	for _, f := range steps.Fields() {
		if strings.TrimSpace(f.Get(&p)) == "" || (m.opts.Sandbox && f.Key == "paletteEndpoint") || givenSource(m.s.Sources[f.Key]) {
			continue
		}
		m.s.Sources[f.Key] = "journal"
	}
}
