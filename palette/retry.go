package palette

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryPolicy says which failed answers a request may be repeated after.
type retryPolicy int

const (
	// retrySafe repeats after 429 and any 5xx: for requests that can be repeated without
	// effect (GET, PUT of a whole object, DELETE, validate).
	retrySafe retryPolicy = iota
	// retryRateLimitOnly repeats only after 429, which is sent before the request is
	// processed. For creates: after a 5xx the object may exist, and a retry could duplicate it.
	retryRateLimitOnly
)

func (p retryPolicy) allows(status int) bool {
	switch {
	case status == http.StatusTooManyRequests:
		return true
	case status >= 500:
		return p == retrySafe
	}
	return false
}

// Backoff bounds: the ceiling doubles from backoffBase up to backoffMax, and the wait is
// drawn uniformly below it (full jitter).
const (
	backoffBase = time.Second
	backoffMax  = 10 * time.Second
)

// backoffCeiling is the largest wait before retry number attempt (1-based).
func backoffCeiling(attempt int) time.Duration {
	d := backoffBase
	for i := 1; i < attempt && d < backoffMax; i++ {
		d *= 2
	}
	return min(d, backoffMax)
}

// maxRetryAfter caps a Retry-After value; the retry budget refuses long waits anyway.
const maxRetryAfter = 24 * time.Hour

// retryAfter reads a Retry-After header given in seconds or as an HTTP date. ok is false
// when there is no usable header. A date in the past means no wait.
func retryAfter(h http.Header, now time.Time) (wait time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return min(max(at.Sub(now), 0), maxRetryAfter), true
	}
	return 0, false
}
