// Package authmap draws the guide's diagram live: Palette SaaS administers
// the cluster in Account A (a cloud account), Palette SaaS uses the bucket
// through Account B's role (STS, external ID), and Account A's principal
// assumes Account B's role (the trust in B and the grant in A), each arrow
// with its check's status and reason. It knows nothing of the engine: it
// renders the small Map the root model gives it.
package authmap

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/bslwiz/bslwiz/ui/components"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// Status is where an authorization stands.
type Status int

// The statuses.
const (
	Unknown Status = iota
	OK
	Failed
)

// Arrow is one authorization of the diagram.
type Arrow struct {
	Name   string // "(1) Palette administers the cluster in Account A (cloud account)"
	Status Status
	Reason string
}

// Map is what the diagram shows: the three parties and the arrows between
// them, in the guide's order (1) cloud account, (2) STS, (3) trust and
// grant, and an optional probe.
type Map struct {
	AccountA, Cluster  string // "444455556666", "demo-cluster"
	Principal          string // the role in Account A that assumes B's role, if known
	AccountB, Role     string
	Bucket             string
	Cloud, STS, Assume Arrow
	// Probe is the data-plane probe, when it ran or was considered.
	Probe *Arrow
}

// glyphs draw the boxes and arrows: box-drawing characters, or `+ - |`
// under NO_COLOR and on ASCII terminals.
type glyphs struct {
	h, v, tl, tr, bl, br, right, down, left, up rune
}

var (
	plainGlyphs   = glyphs{'-', '|', '+', '+', '+', '+', '>', 'v', '<', '^'}
	unicodeGlyphs = glyphs{'─', '│', '┌', '┐', '└', '┘', '▶', '▼', '◀', '▲'}
)

// canvas is a grid of runes the diagram is drawn on.
type canvas [][]rune

func newCanvas(w, h int) canvas {
	c := make(canvas, h)
	for i := range c {
		c[i] = []rune(strings.Repeat(" ", w))
	}
	return c
}

func (c canvas) put(x, y int, r rune) {
	if y >= 0 && y < len(c) && x >= 0 && x < len(c[y]) {
		c[y][x] = r
	}
}

func (c canvas) text(x, y int, s string) {
	for i, r := range []rune(s) {
		c.put(x+i, y, r)
	}
}

func (c canvas) box(g glyphs, x, y, w int, lines []string) {
	h := len(lines) + 2
	for i := 1; i < w-1; i++ {
		c.put(x+i, y, g.h)
		c.put(x+i, y+h-1, g.h)
	}
	for j := 1; j < h-1; j++ {
		c.put(x, y+j, g.v)
		c.put(x+w-1, y+j, g.v)
	}
	c.put(x, y, g.tl)
	c.put(x+w-1, y, g.tr)
	c.put(x, y+h-1, g.bl)
	c.put(x+w-1, y+h-1, g.br)
	for j, l := range lines {
		c.text(x+2, y+1+j, fit(l, w-4))
	}
}

func (c canvas) String() string {
	lines := make([]string, len(c))
	for i, l := range c {
		lines[i] = strings.TrimRight(string(l), " ")
	}
	return strings.Join(lines, "\n")
}

// fit cuts s to n columns with "..." (the canvas is one rune a column).
func fit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 3 {
		return string(r[:max(n, 0)])
	}
	return string(r[:n-3]) + "..."
}

// Width is the narrowest the diagram is drawn in.
const Width = 60

// Render draws the map in width columns and at most height rows (0: no
// limit): the diagram, then each arrow's status and reason, the reasons cut
// to the rows left. It is pure.
//
// A command to paste in a reason (components.SplitCommand: the grant
// Account A needs) is never shortened: it is wrapped whole under the reason
// (components.WrapPaste) when the rows allow, else one line says it is left
// out and how to copy it (copyNote).
func Render(th *theme.Theme, m Map, width, height int) string {
	return render(th, m, width, height, false)
}

// RenderWhole is the map for text output (`bslwiz status`): nothing is
// shortened or left out. Names and reasons wrap at spaces (a word wider than
// a line keeps a line of its own), and a command to paste stands whole on
// a line of its own, for the terminal to fold and a copy to keep.
func RenderWhole(th *theme.Theme, m Map, width int) string {
	return render(th, m, width, 0, true)
}

// CopyNote is what the map says in place of a command that does not fit
// its rows (the wizard's key copies it).
const CopyNote = "the command to grant it does not fit here: c copies it whole"

// Command is the command to paste among the map's reasons, whole ("" when
// there is none).
func (m Map) Command() string {
	for _, a := range []Arrow{m.Cloud, m.STS, m.Assume} {
		if _, cmd, ok := components.SplitCommand(a.Reason); ok {
			return cmd
		}
	}
	if m.Probe != nil {
		if _, cmd, ok := components.SplitCommand(m.Probe.Reason); ok {
			return cmd
		}
	}
	return ""
}

func render(th *theme.Theme, m Map, width, height int, whole bool) string {
	width = max(width, Width)
	g := unicodeGlyphs
	if th.NoColor || th.ASCII {
		g = plainGlyphs
	}
	diagram := drawDiagram(g, m, min(width, 100))
	arrows := []Arrow{m.Cloud, m.STS, m.Assume}
	if m.Probe != nil {
		arrows = append(arrows, *m.Probe)
	}
	// Rows for the reasons: what the diagram and the names leave.
	dh := strings.Count(diagram, "\n") + 1
	perReason := 100 // no limit: every reason whole
	if height > 0 {
		left := height - dh - 1 - len(arrows)
		perReason = max(0, min(3, left/len(arrows))) // 0: the statuses alone, the diagram whole
	}
	var b strings.Builder
	b.WriteString(colourLabels(th, diagram, m))
	b.WriteString("\n")
	rows := dh + 1
	for i, a := range arrows {
		b.WriteString("\n")
		lead, cmd, hasCmd := components.SplitCommand(a.Reason)
		if whole {
			status := statusWord(th, a.Status) + " "
			for i, l := range wrapWords(a.Name, width-ansi.StringWidth(status)) {
				if i > 0 {
					b.WriteString("\n" + strings.Repeat(" ", ansi.StringWidth(status)))
				} else {
					b.WriteString(status)
				}
				b.WriteString(th.Text.Render(l))
			}
			for _, l := range wrapWords(lead, width-4) {
				b.WriteString("\n    " + th.Muted.Render(l))
			}
			if hasCmd {
				b.WriteString("\n      " + th.Muted.Render(cmd))
			}
			continue
		}
		b.WriteString(statusWord(th, a.Status) + " " + th.Text.Render(fit(a.Name, width-10)))
		rows++
		reason := wrap(lead, width-4, perReason)
		for _, l := range reason {
			b.WriteString("\n    " + th.Muted.Render(l))
		}
		rows += len(reason)
		if !hasCmd {
			continue
		}
		cmdLines := components.WrapPaste(cmd, width-6, pasteCont(th))
		later := len(arrows) - 1 - i // the statuses after this one come first
		if perReason == 0 || height > 0 && rows+len(cmdLines)+later > height {
			cmdLines = []string{CopyNote}
		}
		if height > 0 && rows+len(cmdLines)+later > height {
			cmdLines = nil // no room even for the note: the footer lists c
		}
		for _, l := range cmdLines {
			b.WriteString("\n      " + th.Muted.Render(l))
		}
		rows += len(cmdLines)
	}
	out := b.String()
	if height > 0 {
		rows := strings.Split(out, "\n")
		if len(rows) > height {
			out = strings.Join(rows[:height], "\n")
		}
	}
	return out
}

// wrap breaks s into lines of at most w columns, at most n of them, between
// words: a word wider than a line (an ARN) is shortened in its middle, never
// split, and when more is left the last line ends with " ..." after a whole
// word.
func wrap(s string, w, n int) []string {
	if n <= 0 {
		return nil
	}
	lines := components.WrapWhole(s, w, "...")
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	words := strings.Fields(lines[n-1])
	for len(words) > 0 && ansi.StringWidth(strings.Join(words, " ")+" ...") > w {
		words = words[:len(words)-1]
	}
	lines[n-1] = strings.TrimLeft(strings.Join(append(words, "..."), " "), " ")
	return lines
}

// pasteCont ends a line of a command whose token goes on the next line.
func pasteCont(th *theme.Theme) string {
	if th.NoColor || th.ASCII {
		return "~"
	}
	return "↩"
}

// wrapWords wraps s at spaces into lines of at most w columns; a word wider
// than a line keeps a line of its own, whole.
func wrapWords(s string, w int) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(components.Sanitize(s)) {
		if line != "" && ansi.StringWidth(line)+1+ansi.StringWidth(word) > w {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// label is an arrow's label on the diagram: its number, what it is, and
// its status word in plain text (coloured afterwards).
func label(n, what string, s Status) string { return n + " " + what + " [" + plainStatus(s) + "]" }

func plainStatus(s Status) string {
	switch s {
	case OK:
		return "ok"
	case Failed:
		return "failed"
	}
	return "unknown"
}

// statusWord is the status with its glyph, never colour alone.
func statusWord(th *theme.Theme, s Status) string {
	if th.NoColor || th.ASCII {
		return map[Status]string{OK: "[  ok   ]", Failed: "[failed ]", Unknown: "[unknown]"}[s]
	}
	switch s {
	case OK:
		return th.Success.Render(th.Glyphs.Done + " ok     ")
	case Failed:
		return th.Danger.Render(th.Glyphs.Failed + " failed ")
	}
	return th.Warning.Render(th.Glyphs.Pending + " unknown")
}

// colourLabels colours the status words in the diagram's labels.
func colourLabels(th *theme.Theme, diagram string, m Map) string {
	style := func(s Status) lipgloss.Style {
		switch s {
		case OK:
			return th.Success
		case Failed:
			return th.Danger
		}
		return th.Warning
	}
	out := diagram
	for _, a := range []Arrow{m.Cloud, m.STS, m.Assume} {
		word := "[" + plainStatus(a.Status) + "]"
		out = strings.ReplaceAll(out, word, "\x00"+plainStatus(a.Status)+"\x00")
	}
	for _, s := range []Status{OK, Failed, Unknown} {
		out = strings.ReplaceAll(out, "\x00"+plainStatus(s)+"\x00", style(s).Render("["+plainStatus(s)+"]"))
	}
	return out
}

// drawDiagram draws the three parties and the arrows in w columns:
//
//	Palette SaaS --(1)--> Account A (cluster)
//	     | (2)                  | (3)
//	     v                      |
//	Account B (role, bucket) <--+
func drawDiagram(g glyphs, m Map, w int) string {
	left := 18               // Palette's box
	bw := min(34, w-left-12) // Account A's and B's boxes
	ax := w - bw             // Account A's box x
	c := newCanvas(w, 13)
	c.box(g, 0, 0, left, []string{"Palette SaaS"})
	aLines := []string{"Account A " + m.AccountA, "cluster " + orDash(m.Cluster)}
	if m.Principal != "" {
		aLines = append(aLines, "role "+m.Principal)
	}
	c.box(g, ax, 0, bw, aLines)
	// (1) Palette → Account A.
	for x := left; x < ax-1; x++ {
		c.put(x, 1, g.h)
	}
	c.put(ax-1, 1, g.right)
	c.text(left+1, 0, fit(label("(1)", "cloud account", m.Cloud.Status), ax-left-2))
	// (2) Palette ↓ Account B.
	px := left / 2
	for y := 3; y < 7; y++ {
		c.put(px, y, g.v)
	}
	c.put(px, 7, g.down)
	c.text(px+2, 4, fit(label("(2)", "STS, external ID", m.STS.Status), ax-px-4))
	// (3) Account A's principal → Account B's role.
	qx := ax + bw/2
	bb := min(qx-12, 46) // Account B's box, wider: the bucket's name
	c.box(g, 0, 8, bb, []string{"Account B " + m.AccountB, "role " + orDash(m.Role), "bucket s3://" + orDash(m.Bucket)})
	for y := 2 + len(aLines); y < 9; y++ {
		c.put(qx, y, g.v)
	}
	c.put(qx, 9, g.bl)
	if g == plainGlyphs {
		c.put(qx, 9, '+')
	} else {
		c.put(qx, 9, '┘')
	}
	for x := bb + 1; x < qx; x++ {
		c.put(x, 9, g.h)
	}
	c.put(bb, 9, g.left)
	t3 := label("(3)", "trust + grant", m.Assume.Status)
	c.text(max(px+2, qx-len([]rune(t3))-1), 6, fit(t3, qx-px-3))
	return c.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
