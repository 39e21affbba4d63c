package awstest

import (
	"net/http"
	"strings"
	"time"
)

// Fault is injected into the operations it is set for. Latency delays every matching call (in real
// time). Throttle and ServerError make the next N matching calls fail: Throttle with a throttling
// error the SDK retries (IAM/STS `Throttling` 400 "Rate exceeded", S3 `SlowDown` 503), ServerError
// with a 500 (IAM `ServiceFailure`, STS `InternalFailure`, S3 `InternalError`). Throttles are
// used up before server errors.
type Fault struct {
	Latency     time.Duration
	Throttle    int
	ServerError int
	// ConcurrentModification makes the next N matching IAM calls fail with 409
	// ConcurrentModification, as IAM answers a change that overlaps another change to the
	// same entity (used up after throttles and server errors).
	ConcurrentModification int
	// DropReply makes the next N matching calls do what they ask and then never answer:
	// the connection closes where the reply should be, as when a reply is lost on the way
	// (the SDK retries, and a create then finds what it made). The emulator must be
	// served over HTTP (Serve, httptest) for this one.
	DropReply int
}

// SetFault sets the fault for op: "iam:CreateRole", "sts:AssumeRole", "s3:HeadBucket", a whole
// service ("iam:*") or every operation ("*"). The zero Fault clears it. When several keys match a
// call, the most specific one with something left to inject wins.
func (e *Emulator) SetFault(op string, f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	key := strings.ToLower(op)
	if f == (Fault{}) {
		delete(e.faults, key)
		return
	}
	e.faults[key] = &f
}

type faultKind int

const (
	noFault faultKind = iota
	throttleFault
	serverFault
	concurrentFault
	dropFault
)

// takeFault returns the latency to apply to op and consumes one injected failure, if any.
// Caller holds e.mu.
func (e *Emulator) takeFault(op string) (time.Duration, faultKind) {
	op = strings.ToLower(op)
	service, _, _ := strings.Cut(op, ":")
	var latency time.Duration
	kind := noFault
	for _, key := range []string{op, service + ":*", "*"} {
		f := e.faults[key]
		if f == nil {
			continue
		}
		if latency == 0 {
			latency = f.Latency
		}
		if kind != noFault {
			continue
		}
		switch {
		case f.Throttle > 0:
			f.Throttle--
			kind = throttleFault
		case f.ServerError > 0:
			f.ServerError--
			kind = serverFault
		case f.ConcurrentModification > 0:
			f.ConcurrentModification--
			kind = concurrentFault
		case f.DropReply > 0:
			f.DropReply--
			kind = dropFault
		}
	}
	return latency, kind
}

// dropReply ends the request with no answer at all: net/http closes the connection when a
// handler panics with http.ErrAbortHandler, and logs nothing.
func dropReply() { panic(http.ErrAbortHandler) }

// discardWriter takes the reply a DropReply fault loses, so the call is recorded with the
// status it would have had.
type discardWriter struct{ header http.Header }

func newDiscardWriter() discardWriter               { return discardWriter{header: http.Header{}} }
func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// faultError is the service's wording of an injected failure.
func faultError(service string, kind faultKind) *apiError {
	switch {
	case kind == concurrentFault:
		return newError(http.StatusConflict, "ConcurrentModification", "Rate exceeded for the entity; a concurrent change is in progress. Retry the request.")
	case kind == throttleFault && service == "s3":
		return newError(http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	case kind == throttleFault:
		return newError(http.StatusBadRequest, "Throttling", "Rate exceeded")
	case service == "s3":
		return newError(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	case service == "sts":
		return newError(http.StatusInternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.")
	}
	return newError(http.StatusInternalServerError, "ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.")
}

// SetReadAfterCreateDelay makes roles and managed policies created after this call
// unknown to AttachRolePolicy for d (NoSuchEntity), as IAM's replicas lag behind a create
// for a moment (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
// Zero turns it off.
func (e *Emulator) SetReadAfterCreateDelay(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.readAfterCreate = d
}
