package rules

import "strings"

// NormalizeAccountID returns an account ID written the console's way
// ("4444-5555-6666", "4444 5555 6666") as the 12 digits AWS expects. Text
// that is not exactly 12 digits once hyphens and spaces inside it are
// dropped is returned unchanged (trimmed), so that its rule can say what is
// wrong with it.
func NormalizeAccountID(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "- ") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '-' || r == ' ':
		default:
			return s
		}
	}
	if b.Len() != 12 || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return s
	}
	return b.String()
}
