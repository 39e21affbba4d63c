package steps_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestValidateRetriesA403OrA500WhileIAMPropagates: Palette may answer validate with 403
// or 500 while a new role propagates; within the window both are retried, like a 400.
func TestValidateRetriesA403OrA500WhileIAMPropagates(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			w := newWorld(t, sandbox.Options{PropagationDelay: 20 * time.Second})
			w.sb.Palette.SetValidateFailureStatus(status)
			s := w.session(w.sb.Plan())
			s.Backends.Palette.MaxAttempts = 1 // the client's own 5xx retries wait in real time
			retries := 0
			r := &steps.Runner{Session: s, Confirm: yes, OnProgress: func(pr steps.Progress) {
				if pr.Retry != nil && pr.Step == steps.StepValidate {
					retries++
				}
			}}
			if err := r.Run(context.Background()); err != nil {
				t.Fatalf("validate answering %d during propagation: %v", status, err)
			}
			if retries == 0 {
				t.Fatal("validation never retried; the failures were not exercised")
			}
		})
	}
}

// TestA403FromValidateSaysPaletteCouldNotUseTheRoleOrTheBucket: after the window (or with
// no recent change) a 403 is a validation failure naming the role or the bucket, never
// "Palette refused the API key".
func TestA403FromValidateSaysPaletteCouldNotUseTheRoleOrTheBucket(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	s := w.session(w.sb.Plan())
	s.Backends.Palette.MaxAttempts = 1
	if err := w.run(s, steps.StepCreate); err != nil {
		t.Fatal(err)
	}
	// A bucket the role may not list, answered with 403.
	w.sb.AWS.AddAccount("777788889999")
	w.sb.AWS.CreateBucket("777788889999", "someone-elses-bucket", sandbox.BucketRegion)
	s.UpdatePlan(func(p *steps.Plan) { p.Bucket = "someone-elses-bucket" })
	w.sb.Palette.SetValidateFailureStatus(http.StatusForbidden)
	err := w.run(s, steps.StepValidate)
	var ve *steps.ValidateError
	var refused *palette.ValidateRefusedError
	if !errors.As(err, &ve) || !errors.As(err, &refused) || errors.Is(err, palette.ErrAuth) {
		t.Fatalf("validate answering 403: %v, want a ValidateError that is not ErrAuth", err)
	}
	if !strings.Contains(err.Error(), "Palette could not use the role or the bucket") {
		t.Errorf("message %q", err)
	}
	if steps.FailureOf(err) == steps.FailurePaletteAuth {
		t.Error("a 403 from validate is classified as a refused API key")
	}
}
