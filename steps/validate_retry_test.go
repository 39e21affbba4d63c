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
	// A bucket whose policy lets in only an organization Account B is not in:
	// the role may not list it, and Palette answers 403. (bslwiz cannot know
	// the organization, so this gets to validate; a bucket of another account
	// no longer does: step 5 stops at its posture.)
	w.sb.AWS.CreateBucket(sandbox.AccountB, "acme-other-bucket", sandbox.BucketRegion)
	w.sb.AWS.SetBucketPolicy("acme-other-bucket", `{"Version":"2012-10-17","Statement":[{"Sid":"OnlyOurOrg","Effect":"Deny","Principal":"*","Action":"s3:*",`+
		`"Resource":["arn:aws:s3:::acme-other-bucket","arn:aws:s3:::acme-other-bucket/*"],"Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`)
	s.UpdatePlan(func(p *steps.Plan) { p.Bucket = "acme-other-bucket" })
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
