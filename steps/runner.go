package steps

import (
	"context"
	"errors"
	"fmt"
)

// All returns the 13 steps of the guide, in order.
func All() []Step {
	return []Step{
		stepPalette(), stepLocations(), stepAddNew(), stepFields(), stepSTS(), stepRole(), stepReview(),
		stepCurrentTrust(), stepAppendAccountA(), stepCopyARN(), stepFillARN(), stepValidate(), stepCreate(),
	}
}

// ByNumber returns step n (1-13).
func ByNumber(n int) (Step, bool) {
	if n < 1 || n > 13 {
		return Step{}, false
	}
	return All()[n-1], true
}

// ErrDeclined is returned when a change was previewed and not confirmed.
var ErrDeclined = errors.New("change not confirmed")

// Runner runs the steps in order, headless or behind a UI. Every step is
// previewed; a step that changes something is applied only when Confirm
// accepts its preview. Running from step 1 again resumes: steps that are done
// discover what exists and change nothing.
type Runner struct {
	Session *Session
	// Confirm decides whether a mutating step may apply its preview. Nil
	// declines every change (plan mode).
	Confirm func(ctx context.Context, pv *Preview) (bool, error)
	// OnPreview sees every preview, mutating or not.
	OnPreview func(pv *Preview)
	// OnProgress sees progress within a step.
	OnProgress func(p Progress)
	// OnDone is called after each step is applied.
	OnDone func(st Step)
}

// Run runs steps from..to (inclusive).
func (r *Runner) Run(ctx context.Context, from, to int) error {
	if from < 1 {
		from = 1
	}
	if to == 0 || to > 13 {
		to = 13
	}
	for _, st := range All()[from-1 : to] {
		if err := ctx.Err(); err != nil {
			return err
		}
		pv, err := st.Preview(ctx, r.Session)
		if err != nil {
			return err
		}
		if r.OnPreview != nil {
			r.OnPreview(pv)
		}
		if st.Mutates && !pv.NoChange {
			if r.Confirm == nil {
				return fmt.Errorf("step %d (%s): %w", st.Number, st.Title, ErrDeclined)
			}
			okd, err := r.Confirm(ctx, pv)
			if err != nil {
				return err
			}
			if !okd {
				return fmt.Errorf("step %d (%s): %w", st.Number, st.Title, ErrDeclined)
			}
		}
		if err := st.Apply(ctx, r.Session, pv, r.OnProgress); err != nil {
			return err
		}
		if r.OnDone != nil {
			r.OnDone(st)
		}
	}
	return nil
}
