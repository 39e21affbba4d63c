package steps

import (
	"context"
	"errors"
	"fmt"
)

// ErrDeclined is returned when a change was previewed and not confirmed.
var ErrDeclined = errors.New("change not confirmed")

// Runner drives the engine without a face that can go back: every step is
// previewed; a step that changes something is applied only when Confirm
// accepts its preview. Running again resumes: steps that are done discover
// what exists and change nothing.
type Runner struct {
	Session *Session
	// Engine, when set, is the engine to drive; otherwise Run makes one on
	// Session that writes only a journal attached to it.
	Engine *Engine
	// Confirm decides whether a mutating step may apply its preview. Nil
	// declines every change (plan mode).
	Confirm func(ctx context.Context, pv *Preview) (bool, error)
	// OnPreview sees every preview, mutating or not.
	OnPreview func(pv *Preview)
	// OnProgress sees progress within a step.
	OnProgress func(p Progress)
	// OnDone is called after each step is applied.
	OnDone func(st Step)
	// Through, when set, stops the run after that step.
	Through StepID
}

// Run runs the steps of the plan, from the engine's current step.
func (r *Runner) Run(ctx context.Context) error {
	e := r.Engine
	if e == nil {
		e = NewEngine(r.Session, EngineOptions{})
	}
	for {
		st, ok := e.Current()
		if !ok {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		pv, err := e.Preview(ctx)
		if err != nil {
			return err
		}
		e.Prefetch(ctx)
		if r.OnPreview != nil {
			r.OnPreview(pv)
		}
		if st.Mutates && !pv.NoChange {
			label := fmt.Sprintf("step %d (%s)", pv.Number, st.Title)
			if r.Confirm == nil {
				return fmt.Errorf("%s: %w", label, ErrDeclined)
			}
			okd, err := r.Confirm(ctx, pv)
			if err != nil {
				return err
			}
			if !okd {
				return fmt.Errorf("%s: %w", label, ErrDeclined)
			}
		}
		if err := e.Apply(ctx, pv, r.OnProgress); err != nil {
			return err
		}
		if r.OnDone != nil {
			r.OnDone(st)
		}
		if st.ID == r.Through {
			return nil
		}
	}
}
