package palette_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func TestRetries(t *testing.T) {
	cases := []struct {
		name       string
		op         string
		fault      palettetest.Fault
		call       func(*fixture) error
		wantErr    error // nil: the call succeeds (see also wantStatus)
		wantStatus int   // non-zero: the call fails with an *APIError of this status
		wantCalls  int
		wantSleeps []time.Duration
	}{
		{
			name: "429 honours Retry-After", op: palettetest.OpLocationsList,
			fault:      palettetest.Fault{TooMany: 2},
			call:       func(f *fixture) error { _, err := f.client.ListLocations(context.Background()); return err },
			wantCalls:  3,
			wantSleeps: []time.Duration{time.Second, time.Second},
		},
		{
			name: "5xx backs off exponentially", op: palettetest.OpAwsAccountStsGet,
			fault:      palettetest.Fault{ServerError: 3},
			call:       func(f *fixture) error { _, err := f.client.StsAccount(context.Background(), "aws"); return err },
			wantCalls:  4,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
		},
		{
			name: "5xx bounded by MaxAttempts", op: palettetest.OpProjectsMetadata,
			fault:      palettetest.Fault{ServerError: 100},
			call:       func(f *fixture) error { return f.client.Verify(context.Background()) },
			wantStatus: http.StatusInternalServerError,
			wantCalls:  palette.DefaultMaxAttempts,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
		},
		{
			name: "429 bounded by MaxAttempts", op: palettetest.AllOperations,
			fault:      palettetest.Fault{TooMany: 100},
			call:       func(f *fixture) error { _, err := f.client.Projects(context.Background()); return err },
			wantErr:    palette.ErrRateLimited,
			wantCalls:  palette.DefaultMaxAttempts,
			wantSleeps: []time.Duration{time.Second, time.Second, time.Second, time.Second},
		},
		{
			name: "create is not retried after 5xx", op: palettetest.OpLocationS3Create,
			fault: palettetest.Fault{ServerError: 1},
			call: func(f *fixture) error {
				_, err := f.client.CreateS3Location(context.Background(), f.sampleLocation("a"))
				return err
			},
			wantStatus: http.StatusInternalServerError,
			wantCalls:  1,
		},
		{
			name: "create is retried after 429", op: palettetest.OpLocationS3Create,
			fault: palettetest.Fault{TooMany: 1},
			call: func(f *fixture) error {
				_, err := f.client.CreateS3Location(context.Background(), f.sampleLocation("a"))
				return err
			},
			wantCalls:  2,
			wantSleeps: []time.Duration{time.Second},
		},
		{
			name: "validate is retried after 5xx", op: palettetest.OpAwsS3Validate,
			fault:      palettetest.Fault{ServerError: 1},
			call:       func(f *fixture) error { return f.client.ValidateS3(context.Background(), f.sampleLocation("a")) },
			wantStatus: http.StatusInternalServerError, // the emulator has no AWS endpoint: validate answers 500 every time
			wantCalls:  palette.DefaultMaxAttempts,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
		},
		{
			name: "update and delete are retried after 5xx", op: palettetest.OpLocationS3Delete,
			fault:      palettetest.Fault{ServerError: 1},
			call:       func(f *fixture) error { return f.client.DeleteS3Location(context.Background(), "0123") },
			wantErr:    palette.ErrNotFound,
			wantCalls:  2,
			wantSleeps: []time.Duration{time.Second},
		},
		{
			name: "4xx is not retried", op: palettetest.AllOperations,
			call:      func(f *fixture) error { _, err := f.client.GetS3Location(context.Background(), "0123"); return err },
			wantErr:   palette.ErrNotFound,
			wantCalls: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.emu.SetFault(tc.op, tc.fault)
			err := tc.call(f)
			var apiErr *palette.APIError
			switch {
			case tc.wantStatus != 0:
				if !errors.As(err, &apiErr) || apiErr.Status != tc.wantStatus {
					t.Fatalf("call: %v, want an APIError with status %d", err, tc.wantStatus)
				}
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("call: %v, want %v", err, tc.wantErr)
				}
			case err != nil:
				t.Fatalf("call failed: %v", err)
			}
			if got := len(f.emu.Calls()); got != tc.wantCalls {
				t.Errorf("%d requests, want %d", got, tc.wantCalls)
			}
			if got := f.clock.Sleeps(); !slices.Equal(got, tc.wantSleeps) {
				t.Errorf("waits = %v, want %v", got, tc.wantSleeps)
			}
			if errors.As(err, &apiErr) && apiErr.Attempts != tc.wantCalls {
				t.Errorf("APIError.Attempts = %d, want %d", apiErr.Attempts, tc.wantCalls)
			}
		})
	}
}

func TestRetryBoundedByMaxRetryTime(t *testing.T) {
	f := newFixture(t)
	c := f.newClient(t, palette.Config{MaxRetryTime: 2500 * time.Millisecond, MaxAttempts: 10})
	f.emu.SetFault(palettetest.OpLocationsList, palettetest.Fault{TooMany: 100})
	_, err := c.ListLocations(context.Background())
	if !errors.Is(err, palette.ErrRateLimited) {
		t.Fatalf("ListLocations: %v, want ErrRateLimited", err)
	}
	// Retry-After is 1 s: waits at 0→1 s and 1→2 s fit in 2.5 s, a third would end at 3 s.
	if got := f.clock.Sleeps(); len(got) != 2 {
		t.Errorf("waits = %v, want two", got)
	}
	if n := len(f.emu.Calls()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestMaxAttemptsOneDisablesRetries(t *testing.T) {
	f := newFixture(t)
	c := f.newClient(t, palette.Config{MaxAttempts: 1})
	f.emu.SetFault(palettetest.AllOperations, palettetest.Fault{ServerError: 1})
	if err := c.Verify(context.Background()); err == nil {
		t.Fatalf("Verify: %v", err)
	}
	if n := len(f.emu.Calls()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestRateLimiterRecovery runs the emulator's real limiter (10/s, burst 5) on the same fake
// clock as the client: calls beyond the burst of 5 get 429, the client waits Retry-After,
// and every call succeeds.
func TestRateLimiterRecovery(t *testing.T) {
	f := newFixture(t, func(o *palettetest.Options, _ *palette.Config) { o.RateLimit = true })
	for i := range 12 {
		if _, err := f.client.ListLocations(context.Background()); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	var limited int
	for _, c := range f.emu.Calls() {
		if c.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	// 5 pass, the 6th waits 1 s (refilling the burst), 5 pass, the 12th waits, then passes.
	if want := []time.Duration{time.Second, time.Second}; limited != 2 || !slices.Equal(f.clock.Sleeps(), want) {
		t.Errorf("429s = %d, waits = %v; want 2 and %v", limited, f.clock.Sleeps(), want)
	}
}

// TestCancelWhileWaiting stops a retry loop when the caller's context ends.
func TestCancelWhileWaiting(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	c := f.newClient(t, palette.Config{})
	palette.SetTestClock(c, f.clock.Now, func(context.Context, time.Duration) error { cancel(); return context.Canceled }, maxJitter)
	f.emu.SetFault(palettetest.AllOperations, palettetest.Fault{TooMany: 5})
	err := c.Verify(ctx)
	var reqErr *palette.RequestError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &reqErr) {
		t.Fatalf("Verify: %v, want a RequestError wrapping context.Canceled", err)
	}
}
