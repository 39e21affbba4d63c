package steps

import (
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/bslwiz/bslwiz/rules"
)

// FieldError is a rule that one field of the Plan broke.
type FieldError struct {
	Field Field
	Err   error
}

// Error names the field's flag as well as the rule, so a headless user knows
// what to change.
func (e FieldError) Error() string { return e.Err.Error() }

// Unwrap returns the rule error.
func (e FieldError) Unwrap() error { return e.Err }

// FieldWarning is a rule a field's value bends without breaking it.
type FieldWarning struct {
	Field   Field
	Warning rules.Warning
}

// Problems is the result of validating a Plan.
type Problems struct {
	Errors   []FieldError
	Warnings []FieldWarning
}

// OK reports whether no field broke a rule.
func (ps Problems) OK() bool { return len(ps.Errors) == 0 }

// Err joins every field error into one error, or returns nil.
func (ps Problems) Err() error {
	if ps.OK() {
		return nil
	}
	errs := make([]error, len(ps.Errors))
	for i, e := range ps.Errors {
		errs[i] = e
	}
	return &InvalidPlanError{Problems: ps, err: errors.Join(errs...)}
}

// InvalidPlanError is returned before any mutating call when the plan breaks
// a rule. It lists every broken rule at once.
type InvalidPlanError struct {
	Problems Problems
	err      error
}

func (e *InvalidPlanError) Error() string {
	var b strings.Builder
	b.WriteString("the plan breaks ")
	if n := len(e.Problems.Errors); n == 1 {
		b.WriteString("1 rule:")
	} else {
		b.WriteString(strconv.Itoa(n) + " rules:")
	}
	for _, fe := range e.Problems.Errors {
		b.WriteString("\n  - " + fe.Err.Error() + " (--" + fe.Field.Flag + ", $" + fe.Field.Env + ")")
	}
	return b.String()
}

// Unwrap returns the joined field errors.
func (e *InvalidPlanError) Unwrap() error { return e.err }

// Validate checks every field of the plan (after defaults) with its rule.
func (p Plan) Validate() Problems { return p.validate("") }

// ValidateThrough checks the plan as it stands at step upTo: the fields of
// upTo and the steps before it (and the fields of later steps that those
// steps read, readEarly) must follow their rules, and the required ones must
// have a value. A later step's field that breaks its rule (a bad --bucket
// given at the start) does not fail an earlier step: the wizard reaches the
// step that asks for it, which refuses it under the field. So no step runs
// on a value it uses that breaks a rule.
func (p Plan) ValidateThrough(upTo StepID) Problems { return p.validate(upTo) }

// readEarly names the fields that a step before the one that asks for them
// reads, and the first step that does: STS tells Account B from Account A,
// and the role step writes Account A into the trust of a role it creates and
// checks that trust against the quota.
var readEarly = map[string]StepID{"accountA": StepSTS, "trustSizeLimit": StepRole}

func (p Plan) validate(upTo StepID) Problems {
	p = p.WithDefaults()
	var ps Problems
	for _, f := range Fields() {
		step := f.Step
		if s, ok := readEarly[f.Key]; ok {
			step = s
		}
		// A field read early is checked from that step on, but required
		// only from its own.
		if upTo != "" && (before(upTo, step) || before(upTo, f.Step) && strings.TrimSpace(f.get(&p)) == "") {
			continue
		}
		if f.Key == "project" && p.Scope == "project" && strings.TrimSpace(p.Project) == "" {
			ps.Errors = append(ps.Errors, FieldError{f, &rules.Error{Field: f.Label, Rule: "is required for project scope"}})
			continue
		}
		ws, err := f.Check(&p)
		if err != nil {
			ps.Errors = append(ps.Errors, FieldError{f, err})
		}
		for _, w := range ws {
			ps.Warnings = append(ps.Warnings, FieldWarning{f, w})
		}
	}
	if p.S3URL != "" && !p.ForcePathStyle {
		f, _ := FieldByKey("forcePathStyle")
		ps.Warnings = append(ps.Warnings, FieldWarning{f, rules.Warning{Field: "force path style", Value: "false",
			Rule: "the guide says to select Force S3 path style when an S3 URL is given"}})
	}
	return ps
}

func asPathError(err error, target **os.PathError) bool { return errors.As(err, target) }
