package theme

import (
	"time"

	"charm.land/bubbles/v2/spinner"
)

// Glyphs are the symbols that carry meaning on screen, so that nothing rests
// on colour alone. In ASCII mode every status glyph is a bracketed word of the
// same width, so columns stay aligned.
type Glyphs struct {
	Pending, Current, Done, Failed, Skipped, Warn string

	// Running wraps a spinner frame into a status glyph, e.g. "⠋" or "[ |  ]".
	RunningFormat string

	Cursor    string // marks the focused row of a list
	Bullet    string // leads an item of a plain list
	Ellipsis  string // replaces truncated text
	Dash      string // separates a clause, e.g. "retrying in 12s — …"
	Sep       string // separates items on one line, e.g. "account … · partition aws"
	Arrow     string // "before → after"
	UpDown    string // the arrow keys, in help text
	CheckOn   string // toggle set
	CheckOff  string // toggle unset
	Mask      rune   // echo character of masked input
	RuleTrail string // leads an inline validation error

	// Spinner animates running work. It ticks at about 10 Hz, and only while
	// something is running.
	Spinner spinner.Spinner
}

// spinnerFPS is the spinner's tick interval: about 10 Hz, a few bytes per
// tick with Bubble Tea v2's cell renderer, and only while work runs.
const spinnerFPS = time.Second / 10

// UnicodeGlyphs are the glyphs for terminals that draw Unicode.
func UnicodeGlyphs() Glyphs {
	return Glyphs{
		Pending:       "○",
		Current:       "▸",
		Done:          "✓",
		Failed:        "✗",
		Skipped:       "–",
		Warn:          "!",
		RunningFormat: "%s",
		Cursor:        "›",
		Bullet:        "•",
		Ellipsis:      "…",
		Dash:          "—",
		Sep:           "·",
		Arrow:         "→",
		UpDown:        "↑/↓",
		CheckOn:       "[x]",
		CheckOff:      "[ ]",
		Mask:          '•',
		RuleTrail:     "✗",
		Spinner: spinner.Spinner{
			Frames: []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"},
			FPS:    spinnerFPS,
		},
	}
}

// ASCIIGlyphs are the glyphs for vt100-class terminals and the Linux console:
// 7-bit ASCII only, and status words instead of symbols.
func ASCIIGlyphs() Glyphs {
	return Glyphs{
		Pending:       "[    ]",
		Current:       "[ >> ]",
		Done:          "[ ok ]",
		Failed:        "[fail]",
		Skipped:       "[skip]",
		Warn:          "[warn]",
		RunningFormat: "[ %s  ]",
		Cursor:        ">",
		Bullet:        "*",
		Ellipsis:      "...",
		Dash:          "-",
		Sep:           "|",
		Arrow:         "->",
		UpDown:        "up/down",
		CheckOn:       "[x]",
		CheckOff:      "[ ]",
		Mask:          '*',
		RuleTrail:     "[fail]",
		Spinner: spinner.Spinner{
			Frames: []string{"|", "/", "-", "\\"},
			FPS:    spinnerFPS,
		},
	}
}
