package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// AccountID checks an AWS account ID: exactly 12 digits. Keep it a string:
// IDs with leading zeros exist.
func AccountID(s string) error { return accountID("account ID", s) }

func accountID(field, s string) error {
	fail := func(rule string) error { return &Error{Field: field, Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail("must not be empty")
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	}
	if strings.Trim(s, "0123456789- ") == "" && strings.ContainsAny(s, "- ") {
		return fail("must be 12 digits without hyphens or spaces")
	}
	if r, pos := firstBad(s, isDigit); pos > 0 {
		return fail(badChar(r, pos, "an account ID has digits only"))
	}
	if n := utf8.RuneCountInString(s); n != 12 {
		rule := fmt.Sprintf("must be exactly 12 digits (it has %d)", n)
		if n < 12 {
			rule += "; keep any leading zeros"
		}
		return fail(rule)
	}
	return nil
}
