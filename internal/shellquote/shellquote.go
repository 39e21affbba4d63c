// Package shellquote is the one shell quoter of bslwiz: the awscli export, the hints
// that print a command to run (aws sso login) and bslwiz sandbox's export lines all
// quote through it. It imports nothing of bslwiz.
package shellquote

import "strings"

// safe reports whether s needs no quoting in bash: it is not empty and
// every byte is one no shell gives a meaning to in a word.
func safe(s string) bool {
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

// Quote returns s as one bash word that expands to exactly s: bare when
// that is safe, otherwise in single quotes, where nothing is special but the
// single quote itself, which is written as '\”.
func Quote(s string) string {
	if safe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Command quotes each argument and joins them into one command line.
func Command(args []string) string {
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = Quote(a)
	}
	return strings.Join(quoted, " ")
}
