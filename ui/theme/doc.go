// Package theme holds the lipgloss styles and glyphs of the bslwiz TUI.
//
// A Theme is a pure function of three facts about the terminal: whether its
// background is dark, whether colour is allowed (NO_COLOR), and whether it
// can draw Unicode (a vt100 or the Linux console cannot draw box drawing
// characters reliably). Meaning never rests on colour alone: every status has
// a glyph (✓ ✗ ! …) and, in ASCII mode, a word ([ ok ], [fail]).
package theme
