package linkmeter

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestChainCountsTheDependentChainNotTheBusyPeriods(t *testing.T) {
	at := func(ms int) time.Time { return time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond) }
	ev := func(call string, start, end int) Event {
		return Event{Service: "aws", Call: call, Start: at(start), End: at(end)}
	}
	tests := []struct {
		name   string
		events []Event
		want   []string // the chain, one round trip a line
		busy   int
	}{
		{"one call", []Event{ev("A", 0, 100)}, []string{"A"}, 1},
		{"concurrent calls share a round trip", []Event{ev("A", 0, 100), ev("B", 1, 101), ev("B", 2, 99)},
			[]string{"A ∥ B ×2"}, 1},
		{"a call sent after an answer is one further", []Event{ev("A", 0, 100), ev("B", 100, 200)},
			[]string{"A", "B"}, 2},
		{
			// B hides in A's busy period, yet waited for C's answer.
			"a chain beside a long call", []Event{ev("A", 0, 300), ev("C", 0, 100), ev("B", 101, 200)},
			[]string{"A ∥ C", "B"}, 1,
		},
		{"an idle gap is no round trip", []Event{ev("A", 0, 100), ev("B", 500, 600), ev("C", 510, 590)},
			[]string{"A", "B ∥ C"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Summarize(tt.events)
			var got []string
			for _, w := range s.Waves {
				got = append(got, joinNames(w.Calls))
			}
			if len(got) != len(tt.want) || s.RoundTrips != len(tt.want) {
				t.Fatalf("chain = %q (%d round trips), want %q", got, s.RoundTrips, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("chain = %q, want %q", got, tt.want)
				}
			}
			if s.Busy != tt.busy {
				t.Errorf("busy periods = %d, want %d", s.Busy, tt.busy)
			}
			if s.Requests != len(tt.events) {
				t.Errorf("requests = %d, want %d", s.Requests, len(tt.events))
			}
		})
	}
}

func joinNames(calls []Event) string {
	out := ""
	for i, n := range names(calls) {
		if i > 0 {
			out += " ∥ "
		}
		out += n
	}
	return out
}

func TestTheTransportDelaysEachRequestAndRecordsIt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	m := &Meter{Latency: 5 * time.Millisecond}
	c := m.Client("palette", nil)
	for range 2 {
		resp, err := c.Get(srv.URL + "/v1/users/assets/locations/s3/0123456789abcdef0123")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	s := Summarize(m.Events())
	if s.Requests != 2 || s.RoundTrips != 2 {
		t.Fatalf("requests %d, round trips %d; want 2 and 2", s.Requests, s.RoundTrips)
	}
	if got := s.Count("GET /v1/users/assets/locations/s3/{uid}"); got != 2 {
		t.Fatalf("the calls are labelled %q", s.String())
	}
	for _, ev := range m.Events() {
		if ev.End.Sub(ev.Start) < m.Latency {
			t.Fatalf("a request took %v, less than the latency it must wait", ev.End.Sub(ev.Start))
		}
	}
}
