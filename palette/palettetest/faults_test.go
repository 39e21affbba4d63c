package palettetest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func statuses(t *testing.T, e *env, path string, n int) []int {
	t.Helper()
	var got []int
	for range n {
		got = append(got, call(t, e.checked, e.key, req{method: "GET", path: path}).status)
	}
	return got
}

func TestFaultCounts(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	e.emu.SetFault(palettetest.OpLocationsList, palettetest.Fault{TooMany: 1, ServerError: 2})
	e.emu.SetFault(palettetest.AllOperations, palettetest.Fault{ServerError: 1})

	got := statuses(t, e, "/v1/users/assets/locations", 4)
	want := []int{429, 500, 500, 200}
	if !equal(got, want) {
		t.Errorf("list statuses = %v, want %v (429s first, then 500s)", got, want)
	}
	// Operations without a fault of their own get "*".
	if got := statuses(t, e, "/v1/dashboard/projects/metadata", 2); !equal(got, []int{500, 200}) {
		t.Errorf("projects statuses = %v, want [500 200]", got)
	}
	e.emu.SetFault(palettetest.OpAwsAccountStsGet, palettetest.Fault{ServerError: 5})
	e.emu.SetFault(palettetest.OpAwsAccountStsGet, palettetest.Fault{}) // cleared
	if got := statuses(t, e, "/v1/clouds/aws/account/sts", 1); !equal(got, []int{200}) {
		t.Errorf("sts after clearing = %v", got)
	}
	a := func() answer {
		e.emu.SetFault(palettetest.AllOperations, palettetest.Fault{TooMany: 1})
		return call(t, e.checked, e.key, req{method: "GET", path: "/v1/clouds/aws/account/sts"})
	}()
	wantError(t, a, http.StatusTooManyRequests, "TooManyRequests", "injected")
	if a.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q", a.header.Get("Retry-After"))
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	e.emu.SetFault(palettetest.OpProjectsMetadata, palettetest.Fault{Latency: 40 * time.Millisecond})
	start := time.Now()
	if got := statuses(t, e, "/v1/dashboard/projects/metadata", 1); !equal(got, []int{200}) {
		t.Fatalf("statuses %v", got)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("answered in %v, want ≥ 40ms", d)
	}

	// A client that gives up ends the wait; Calls records 499.
	e.emu.SetFault(palettetest.OpProjectsMetadata, palettetest.Fault{Latency: time.Minute})
	e.emu.ResetCalls()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	r, _ := http.NewRequestWithContext(ctx, "GET", e.bare+"/v1/dashboard/projects/metadata", nil)
	r.Header.Set("ApiKey", e.key)
	if _, err := http.DefaultClient.Do(r); err == nil {
		t.Fatal("no timeout")
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(e.emu.Calls()) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if calls := e.emu.Calls(); len(calls) != 1 || calls[0].Status != 499 {
		t.Errorf("calls = %+v, want one with status 499", calls)
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, palettetest.Options{RateLimit: true})
	got := statuses(t, e, "/v1/users/assets/locations", 7)
	if want := []int{200, 200, 200, 200, 200, 429, 429}; !equal(got, want) {
		t.Errorf("burst statuses = %v, want %v", got, want)
	}
	// Other top-level resources have their own bucket.
	if got := statuses(t, e, "/v1/clouds/aws/account/sts", 1); !equal(got, []int{200}) {
		t.Errorf("/v1/clouds after /v1/users burst = %v", got)
	}
	e.clock.Advance(100 * time.Millisecond) // one token at 10/s
	if got := statuses(t, e, "/v1/users/assets/locations", 2); !equal(got, []int{200, 429}) {
		t.Errorf("after 100ms = %v, want [200 429]", got)
	}
	a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations"})
	wantError(t, a, http.StatusTooManyRequests, "TooManyRequests", "10 requests per second")
	if a.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q, want 1", a.header.Get("Retry-After"))
	}
	e.clock.Advance(time.Second)
	if got := statuses(t, e, "/v1/users/assets/locations", 6); !equal(got, []int{200, 200, 200, 200, 200, 429}) {
		t.Errorf("after 1s = %v, want the burst back", got)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
