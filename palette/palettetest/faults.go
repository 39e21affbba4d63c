package palettetest

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is trouble injected into an operation.
type Fault struct {
	// Latency delays every matching request (cut short if the client goes away).
	Latency time.Duration
	// ServerError makes the next N matching requests answer 500.
	ServerError int
	// TooMany makes the next N matching requests answer 429 with Retry-After: 1.
	TooMany int
	// DropReply makes the next N matching requests do what they ask and then never
	// answer: the connection closes where the reply should be, as when a reply is lost on
	// the way. The emulator must be served over HTTP (Serve, httptest) for this one.
	DropReply int
}

// SetFault sets the fault for an operationId (see the Op constants) or for AllOperations
// ("*"), which applies to operations without a fault of their own. The zero Fault clears it.
func (e *Emulator) SetFault(op string, f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if f == (Fault{}) {
		delete(e.faults, op)
		return
	}
	e.faults[op] = &f
}

// statusClientClosedRequest is nginx's code for a client that left before the answer.
const statusClientClosedRequest = 499

// injectFaults applies the fault for op; false means it answered the request, drop that
// the operation is to run and its reply to be lost.
func (e *Emulator) injectFaults(w http.ResponseWriter, r *http.Request, op string) (ok, drop bool) {
	e.mu.Lock()
	f := e.faults[op]
	if f == nil {
		f = e.faults[AllOperations]
	}
	var latency time.Duration
	var tooMany, serverError bool
	if f != nil {
		latency = f.Latency
		switch {
		case f.TooMany > 0:
			f.TooMany--
			tooMany = true
		case f.ServerError > 0:
			f.ServerError--
			serverError = true
		case f.DropReply > 0:
			f.DropReply--
			drop = true
		}
	}
	e.mu.Unlock()

	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			w.WriteHeader(statusClientClosedRequest) // nobody reads it; Calls shows what happened
			return false, false
		}
	}
	switch {
	case tooMany:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "TooManyRequests", "too many requests (injected fault)")
		return false, false
	case serverError:
		writeError(w, http.StatusInternalServerError, "InternalError", "internal server error (injected fault)")
		return false, false
	}
	return true, drop
}

// Palette's documented limit: 10 requests/s with a burst of 5, per top-level resource.
const (
	rateLimitPerSecond = 10
	rateLimitBurst     = 5
)

// admit applies the rate limiter, if on; false means it answered 429.
func (e *Emulator) admit(w http.ResponseWriter, path string) bool {
	if e.limiter == nil {
		return true
	}
	e.mu.Lock()
	wait := e.limiter.take(resourceOf(path), e.now())
	e.mu.Unlock()
	if wait == 0 {
		return true
	}
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	writeError(w, http.StatusTooManyRequests, "TooManyRequests",
		"rate limit exceeded: 10 requests per second with a burst of 5; retry after a few moments")
	return false
}

// resourceOf is the top-level resource a path counts against: "/v1/users/..." → "users".
func resourceOf(path string) string {
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 3)
	if len(parts) < 2 {
		return path
	}
	return parts[1]
}

// limiter is a token bucket per resource. Callers hold e.mu.
type limiter struct {
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(perSecond, burst int) *limiter {
	return &limiter{rate: float64(perSecond), burst: float64(burst), buckets: map[string]*bucket{}}
}

// take spends a token for resource at now; it returns 0 when one was available, or how
// long until one will be.
func (l *limiter) take(resource string, now time.Time) time.Duration {
	b := l.buckets[resource]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[resource] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// SetValidateFailureStatus makes validate answer the failures it finds (the role cannot be
// assumed, the bucket is missing or denied) with status instead of 400: 403 as Palette
// answers some of them, or 500. Zero restores 400. A bad request body stays 400.
func (e *Emulator) SetValidateFailureStatus(status int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.validateStatus = status
}
