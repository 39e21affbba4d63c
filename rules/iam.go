package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// isIAMNameRune is the IAM name pattern [\w+=,.@-] of role and policy names.
func isIAMNameRune(r rune) bool { return isWord(r) || strings.ContainsRune("+=,.@-", r) }

const allowedIAMName = "use letters, digits and _+=,.@-"

// RoleName checks an IAM role name: 1–64 characters of letters, digits and
// _+=,.@-. IAM treats role names case-insensitively for uniqueness.
func RoleName(s string) error { return iamName("role name", s, 64) }

// PolicyName checks an IAM policy name: 1–128 characters of letters, digits
// and _+=,.@-.
func PolicyName(s string) error { return iamName("policy name", s, 128) }

func iamName(field, s string, max int) error {
	fail := func(rule string) error { return &Error{Field: field, Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail("must not be empty")
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	}
	if r, pos := firstBad(s, isIAMNameRune); pos > 0 {
		return fail(badChar(r, pos, allowedIAMName))
	}
	if len(s) > max {
		return fail(fmt.Sprintf("must be at most %d characters long (it has %d)", max, len(s)))
	}
	return nil
}

// RolePath checks an IAM role path: "/" or "/"+printable ASCII+"/", at most
// 512 characters (pattern (\u002F)|(\u002F[\u0021-\u007E]+\u002F)).
func RolePath(s string) error {
	return iamPath("role path", s, func(r rune) bool { return r >= 0x21 && r <= 0x7E },
		"use printable ASCII without spaces", true)
}

// PolicyPath checks a managed-policy path, stricter than a role path:
// ((/[A-Za-z0-9\.,\+@=_-]+)*)/, at most 512 characters.
func PolicyPath(s string) error {
	return iamPath("policy path", s, func(r rune) bool { return r == '/' || isWord(r) || strings.ContainsRune(".,+@=-", r) },
		"use letters, digits, '/' and .,+@=_-", false)
}

func iamPath(field, s string, ok func(rune) bool, allowed string, emptySegmentsOK bool) error {
	fail := func(rule string) error { return &Error{Field: field, Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail(`must not be empty (the default path is "/")`)
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	case s[0] != '/':
		return fail("must begin with '/'")
	}
	if r, pos := firstBad(s, ok); pos > 0 {
		return fail(badChar(r, pos, allowed))
	}
	switch {
	case s[len(s)-1] != '/':
		return fail("must end with '/'")
	case s == "//" || !emptySegmentsOK && strings.Contains(s, "//"):
		return fail("must not contain an empty segment ('//')")
	case len(s) > 512:
		return fail(fmt.Sprintf("must be at most 512 characters long (it has %d)", len(s)))
	}
	return nil
}

// RoleDescription checks an IAM role description: at most 1000 characters
// from tab, newline, carriage return, printable ASCII and printable Latin-1
// (pattern [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*). IAM rejects
// typographic punctuation such as '—' or '’'. Empty is allowed.
func RoleDescription(s string) error {
	fail := func(rule string) error { return &Error{Field: "role description", Value: s, Rule: rule} }
	if r, pos := firstBad(s, isDescriptionRune); pos > 0 {
		return fail(badChar(r, pos, "IAM accepts printable ASCII and Latin-1 only"))
	}
	if n := utf8.RuneCountInString(s); n > 1000 {
		return fail(fmt.Sprintf("must be at most 1000 characters long (it has %d)", n))
	}
	return nil
}

func isDescriptionRune(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0x7E || r >= 0xA1 && r <= 0xFF
}

// MaxSessionDuration checks a role's maximum session duration in seconds:
// 3600 (1 hour) to 43200 (12 hours).
func MaxSessionDuration(seconds int) error {
	if seconds < 3600 || seconds > 43200 {
		return &Error{Field: "max session duration", Value: strconv.Itoa(seconds),
			Rule: "must be between 3600 and 43200 seconds (1 to 12 hours)"}
	}
	return nil
}

// ExternalID checks an sts:ExternalId: 2–1224 characters of letters, digits
// and _+=,.@:/- (no spaces). Palette generates it; the user only copies it.
func ExternalID(s string) error {
	fail := func(rule string) error { return &Error{Field: "external ID", Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail("must not be empty")
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	}
	if r, pos := firstBad(s, isExternalIDRune); pos > 0 {
		return fail(badChar(r, pos, "use letters, digits and _+=,.@:/-"))
	}
	switch n := len(s); {
	case n < 2:
		return fail("must be at least 2 characters long")
	case n > 1224:
		return fail(fmt.Sprintf("must be at most 1224 characters long (it has %d)", n))
	}
	return nil
}

func isExternalIDRune(r rune) bool { return isWord(r) || strings.ContainsRune("+=,.@:/-", r) }
