// Package lazyre is a regular expression compiled on its first use.
//
// A package-level regexp.MustCompile runs during package initialisation,
// before main, in every run of bslwiz: the emulators' and the validators'
// patterns cost 1.5–2 ms there, on the way to the wizard's first frame, and
// most runs use few of them (a run against AWS never uses the emulators').
// A pattern that does not compile panics at its first use instead of at
// start-up. It imports only the standard library: the packages that use it
// are the ones at the bottom (rules, aws/iampolicy, the emulators).
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on its first use; it is safe
// for concurrent use, as *regexp.Regexp is.
type Regexp struct {
	expr string
	re   func() *regexp.Regexp
}

// New returns expr, to be compiled when first used.
func New(expr string) *Regexp {
	return &Regexp{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// MatchString reports whether s contains a match of the expression.
func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

// FindStringSubmatch is (*regexp.Regexp).FindStringSubmatch.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

// String is the expression's source text.
func (r *Regexp) String() string { return r.expr }
