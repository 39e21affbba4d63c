package rules

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/bslwiz/bslwiz/internal/termsafe"
)

// maxShownValue is how many characters of an offending value an error shows;
// longer values (external IDs, certificates, descriptions) are cut with "…".
const maxShownValue = 64

// Error is an input that broke a rule. Its message has the form
// `<field> "<value>": <rule>`, for example
// `bucket name "My_Bucket": uppercase letters are not allowed`.
// Value holds the whole input; the message shows at most 64 characters of it.
type Error struct{ Field, Value, Rule string }

// Error implements the error interface.
func (e *Error) Error() string { return format(e.Field, e.Value, e.Rule) }

// Warning has the same shape as Error and never blocks: the input works, but
// the user should know its cost.
type Warning struct{ Field, Value, Rule string }

// String renders the warning like Error renders an error.
func (w Warning) String() string { return format(w.Field, w.Value, w.Rule) }

// format writes the message. The value is quoted; the field and the rule, which may
// repeat parts of the input (an ARN's role name, a port), are escaped so that nothing
// in them acts on a terminal.
func format(field, value, rule string) string {
	return termsafe.Line(field) + " " + quoteShort(value) + ": " + termsafe.Line(rule)
}

// quoteShort quotes v, cutting it to maxShownValue characters.
func quoteShort(v string) string {
	if utf8.RuneCountInString(v) <= maxShownValue {
		return strconv.Quote(v)
	}
	cut := 0
	for i := range v {
		if cut == maxShownValue-1 {
			return strconv.Quote(v[:i] + "…")
		}
		cut++
	}
	return strconv.Quote(v) // unreachable: the rune count is above the limit
}

// describeRune names a character for an error message: 'x', ' ' (space),
// or U+2014 '—' for anything outside printable ASCII.
func describeRune(r rune) string {
	switch {
	case r == ' ':
		return "' ' (space)"
	case r == utf8.RuneError:
		return "an invalid UTF-8 byte"
	case r < 0x80 && unicode.IsPrint(r):
		return "'" + string(r) + "'"
	case unicode.IsPrint(r):
		return fmt.Sprintf("%U '%c'", r, r)
	default:
		return fmt.Sprintf("%U", r)
	}
}

// badChar is the rule for a character outside the allowed set; pos is the
// 1-based character position, allowed describes the set.
func badChar(r rune, pos int, allowed string) string {
	return fmt.Sprintf("character %s at position %d is not allowed (%s)", describeRune(r), pos, allowed)
}

// firstBad returns the first rune of s for which ok is false, with its
// 1-based character position, or pos 0 when every rune is fine.
func firstBad(s string, ok func(rune) bool) (rune, int) {
	pos := 0
	for i, r := range s {
		pos++
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return r, pos
			}
		}
		if !ok(r) {
			return r, pos
		}
	}
	return 0, 0
}

// hasOuterSpace reports whether s starts or ends with white space, a common
// copy-and-paste slip that deserves its own message.
func hasOuterSpace(s string) bool {
	if s == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(first) || unicode.IsSpace(last)
}

const ruleOuterSpace = "must not start or end with white space"

func isLowerAlnum(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }
func isDigit(r rune) bool      { return r >= '0' && r <= '9' }
func isUpper(r rune) bool      { return r >= 'A' && r <= 'Z' }

// isWord is the \w of the AWS Smithy patterns: ASCII letters, digits and '_'.
func isWord(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
}
