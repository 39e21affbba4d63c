package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Theme is every style and glyph the components use. Build it with New or
// FromCapabilities; never mutate a Theme that components are rendering with.
type Theme struct {
	IsDark  bool
	NoColor bool
	ASCII   bool

	Glyphs Glyphs
	Border lipgloss.Border

	Title    lipgloss.Style // screen and panel titles
	Text     lipgloss.Style // body text
	Muted    lipgloss.Style // secondary text: help, reasons, line numbers
	Emphasis lipgloss.Style // values to notice: ARNs, account IDs, endpoints

	Success lipgloss.Style // done, ok
	Warning lipgloss.Style // warnings, retries
	Danger  lipgloss.Style // failures, inline rule errors
	Info    lipgloss.Style // current, running

	Panel        lipgloss.Style // bordered box
	FocusedPanel lipgloss.Style // bordered box that has the keyboard
	Badge        lipgloss.Style // the SANDBOX badge
	Selected     lipgloss.Style // focused row of a list or picker

	Label        lipgloss.Style // form field label
	FocusedLabel lipgloss.Style // label of the focused field
	Placeholder  lipgloss.Style // placeholder text of an empty input

	HelpKey  lipgloss.Style // key in the footer help
	HelpDesc lipgloss.Style // its description
	HelpSep  lipgloss.Style // separator between help items

	DiffAdded   lipgloss.Style // a line only in the new document ("+")
	DiffRemoved lipgloss.Style // a line only in the old document ("-")
	DiffContext lipgloss.Style // a line in both
	DiffLineNo  lipgloss.Style // line-number gutter
	DiffGap     lipgloss.Style // "⋯ n unchanged lines"
}

// palette is the colour set for one background.
type palette struct {
	accent, success, warning, danger, muted, subtle, badgeFg, badgeBg, selBg color.Color
}

func colours(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	return palette{
		accent:  ld(lipgloss.Color("#0969DA"), lipgloss.Color("#58A6FF")),
		success: ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950")),
		warning: ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922")),
		danger:  ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149")),
		muted:   ld(lipgloss.Color("#57606A"), lipgloss.Color("#8B949E")),
		subtle:  ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D")),
		badgeFg: lipgloss.Color("#1F2328"),
		badgeBg: ld(lipgloss.Color("#E3B341"), lipgloss.Color("#D29922")),
		selBg:   ld(lipgloss.Color("#DDF4FF"), lipgloss.Color("#1F3A5F")),
	}
}

// New builds the Unicode theme for a background (isDark) and a colour
// preference (noColor: NO_COLOR is set). Under noColor no style carries a
// colour; emphasis uses bold, faint and reverse video, and meaning is carried
// by glyphs and words.
func New(isDark, noColor bool) *Theme {
	return build(isDark, noColor, false)
}

// FromCapabilities builds the theme for a background and what the terminal
// can show (see Detect): ASCII terminals get ASCII borders and status words.
func FromCapabilities(isDark bool, c Capabilities) *Theme {
	return build(isDark, c.NoColor, c.ASCII)
}

func build(isDark, noColor, ascii bool) *Theme {
	t := &Theme{IsDark: isDark, NoColor: noColor, ASCII: ascii}
	t.Glyphs = UnicodeGlyphs()
	t.Border = lipgloss.RoundedBorder()
	if ascii {
		t.Glyphs = ASCIIGlyphs()
		t.Border = lipgloss.ASCIIBorder()
	}

	s := lipgloss.NewStyle()
	t.Title = s.Bold(true)
	t.Text = s
	t.Emphasis = s.Bold(true)
	t.Panel = s.Border(t.Border).Padding(0, 1)
	t.FocusedPanel = t.Panel
	t.Label = s.Bold(true)
	t.FocusedLabel = s.Bold(true)
	t.HelpKey = s.Bold(true)
	t.HelpDesc = s
	t.HelpSep = s

	if noColor {
		t.Muted = s.Faint(true)
		t.Success = s
		t.Warning = s.Bold(true)
		t.Danger = s.Bold(true)
		t.Info = s.Bold(true)
		t.Badge = s.Reverse(true).Bold(true).Padding(0, 1)
		t.Selected = s.Reverse(true)
		t.Placeholder = s.Faint(true)
		t.DiffAdded = s
		t.DiffRemoved = s
		t.DiffContext = s
		t.DiffLineNo = s.Faint(true)
		t.DiffGap = s.Faint(true)
		t.HelpDesc = s.Faint(true)
		t.HelpSep = s.Faint(true)
		return t
	}

	p := colours(isDark)
	t.Title = t.Title.Foreground(p.accent)
	t.Muted = s.Foreground(p.muted)
	t.Emphasis = t.Emphasis.Foreground(p.accent)
	t.Success = s.Foreground(p.success)
	t.Warning = s.Foreground(p.warning)
	t.Danger = s.Foreground(p.danger)
	t.Info = s.Foreground(p.accent)
	t.Panel = t.Panel.BorderForeground(p.subtle)
	t.FocusedPanel = t.FocusedPanel.BorderForeground(p.accent)
	t.Badge = s.Foreground(p.badgeFg).Background(p.badgeBg).Bold(true).Padding(0, 1)
	t.Selected = s.Background(p.selBg)
	t.FocusedLabel = t.FocusedLabel.Foreground(p.accent)
	t.Placeholder = s.Foreground(p.muted)
	t.HelpKey = s.Foreground(p.muted).Bold(true)
	t.HelpDesc = s.Foreground(p.muted)
	t.HelpSep = s.Foreground(p.subtle)
	t.DiffAdded = s.Foreground(p.success)
	t.DiffRemoved = s.Foreground(p.danger)
	t.DiffContext = s
	t.DiffLineNo = s.Foreground(p.muted)
	t.DiffGap = s.Foreground(p.muted)
	return t
}

// Help returns styles for bubbles/help built from the theme.
func (t *Theme) Help() help.Styles {
	return help.Styles{
		Ellipsis:       t.HelpSep,
		ShortKey:       t.HelpKey,
		ShortDesc:      t.HelpDesc,
		ShortSeparator: t.HelpSep,
		FullKey:        t.HelpKey,
		FullDesc:       t.HelpDesc,
		FullSeparator:  t.HelpSep,
	}
}

// TextInput returns styles for bubbles/textinput built from the theme. The
// cursor does not blink: a blinking cursor redraws twice a second for as long
// as the screen is open, which costs bytes on slow SSH links for nothing.
func (t *Theme) TextInput() textinput.Styles {
	s := lipgloss.NewStyle()
	st := textinput.Styles{
		Focused: textinput.StyleState{Text: s, Placeholder: t.Placeholder, Suggestion: t.Placeholder, Prompt: t.Info},
		Blurred: textinput.StyleState{Text: s, Placeholder: t.Placeholder, Suggestion: t.Placeholder, Prompt: t.Muted},
		Cursor:  textinput.CursorStyle{Shape: tea.CursorBlock, Blink: false},
	}
	if !t.NoColor {
		st.Cursor.Color = colours(t.IsDark).accent
	}
	return st
}
