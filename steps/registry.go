package steps

import (
	"fmt"
	"sync"
)

// StepID names a step. It is what journals store and what code compares; the
// number a user sees is the step's position in Steps(plan), computed each
// time and never stored.
type StepID string

// The steps of the guide, by identity.
const (
	StepPalette        StepID = "palette"
	StepLocations      StepID = "locations"
	StepAddNew         StepID = "add-new"
	StepFields         StepID = "fields"
	StepSTS            StepID = "sts"
	StepRole           StepID = "role"
	StepReview         StepID = "review"
	StepCurrentTrust   StepID = "current-trust"
	StepAppendAccountA StepID = "append-account-a"
	StepGrantAccountA  StepID = "grant-account-a"
	StepCopyARN        StepID = "copy-arn"
	StepFillARN        StepID = "fill-arn"
	StepValidate       StepID = "validate"
	StepCreate         StepID = "create"
)

// registry is every step bslwiz knows, in the guide's order. Adding a step is
// a file that defines it and one line here; its Applies rule decides for
// which plans it shows.
func registry() []Step {
	return []Step{
		stepPalette(),
		stepLocations(),
		stepAddNew(),
		stepFields(),
		stepSTS(),
		stepRole(),
		stepReview(),
		stepCurrentTrust(),
		stepAppendAccountA(),
		stepGrantAccountA(),
		stepCopyARN(),
		stepFillARN(),
		stepValidate(),
		stepCreate(),
	}
}

// Steps returns the steps that apply to plan p, in order. The position of a
// step in this list (from 1) is the number a user sees.
func Steps(p Plan) []Step { return stepsFor(registry(), p) }

func stepsFor(all []Step, p Plan) []Step {
	p = p.WithDefaults()
	out := make([]Step, 0, len(all))
	for _, st := range all {
		if st.Applies == nil || st.Applies(p) {
			out = append(out, st)
		}
	}
	return out
}

// Lookup returns the step with the given ID, whether or not it applies to a
// plan.
func Lookup(id StepID) (Step, bool) {
	for _, st := range registry() {
		if st.ID == id {
			return st, true
		}
	}
	return Step{}, false
}

// Position returns the number a user sees for step id under plan p (its
// position in Steps(p), from 1) and how many steps apply; 0 when the step
// does not apply.
func Position(p Plan, id StepID) (n, total int) {
	list := Steps(p)
	for i, st := range list {
		if st.ID == id {
			return i + 1, len(list)
		}
	}
	return 0, len(list)
}

// stepRef names step id as the user sees it in this session's plan:
// "step 6". Messages that point at another step use it, so adding a step
// renumbers them too.
func (s *Session) stepRef(id StepID) string {
	if n, _ := Position(s.RawPlan(), id); n > 0 {
		return fmt.Sprintf("step %d", n)
	}
	st, _ := Lookup(id)
	return "the " + st.Title + " step"
}

// before reports whether step a comes before step b in the guide's order.
func before(a, b StepID) bool {
	ia, oka := registryOrder()[a]
	ib, okb := registryOrder()[b]
	return oka && okb && ia < ib
}

// registryOrder is each step's index in the registry, worked out once: plan
// validation asks it for every field.
func registryOrder() map[StepID]int {
	orderOnce.Do(func() {
		order = map[StepID]int{}
		for i, st := range registry() {
			order[st.ID] = i
		}
	})
	return order
}

var (
	orderOnce sync.Once
	order     map[StepID]int
)
