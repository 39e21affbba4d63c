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
// "Invalid principal in policy", or PropagationTimeout has passed. IAM gives
// that error both while a principal (an Account A role, a new account) is
// still replicating and when it truly does not exist, so the loop is bounded.
func (c *Client) untilPropagated(ctx context.Context, progress func(RetryStatus), op func(context.Context) error) error {
	start := c.opts.Now()
	wait := propagationFirstWait
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil || !isInvalidPrincipal(err) {
			return err
		}
		elapsed := c.opts.Now().Sub(start)
		remaining := c.opts.PropagationTimeout - elapsed
		if remaining <= 0 {
			return fmt.Errorf("principal still invalid after %d attempts in %s (IAM propagation, or a principal that does not exist): %w",
				attempt, elapsed.Round(time.Second), err)
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
