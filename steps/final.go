package steps

import "context"

// FinalChecks runs every live check at the end of an apply.
func (s *Session) FinalChecks(ctx context.Context) []CheckResult {
	return s.RunChecks(ctx, nil, nil)
}
