package palette

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{"99999999999", 24 * time.Hour, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"Friday, 01-May-26 12:00:05 GMT", 5 * time.Second, true}, // RFC 850, as http.ParseTime allows
	}
	for _, tc := range cases {
		got, ok := retryAfter(http.Header{"Retry-After": {tc.header}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffCeiling(t *testing.T) {
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := backoffCeiling(i + 1); got != w {
			t.Errorf("backoffCeiling(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := backoffCeiling(1000); got != backoffMax {
		t.Errorf("backoffCeiling(1000) = %v", got)
	}
	for range 100 {
		if d := fullJitter(time.Second); d < 0 || d > time.Second {
			t.Fatalf("fullJitter(1s) = %v", d)
		}
	}
	if fullJitter(0) != 0 {
		t.Error("fullJitter(0) != 0")
	}
}

func TestRetryPolicy(t *testing.T) {
	for _, tc := range []struct {
		p      retryPolicy
		status int
		want   bool
	}{
		{retrySafe, 429, true}, {retrySafe, 500, true}, {retrySafe, 503, true}, {retrySafe, 404, false}, {retrySafe, 409, false},
		{retryRateLimitOnly, 429, true}, {retryRateLimitOnly, 500, false}, {retryRateLimitOnly, 502, false},
	} {
		if got := tc.p.allows(tc.status); got != tc.want {
			t.Errorf("policy %d allows(%d) = %v", tc.p, tc.status, got)
		}
	}
}

// FuzzRetryAfter: any header gives a wait in [0, maxRetryAfter], and no wait when not ok.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, header string) {
		d, ok := retryAfter(http.Header{"Retry-After": {header}}, now)
		if d < 0 || d > maxRetryAfter || (!ok && d != 0) {
			t.Fatalf("retryAfter(%q) = %v, %v", header, d, ok)
		}
	})
}

// FuzzDecodeAPIError: any answer body decodes to an APIError whose text never holds the key.
func FuzzDecodeAPIError(f *testing.F) {
	const key = "sk-fuzz<&>+/=KEY42"
	r := newRedactor(key)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		status = 100 + abs(status)%500
		e := decodeAPIError(status, "status line", body, r)
		e.Attempts = 2
		text := e.Error() + " " + e.Code + " " + e.Message + " " + e.Ref
		if s, ok := e.Details.(string); ok {
			text += s
		}
		if leaksKey(text, r) {
			t.Fatalf("key in %q", text)
		}
		if e.Status != status {
			t.Fatalf("status %d, want %d", e.Status, status)
		}
	})
}

// TestRedactEscapedJSON: a key written with JSON escapes in a body that is not a v1Error is
// still found, because the body is decoded before redaction.
func TestRedactEscapedJSON(t *testing.T) {
	r := newRedactor("sk-fuzz<&>+/=KEY42")
	e := decodeAPIError(400, "400 Bad Request", []byte(`{"detail":"sk-fuzz\u003c&\u003e+\/=KEY42"}`), r)
	if s, _ := e.Details.(string); strings.Contains(s, "KEY42") || !strings.Contains(s, Redacted) {
		t.Errorf("details = %q", s)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// leaksKey reports whether text holds the key in any form the redactor knows.
func leaksKey(text string, r redactor) bool {
	for _, form := range r.forms {
		if strings.Contains(text, form) {
			return true
		}
	}
	return false
}
