package theme

import "strings"

// Capabilities says what a terminal can show, as read from its environment.
type Capabilities struct {
	// NoColor is true when NO_COLOR is set to any non-empty value
	// (https://no-color.org): no colour at all, text attributes only.
	NoColor bool
	// ASCII is true for terminals that cannot be trusted with Unicode box
	// drawing and symbols: TERM=vt100 and friends, the Linux console, dumb.
	ASCII bool
}

// asciiTerms are TERM values (or prefixes ending in '-') whose fonts or
// character sets do not reliably draw box-drawing characters and symbols.
var asciiTerms = []string{"vt52", "vt100", "vt102", "vt220", "vt320", "linux", "dumb", "ansi", "cons25", "wsvt25"}

// Detect reads Capabilities from an environment in os.Environ form
// ("KEY=value"). Pass the environment of the user's session: over SSH that is
// the one Bubble Tea reports in tea.EnvMsg, not necessarily os.Environ.
//
// The locale is deliberately not consulted: bastions often run with LANG=C
// while the user's terminal draws Unicode perfectly well.
func Detect(environ []string) Capabilities {
	env := lookup(environ)
	return Capabilities{
		NoColor: env["NO_COLOR"] != "",
		ASCII:   isASCIITerm(env["TERM"]),
	}
}

func isASCIITerm(term string) bool {
	term = strings.ToLower(term)
	for _, t := range asciiTerms {
		if term == t || strings.HasPrefix(term, t+"-") {
			return true
		}
	}
	return false
}

// lookup turns KEY=value pairs into a map; later entries win, as in getenv.
func lookup(environ []string) map[string]string {
	env := make(map[string]string, len(environ))
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if ok {
			env[k] = v
		}
	}
	return env
}
