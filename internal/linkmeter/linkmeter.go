// Package linkmeter measures bslwiz the way an operator on a far link feels
// it: a transport wrapper in front of the clients delays each request on its
// way to the server, as a slow link does, and records when each request was
// in flight. Only bslwiz's own requests pass through it: what a service does
// inside its datacentre (Palette's validate calling AWS) is not delayed.
//
// A round trip is a period in which at least one request is in flight:
// requests that overlap share one. The chain is the list of round trips,
// each with the calls made in it, so a regression shows which call joined
// the dependent chain.
package linkmeter

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
)

// Meter records the requests that pass through its transports.
type Meter struct {
	// Latency delays each request before it is sent (client → server).
	Latency time.Duration

	mu     sync.Mutex
	events []Event
}

// Event is one request: what it was, and when it was in flight.
type Event struct {
	Service, Call string
	Start, End    time.Time
}

// Client returns an HTTP client whose requests go through the meter,
// labelled with service ("aws", "palette"). base may be nil.
func (m *Meter) Client(service string, base *http.Client) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = &transport{m: m, service: service, next: next}
	return c
}

// Reset forgets what was recorded.
func (m *Meter) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = nil
}

// Events returns the requests recorded so far, in the order they started.
func (m *Meter) Events() []Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := append([]Event(nil), m.events...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

type transport struct {
	m       *Meter
	service string
	next    http.RoundTripper
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	ev := Event{Service: t.service, Call: label(r), Start: time.Now()}
	if t.m.Latency > 0 {
		timer := time.NewTimer(t.m.Latency)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return nil, r.Context().Err()
		}
	}
	resp, err := t.next.RoundTrip(r)
	ev.End = time.Now()
	t.m.mu.Lock()
	t.m.events = append(t.m.events, ev)
	t.m.mu.Unlock()
	return resp, err
}

// uid is a path segment that names one object (a Palette uid, a hex id).
var uid = regexp.MustCompile(`^[0-9a-f]{16,}$`)

// label names a request: the AWS operation the SDK put in its context, or
// the method and path (uids left out) of a REST call.
func label(r *http.Request) string {
	if op := awsmiddleware.GetOperationName(r.Context()); op != "" {
		return op
	}
	segs := strings.Split(r.URL.Path, "/")
	for i, s := range segs {
		if uid.MatchString(s) {
			segs[i] = "{uid}"
		}
	}
	return r.Method + " " + strings.Join(segs, "/")
}

// Wave is one round trip: the calls in flight in it.
type Wave struct {
	Calls      []Event
	Start, End time.Time
}

// Chain groups events into round trips along the dependent chain: a
// request sent after another one was answered is one round trip further on
// than it, and requests in flight together share one. So a request's round
// trip is one more than the furthest of those answered before it was sent,
// and the number of round trips is the length of the longest chain of
// requests each sent after the one before it was answered: what the
// operator waits, in units of the link's latency.
func Chain(events []Event) []Wave {
	events = append([]Event(nil), events...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Start.Before(events[j].Start) })
	depth := make([]int, len(events))
	var waves []Wave
	for i, ev := range events {
		d := 1
		for j := range events[:i] {
			if !events[j].End.After(ev.Start) {
				d = max(d, depth[j]+1)
			}
		}
		depth[i] = d
		for len(waves) < d {
			waves = append(waves, Wave{Start: ev.Start, End: ev.End})
		}
		w := &waves[d-1]
		w.Calls = append(w.Calls, ev)
		if ev.Start.Before(w.Start) {
			w.Start = ev.Start
		}
		if ev.End.After(w.End) {
			w.End = ev.End
		}
	}
	return waves
}

// BusyPeriods is the number of periods in which at least one request is in
// flight: a lower bound of the round trips, since a chain of requests can
// hide in one period while another request is in flight beside it.
func BusyPeriods(events []Event) int {
	events = append([]Event(nil), events...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Start.Before(events[j].Start) })
	n := 0
	var end time.Time
	for _, ev := range events {
		if n == 0 || !ev.Start.Before(end) {
			n++
			end = ev.End
		}
		if ev.End.After(end) {
			end = ev.End
		}
	}
	return n
}

// Summary is what a run cost on the link.
type Summary struct {
	Requests   int
	RoundTrips int
	// Busy is BusyPeriods.
	Busy  int
	Waves []Wave
}

// Summarize counts the requests and round trips of events.
func Summarize(events []Event) Summary {
	w := Chain(events)
	return Summary{Requests: len(events), RoundTrips: len(w), Busy: BusyPeriods(events), Waves: w}
}

// Count returns how many recorded calls are named call.
func (s Summary) Count(call string) int {
	n := 0
	for _, w := range s.Waves {
		for _, c := range w.Calls {
			if c.Call == call {
				n++
			}
		}
	}
	return n
}

// String writes the chain, one round trip a line: "3: CreatePolicy ∥
// CreateRole". A call made several times in one round trip is counted
// ("SimulatePrincipalPolicy ×3").
func (s Summary) String() string {
	var b strings.Builder
	for i, w := range s.Waves {
		fmt.Fprintf(&b, "%2d: %s\n", i+1, strings.Join(names(w.Calls), " ∥ "))
	}
	return b.String()
}

func names(calls []Event) []string {
	var order []string
	n := map[string]int{}
	for _, c := range calls {
		name := c.Call
		if c.Service == "palette" {
			name = "palette " + name
		}
		if n[name] == 0 {
			order = append(order, name)
		}
		n[name]++
	}
	out := make([]string, len(order))
	for i, name := range order {
		out[i] = name
		if n[name] > 1 {
			out[i] = fmt.Sprintf("%s ×%d", name, n[name])
		}
	}
	return out
}
