package export

import (
	"strings"

	"github.com/bslwiz/bslwiz/internal/termsafe"
)

// commentLine is text as one "# " comment line after indent, in any of the
// formats (bash, YAML, HCL all end a comment at the line's end): every control
// character in text, a newline above all, is written as an escape (\x0a), so a
// value in it cannot end the comment and run or define something.
func commentLine(indent, text string) string {
	return strings.TrimRight(indent+"# "+termsafe.Line(text), " ")
}
