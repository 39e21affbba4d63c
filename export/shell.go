package export

import "strings"

// shellSafe reports whether s needs no quoting in bash: it is not empty and
// every byte is one no shell gives a meaning to in a word.
func shellSafe(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("@%_+=:,./-", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// shellQuote returns s as one bash word that expands to exactly s: bare when
// that is safe, otherwise in single quotes, where nothing is special but the
// single quote itself, which is written as '\”.
func shellQuote(s string) string {
	if shellSafe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellCommand quotes each argument and joins them into one command line.
func shellCommand(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shellQuote(a)
	}
	return strings.Join(quoted, " ")
}
