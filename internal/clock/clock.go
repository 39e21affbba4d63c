// Package clock is time as bslwiz's waits see it: the wall clock, or a fake
// one a test or the sandbox injects so that waiting for IAM to propagate
// takes no real time. It is the one implementation of a cancellable sleep;
// it imports nothing of bslwiz.
package clock

import (
	"context"
	"time"
)

// Clock reads the time and waits.
type Clock struct {
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Real is the wall clock.
func Real() Clock { return Clock{Now: time.Now, Sleep: Sleep} }

// Sleep waits for d, or until ctx is done (then it returns ctx's error).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
