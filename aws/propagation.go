package aws

import (
	"context"
	"fmt"
	"time"
)

// RetryStatus describes one failed attempt of an IAM change that waits for a
// principal to propagate, so a UI can show progress and a countdown.
type RetryStatus struct {
	Attempt   int           // 1 for the first attempt
	Elapsed   time.Duration // since the first attempt started
	Remaining time.Duration // until the loop gives up
	Wait      time.Duration // the pause before the next attempt
	Err       error         // the attempt's error ("Invalid principal in policy")
}

// Backoff of the propagation loop: first pause, growth factor and cap.
const (
	propagationFirstWait = time.Second
	propagationMaxWait   = 10 * time.Second
)

// untilPropagated runs op until it succeeds, fails with something other than
// "Invalid principal in policy" or ConcurrentModification, or
// PropagationTimeout has passed. IAM gives the first both while a principal
// (an Account A role, a new account) is still replicating and when it truly
// does not exist, so the loop is bounded; one that names a unique ID is a
// deleted principal, which never comes back, and is not retried.
func (c *Client) untilPropagated(ctx context.Context, progress func(RetryStatus), op func(context.Context) error) error {
	return c.retryWhile(ctx, progress, func(err error) bool {
		return (isInvalidPrincipal(err) && !namesUniqueID(err)) || isConcurrentModification(err)
	}, "principal still invalid", op)
}

// untilVisible runs op, a change to an entity created moments ago, until it succeeds,
// fails with something other than NoSuchEntity or ConcurrentModification, or
// PropagationTimeout has passed: IAM's replicas may not know a new role or policy yet,
// so AttachRolePolicy right after CreateRole can answer NoSuchEntity, and overlapping
// changes to one role answer ConcurrentModification. Terraform's AWS provider retries
// both for AttachRolePolicy in the same way (internal/service/iam/role_policy_attachment.go).
func (c *Client) untilVisible(ctx context.Context, op func(context.Context) error) error {
	return c.retryWhile(ctx, nil, func(err error) bool { return isNoSuchEntity(err) || isConcurrentModification(err) },
		"still unknown or busy", op)
}

// retryWhile is the bounded backoff loop of untilPropagated and untilVisible.
func (c *Client) retryWhile(ctx context.Context, progress func(RetryStatus), retryable func(error) bool, what string, op func(context.Context) error) error {
	start := c.opts.Now()
	wait := propagationFirstWait
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil || !retryable(err) {
			return err
		}
		elapsed := c.opts.Now().Sub(start)
		remaining := c.opts.PropagationTimeout - elapsed
		if remaining <= 0 {
			return fmt.Errorf("%s after %d attempts in %s (IAM propagation, or an entity that does not exist): %w",
				what, attempt, elapsed.Round(time.Second), err)
		}
		pause := min(wait, remaining)
		if progress != nil {
			progress(RetryStatus{Attempt: attempt, Elapsed: elapsed, Remaining: remaining, Wait: pause, Err: err})
		}
		if err := c.opts.Sleep(ctx, pause); err != nil {
			return fmt.Errorf("waiting for IAM propagation: %w", err)
		}
		wait = min(wait*2, propagationMaxWait)
	}
}
