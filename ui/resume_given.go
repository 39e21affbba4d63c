package ui

import (
	"strings"

	"github.com/bslwiz/bslwiz/steps"
)

// givenSource reports whether a field's source (Session.Sources) is one the
// operator gave this run: an argument, a flag, the environment or a plan
// file. Those beat a resumed journal; the sandbox's seed, the journal and
// what bslwiz found do not.
func givenSource(src string) bool {
	switch {
	case src == "argument", src == "plan file":
		return true
	case strings.HasPrefix(src, "--"), strings.HasPrefix(src, "$"):
		return true
	}
	return false
}

// givenKeys is the set of fields of s the operator gave this run.
func givenKeys(s *steps.Session) map[string]bool {
	given := map[string]bool{}
	for k, src := range s.Sources {
		if givenSource(src) {
			given[k] = true
		}
	}
	return given
}

// givenLocation is the location name the operator gave this run, "" when
// none was given (the sandbox's seed name does not count).
func givenLocation(s *steps.Session) string {
	if !givenKeys(s)["locationName"] {
		return ""
	}
	return strings.TrimSpace(s.RawPlan().LocationName)
}

// resumablesFor keeps of found the runs this session may resume: with a
// location name given (--name, its variable, a plan file), only that
// location's journal; the others belong to other locations and resuming
// one would drop what was given.
func resumablesFor(found []resumable, s *steps.Session) []resumable {
	name := givenLocation(s)
	if name == "" {
		return found
	}
	var out []resumable
	for _, r := range found {
		if r.location == name {
			out = append(out, r)
		}
	}
	return out
}

// resumeOverlay lays over a resumed journal's plan what this run was given
// (flags, environment, plan file beat the journal, as `bslwiz --help` says)
// and, in a sandbox, this process's emulators' address: they are new on
// every run.
func resumeOverlay(s *steps.Session, sandbox bool) func(*steps.Plan) {
	now := s.RawPlan()
	given := givenKeys(s)
	return func(p *steps.Plan) {
		for _, f := range steps.Fields() {
			if given[f.Key] {
				_ = f.Set(p, f.Get(&now))
			}
		}
		if sandbox {
			p.PaletteEndpoint = now.PaletteEndpoint
		}
	}
}
