package steps

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

func TestFailureOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("step 1 (Palette): %w", err) }
	cases := []struct {
		err  error
		want Failure
	}{
		{nil, FailureUnknown},
		{errors.New("something else"), FailureUnknown},
		{wrap(context.Canceled), FailureCancelled},
		{wrap(context.DeadlineExceeded), FailureTimeout},
		{wrap(&net.OpError{Op: "dial", Err: errors.New("connection refused")}), FailureUnreachable},
		{wrap(&net.DNSError{Name: "palette.example"}), FailureUnreachable},
		{wrap(x509.UnknownAuthorityError{}), FailureTLS},
		{wrap(&InvalidPlanError{}), FailureInvalidPlan},
		{wrap(&rules.Error{Field: "bucket name", Value: "A", Rule: "uppercase"}), FailureRule},
		{wrap(palette.ErrAuth), FailurePaletteAuth},
		{wrap(palette.ErrRateLimited), FailureRateLimited},
		{wrap(&aws.SSOExpiredError{Profile: "b"}), FailureSSOExpired},
		{wrap(aws.ErrNoCredentials), FailureNoCredentials},
		{wrap(&aws.WrongAccountError{Got: "444455556666", IsAccountA: true}), FailureWrongAccount},
		{wrap(&aws.TrustChangedError{Role: "r"}), FailureTrustChanged},
		{wrap(&TrustLintError{Role: "r"}), FailureTrustUnsafe},
	}
	for _, tc := range cases {
		if got := FailureOf(tc.err); got != tc.want {
			t.Errorf("FailureOf(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}
