// Package fakeclock is a clock for tests whose Sleep advances time at once,
// so the emulators, the AWS adapter and the steps can wait out two minutes of
// IAM propagation in no real time. Share one Clock between the emulators'
// WithClock and the code under test.
package fakeclock

import (
	"context"
	"sync"
	"time"
)

// Clock is a settable time. The zero value starts at the zero time; use New.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock set to start.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d at once; it fails only when ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
