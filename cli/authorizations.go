package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/bslwiz/bslwiz/steps"
)

// authorizations works out the guide's authorizations from the checks run
// (none in plan mode), and prints them under text output.
func authorizations(ctx context.Context, s *steps.Session, checks []steps.CheckResult, text bool, out io.Writer) []steps.Authorization {
	auths := s.Authorizations(ctx, checks)
	if text {
		fmt.Fprintln(out, "\nAuthorizations of the guide:")
		for _, a := range auths {
			fmt.Fprintf(out, "  %-9s %s\n            %s\n", "["+a.Status+"]", a.Name, a.Reason)
		}
	}
	return auths
}

// failedAuthorizations counts the authorizations that failed: status
// reports them as failed checks (exit 3).
func failedAuthorizations(auths []steps.Authorization) int {
	n := 0
	for _, a := range auths {
		if a.Status == steps.AuthFailed {
			n++
		}
	}
	return n
}

// resolveCluster reads, for a plan that names a --cluster, Account A from
// the cluster's cloud account in Palette, before the plan is checked: a
// read of Palette, no write anywhere.
func resolveCluster(s *steps.Session) error {
	if s.RawPlan().Cluster == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), steps.CheckTimeout)
	defer cancel()
	_, err := s.Gather(ctx, steps.FactProject)
	return err
}
