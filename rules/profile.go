package rules

import "unicode"

// AWSProfile checks the name of a profile in the aws CLI's config files, which it reads
// from an INI section header, [profile NAME] (or [NAME] in credentials): one line, so no
// control character (a newline least of all), no white space at either end (the CLI
// trims it, so the name would not be the one given), and no '[' or ']', which would make
// the header ambiguous. Letters of any script, digits, spaces inside and punctuation
// (SSO's "AdministratorAccess-111122223333", "team/prod", "a.b@c") are fine.
func AWSProfile(s string) error {
	fail := func(rule string) error { return &Error{Field: "AWS profile", Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail("must not be empty")
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	}
	if r, pos := firstBad(s, func(r rune) bool { return unicode.IsPrint(r) && r != '[' && r != ']' }); pos > 0 {
		return fail(badChar(r, pos, "a profile name is one line of printable characters, without '[' or ']'"))
	}
	return nil
}
