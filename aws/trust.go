package aws

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// GetTrustPolicy returns a role's trust policy, URL-decoded. A missing role
// gives an error matching ErrNotFound.
func (c *Client) GetTrustPolicy(ctx context.Context, roleName string) (string, error) {
	out, err := call(ctx, c, func(ctx context.Context) (*iam.GetRoleOutput, error) {
		return c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: &roleName})
	})
	if err != nil {
		return "", fmt.Errorf("get trust policy of role %s: %w", roleName, err)
	}
	doc, err := decodeDocument(derefRoleTrust(out))
	if err != nil {
		return "", fmt.Errorf("get trust policy of role %s: %w", roleName, err)
	}
	return doc, nil
}

// UpdateTrustPolicy replaces a role's trust policy with after, as a
// read-modify-write against before (the document the preview showed):
//   - after is checked against the trust-policy size quota first;
//   - the current policy is re-read just before the write: if it already is
//     after, nothing is written; if it is no longer before, the update is
//     refused with *TrustChangedError carrying the current document and the
//     fresh diff to after;
//   - after naming a deleted principal by its unique ID is refused before
//     any call with *OrphanedPrincipalError (iampolicy.DropOrphans removes
//     them);
//   - "Invalid principal in policy" is retried until PropagationTimeout,
//     reporting each attempt to progress (which may be nil), unless it
//     names a unique ID: a deleted principal never propagates.
//
// Restoring a previous trust policy is the same call with before and after swapped.
func (c *Client) UpdateTrustPolicy(ctx context.Context, roleName, before, after string, progress func(RetryStatus)) error {
	if err := iampolicy.CheckTrustSize(after, c.opts.TrustSizeLimit); err != nil {
		return fmt.Errorf("update trust policy of role %s: %w", roleName, err)
	}
	if err := checkOrphans(roleName, after); err != nil {
		return err
	}
	// Every attempt re-reads before it writes: a propagation retry can last
	// two minutes, and a statement someone adds meanwhile must not be lost.
	err := c.untilPropagated(ctx, progress, func(ctx context.Context) error {
		current, err := c.GetTrustPolicy(ctx, roleName)
		if err != nil {
			return err
		}
		if iampolicy.Equivalent(current, after) {
			return nil
		}
		if !iampolicy.Equivalent(current, before) {
			return &TrustChangedError{Role: roleName, Current: current, Diff: iampolicy.LineDiff(current, after, 3)}
		}
		_, err = call(ctx, c, func(ctx context.Context) (*iam.UpdateAssumeRolePolicyOutput, error) {
			return c.iam.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: &roleName, PolicyDocument: &after})
		})
		return err
	})
	var changed *TrustChangedError
	if errors.As(err, &changed) {
		return changed
	}
	if err != nil {
		return fmt.Errorf("update trust policy of role %s: %w", roleName, err)
	}
	return nil
}

func derefRoleTrust(out *iam.GetRoleOutput) string {
	if out.Role == nil || out.Role.AssumeRolePolicyDocument == nil {
		return ""
	}
	return *out.Role.AssumeRolePolicyDocument
}

// ReconcileTrust checks, right after UpdateTrustPolicy wrote after over
// before, that the role still holds the change. IAM has no conditional
// write: someone may have written the trust policy just after bslwiz, from
// the document before it. Then the statements bslwiz added are appended to
// what is there now (their edit stays) and written, read-modify-write again;
// restored says how many. An edit that landed between the re-read and
// bslwiz's own write cannot be seen from IAM at all: the window is one round
// trip, and CloudTrail is where it would show.
//
// base is the other writer's document the restored one was made from ("" when
// nothing was restored): undoing bslwiz's change goes back to it, their edit
// included.
func (c *Client) ReconcileTrust(ctx context.Context, roleName, before, after string, progress func(RetryStatus)) (restored int, base string, err error) {
	for range 3 {
		now, err := c.GetTrustPolicy(ctx, roleName)
		if err != nil {
			return restored, base, fmt.Errorf("check the trust policy of role %s after the write: %w", roleName, err)
		}
		fixed, n, err := iampolicy.Reconcile(before, after, now)
		if err != nil {
			return restored, base, fmt.Errorf("check the trust policy of role %s after the write: %w", roleName, err)
		}
		if n == 0 {
			return restored, base, nil
		}
		err = c.UpdateTrustPolicy(ctx, roleName, now, fixed, progress)
		var changed *TrustChangedError
		if errors.As(err, &changed) {
			continue // written to again meanwhile: look again
		}
		if err != nil {
			return restored, base, err
		}
		restored += n
		base, before, after = now, now, fixed
	}
	return restored, base, fmt.Errorf("the trust policy of role %s keeps changing under bslwiz: check who else edits it, then run again", roleName)
}
