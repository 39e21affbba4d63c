package cli

import (
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"

	"github.com/bslwiz/bslwiz/ui/accessible"
)

// outWidth is the width text for a person is wrapped at: the terminal's
// when Out is one, else $COLUMNS, else 0 (a pipe or a file gets its lines
// as they are).
func outWidth(f *Factory) int {
	if file, ok := f.IO.Out.(*os.File); ok && term.IsTerminal(file.Fd()) {
		if w, _, err := term.GetSize(file.Fd()); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(f.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}

// wrapForOut wraps text at outWidth with accessible.WrapWords: at spaces
// only, so the terminal never splits a word ("loc|ation") and an ARN or a
// command stays whole and copyable (one wider than the line overflows on a
// line of its own rather than being cut).
func wrapForOut(f *Factory, text string) string {
	if w := outWidth(f); w > 0 {
		return accessible.WrapWords(text, w)
	}
	return text
}
