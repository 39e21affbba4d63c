// Package uitest is the golden harness of the ui packages: it renders a
// view at the sizes and colour profiles the wizard must support and compares
// it with a golden file (github.com/charmbracelet/x/exp/golden; run
// `go test ./ui/... -update` to rewrite them).
//
// The colour variant renders through a TrueColor profile and keeps every
// escape sequence in the golden file; the NO_COLOR variant builds the theme
// with noColor and renders through the ASCII profile, as a NO_COLOR terminal
// would show it (bold, faint and reverse survive, colours do not).
package uitest

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/bslwiz/bslwiz/ui/theme"
)

// Variant is one way of showing a view: a terminal size and a colour mode.
type Variant struct {
	Name          string
	Width, Height int
	NoColor       bool
	ASCII         bool
}

// Profile is the colour profile the variant renders through.
func (v Variant) Profile() colorprofile.Profile {
	if v.NoColor {
		return colorprofile.ASCII
	}
	return colorprofile.TrueColor
}

// Theme is the dark-background theme for the variant.
func (v Variant) Theme() *theme.Theme {
	return theme.FromCapabilities(true, theme.Capabilities{NoColor: v.NoColor, ASCII: v.ASCII})
}

// Variants are the four combinations every golden view is kept in: 80x24 and
// 120x40, each with colour and under NO_COLOR.
var Variants = []Variant{
	{Name: "80x24", Width: 80, Height: 24},
	{Name: "80x24_nocolor", Width: 80, Height: 24, NoColor: true},
	{Name: "120x40", Width: 120, Height: 40},
	{Name: "120x40_nocolor", Width: 120, Height: 40, NoColor: true},
}

// ASCIIVariant is an extra variant for a vt100-class terminal with NO_COLOR.
var ASCIIVariant = Variant{Name: "80x24_ascii", Width: 80, Height: 24, NoColor: true, ASCII: true}

// Render writes view through the variant's colour profile, as Bubble Tea
// would, and returns what reaches the terminal.
func Render(v Variant, view string) string {
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: v.Profile()}
	if _, err := w.WriteString(view); err != nil {
		panic(fmt.Sprintf("render through %s: %v", v.Profile(), err))
	}
	return buf.String()
}

// Golden renders view for v and compares it with testdata/<test name>.golden.
// It also fails when the view is wider or taller than the variant's terminal.
func Golden(t *testing.T, v Variant, view string) {
	t.Helper()
	RequireFits(t, view, v.Width, v.Height)
	golden.RequireEqual(t, Render(v, view))
}

// RequireFits fails when any line of view is wider than width cells or when
// it has more than height lines (height <= 0 skips the height check).
func RequireFits(t *testing.T, view string, width, height int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if height > 0 && len(lines) > height {
		t.Errorf("view has %d lines, more than the %d available", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, width, ansi.Strip(l))
		}
	}
}

// Plain is the view without escape sequences, for assertions on text.
func Plain(view string) string { return ansi.Strip(view) }

// Key is a key press for Update: a rune with its text, or a special key.
func Key(code rune) tea.KeyPressMsg {
	if unicode.IsPrint(code) {
		return tea.KeyPressMsg{Code: code, Text: string(code)}
	}
	return tea.KeyPressMsg{Code: code}
}

// Ctrl is ctrl+<code>.
func Ctrl(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Mod: tea.ModCtrl} }

// Shift is shift+<code>, e.g. Shift(tea.KeyTab).
func Shift(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Mod: tea.ModShift} }

// Type turns text into one key press per rune.
func Type(text string) []tea.Msg {
	msgs := make([]tea.Msg, 0, len(text))
	for _, r := range text {
		msgs = append(msgs, Key(r))
	}
	return msgs
}
