package palette

import (
	"context"
	"time"
)

// SetTestClock replaces the client's clock, sleep and jitter so retry tests run instantly
// and can see every wait.
func SetTestClock(c *Client, now func() time.Time, sleep func(context.Context, time.Duration) error, jitter func(time.Duration) time.Duration) {
	c.now, c.sleep, c.jitter = now, sleep, jitter
}
