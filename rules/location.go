package rules

import "fmt"

// LocationName checks a Palette backup location name. Palette does not
// publish its rule; we require a Kubernetes DNS-1123 label: 1–63 characters
// of lowercase letters, digits and '-', beginning and ending with a letter or
// digit (see the package documentation).
func LocationName(s string) error {
	fail := func(rule string) error { return &Error{Field: "location name", Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail("must not be empty")
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	}
	if _, pos := firstBad(s, func(r rune) bool { return !isUpper(r) }); pos > 0 {
		return fail("uppercase letters are not allowed")
	}
	if r, pos := firstBad(s, func(r rune) bool { return isLowerAlnum(r) || r == '-' }); pos > 0 {
		return fail(badChar(r, pos, "use lowercase letters, digits and '-'"))
	}
	switch {
	case len(s) > 63:
		return fail(fmt.Sprintf("must be at most 63 characters long (it has %d)", len(s)))
	case s[0] == '-':
		return fail("must begin with a letter or digit")
	case s[len(s)-1] == '-':
		return fail("must end with a letter or digit")
	}
	return nil
}
