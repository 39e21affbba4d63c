package ui

import (
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"
)

// lineWidth is the width the line prompts wrap at: the terminal's when the
// output is one, else $COLUMNS, else 0 (a pipe or a file: lines as they
// are, for whatever reads them).
func lineWidth(o Options) int {
	if f, ok := o.Out.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(o.getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}
