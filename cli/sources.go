package cli

import "github.com/bslwiz/bslwiz/steps"

// planSources says where each field of the run's plan came from, for the
// wizard's summaries: the flag, the environment variable or the plan file
// that gave it (the last of them wins, as in loadPlan), else the sandbox's
// seed when it differs from the default. Fields left out are defaults.
func planSources(in *planInputs, getenv func(string) string, given map[string]bool, seed steps.Plan, sandbox bool) map[string]string {
	src := map[string]string{}
	defaults := steps.Plan{}.WithDefaults()
	seed = seed.WithDefaults()
	for _, f := range steps.Fields() {
		switch {
		case f.Key == "locationName" && in.location != "":
			src[f.Key] = "argument"
		case in.flags != nil && in.flags.Lookup(f.Flag) != nil && in.flags.Changed(f.Flag):
			src[f.Key] = "--" + f.Flag
		case getenv(f.Env) != "":
			src[f.Key] = "$" + f.Env
		case given[f.Key]:
			src[f.Key] = "plan file"
		case sandbox && f.Get(&seed) != f.Get(&defaults):
			src[f.Key] = "sandbox"
		}
	}
	return src
}
