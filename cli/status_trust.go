package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/steps"
)

// statusTrust adds to status who can assume the role as its trust policy
// is now, so that drift in who can assume it shows: a table in text, and
// trustPolicy and trustEvaluation in JSON. It returns an error when the
// trust lets Palette in without your external ID, or a stranger in. A
// role that cannot be read is a line on stderr (the checks say why), never
// a failure of its own.
func statusTrust(ctx context.Context, ios *IOStreams, output string, s *steps.Session, res *Result) error {
	ev, err := s.TrustNow(ctx)
	switch {
	case errors.Is(err, aws.ErrNotFound), errors.Is(err, steps.ErrNotConnected):
		return nil
	case err != nil:
		fmt.Fprintf(ios.Err, "bslwiz: %v\n", err)
		return nil
	}
	setTrust(res, ev)
	if output == "text" {
		fmt.Fprintf(ios.Out, "\nwho can assume %s now (its trust policy, evaluated):\n", ev.RoleARN)
		for _, l := range ev.Table(0) {
			fmt.Fprintf(ios.Out, "  %s\n", l)
		}
	}
	if unsafe := ev.Unsafe(); len(unsafe) > 0 {
		return fmt.Errorf("role %s: %s", ev.RoleARN, strings.Join(unsafe, "; "))
	}
	return nil
}
