package palette_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// echoKey is an API key with characters that JSON and URLs escape.
const echoKey = "sk-echo<&>+/=KEY0123456789"

// keyEchoingServer answers every request with an error that repeats the ApiKey header in
// every place a server could: code, message, ref, details (values, nested lists and map
// keys), JSON-escaped and URL-escaped, or as a raw non-JSON body. Palette may do this
// (palette-sdk-go commit ed05432 redacts keys echoed in auth errors); the emulator never does.
func keyEchoingServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("ApiKey")
		if strings.HasPrefix(r.URL.Path, "/v1/clouds") { // a proxy's text page
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprintf(w, "upstream refused key %s (escaped %q)", key, key)
			return
		}
		body, _ := json.Marshal(map[string]any{
			"code":    "ResourceNotFound:" + key,
			"message": "api key " + key + " not found",
			"ref":     key,
			"details": map[string]any{"key": key, "list": []any{key, 1}, key: "as a map key", "url": "https://x/?k=" + strings.NewReplacer("+", "%2B", "/", "%2F", "<", "%3C", ">", "%3E", "&", "%26", "=", "%3D").Replace(key)},
		})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestAPIKeyNeverInErrors calls every method against a server that echoes the key and
// checks no error text, formatted any way, holds the key.
func TestAPIKeyNeverInErrors(t *testing.T) {
	srv := keyEchoingServer(t)
	c, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: echoKey, Warn: io.Discard, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	palette.SetTestClock(c, clock.Now, clock.Sleep, maxJitter)
	ctx := context.Background()
	loc := palette.S3Location{Name: "n", Bucket: "b", Region: "us-east-2", RoleARN: "arn:aws:iam::111122223333:role/r", ExternalID: "e"}
	calls := map[string]func() error{
		"Verify":             func() error { return c.Verify(ctx) },
		"Projects":           func() error { _, err := c.Projects(ctx); return err },
		"ResolveProject":     func() error { _, err := c.InProject("p").ResolveProject(ctx, "Default"); return err },
		"StsAccount":         func() error { _, err := c.StsAccount(ctx, "aws"); return err },
		"ListLocations":      func() error { _, err := c.ListLocations(ctx); return err },
		"GetS3Location":      func() error { _, err := c.GetS3Location(ctx, "u"); return err },
		"ValidateS3":         func() error { return c.ValidateS3(ctx, loc) },
		"CreateS3Location":   func() error { _, err := c.CreateS3Location(ctx, loc); return err },
		"UpdateS3Location":   func() error { return c.UpdateS3Location(ctx, "u", loc) },
		"DeleteS3Location":   func() error { return c.DeleteS3Location(ctx, "u") },
		"key as project uid": func() error { return c.InProject(echoKey).Verify(ctx) },
	}
	for name, call := range calls {
		err := call()
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		var apiErr *palette.APIError
		if !errors.As(err, &apiErr) {
			t.Errorf("%s: %v is not an APIError", name, err)
			continue
		}
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", apiErr), fmt.Sprint(apiErr.Details)} {
			if leaks(text) {
				t.Errorf("%s: the key leaks in %q", name, text)
			}
		}
		if !strings.Contains(err.Error(), palette.Redacted) {
			t.Errorf("%s: %q does not show where the key was redacted", name, err)
		}
	}
}

// leaks reports whether text holds the key or a recognisable piece of it.
func leaks(text string) bool {
	return strings.Contains(text, "KEY0123456789") || strings.Contains(text, "sk-echo")
}

// TestNonJSONErrorFallback decodes a body that is not a v1Error like palette-sdk-go does.
func TestNonJSONErrorFallback(t *testing.T) {
	page := "<html><body>" + strings.Repeat("bad gateway ", 200) + "</body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, page)
	}))
	defer srv.Close()
	c, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: testKey, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Verify(context.Background())
	var apiErr *palette.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("Verify: %v, want an APIError", err)
	}
	if apiErr.Status != 502 || apiErr.Code != "Bad Gateway" || apiErr.Message != "502 Bad Gateway" {
		t.Errorf("fallback = %d %q %q", apiErr.Status, apiErr.Code, apiErr.Message)
	}
	details, _ := apiErr.Details.(string)
	if !strings.HasPrefix(details, "<html><body>bad gateway") || len(details) > 520 || !strings.HasSuffix(details, "…") {
		t.Errorf("details = %q (%d bytes), want the body truncated", details, len(details))
	}
}

func TestAPIErrorText(t *testing.T) {
	cases := []struct {
		err  palette.APIError
		want string
	}{
		{palette.APIError{Status: 409, Code: "DuplicateName", Message: "exists", Ref: "r1"}, "palette: 409 DuplicateName: exists (ref r1)"},
		{palette.APIError{Status: 502, Code: "Bad Gateway", Message: "502 Bad Gateway", Details: "oops", Attempts: 3},
			"palette: 502 Bad Gateway: oops (gave up after 3 attempts)"},
		{palette.APIError{Status: 400, Code: "X", Message: "m", Details: map[string]any{"a": 1}}, "palette: 400 X: m"},
	}
	for _, tc := range cases {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestSentinels(t *testing.T) {
	cases := map[int]error{
		401: palette.ErrAuth, 403: palette.ErrAuth, 404: palette.ErrNotFound,
		409: palette.ErrConflict, 429: palette.ErrRateLimited,
	}
	all := []error{palette.ErrAuth, palette.ErrNotFound, palette.ErrConflict, palette.ErrRateLimited}
	for status, want := range cases {
		err := fmt.Errorf("wrapped: %w", &palette.APIError{Status: status})
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == want) {
				t.Errorf("status %d: errors.Is(%v) = %v", status, s, got)
			}
		}
	}
	for _, s := range all {
		if errors.Is(&palette.APIError{Status: 500}, s) {
			t.Errorf("500 matches %v", s)
		}
	}
}

// TestAuthErrors uses the emulator: a wrong key and a missing key are both 401.
func TestAuthErrors(t *testing.T) {
	f := newFixture(t)
	wrong := f.newClient(t, palette.Config{APIKey: "not-a-key-" + f.key[:4]})
	err := wrong.Verify(context.Background())
	var apiErr *palette.APIError
	if !errors.Is(err, palette.ErrAuth) || !errors.As(err, &apiErr) || apiErr.Status != 401 {
		t.Fatalf("Verify with a wrong key: %v, want 401 ErrAuth", err)
	}
	if strings.Contains(err.Error(), "not-a-key") {
		t.Errorf("error shows the key: %v", err)
	}
}

// TestTimeout: a slow answer ends the attempt after Config.Timeout, and it is not retried.
func TestTimeout(t *testing.T) {
	f := newFixture(t)
	c := f.newClient(t, palette.Config{Timeout: 50 * time.Millisecond})
	f.emu.SetFault(palettetest.OpProjectsMetadata, latency(2*time.Second))
	start := time.Now()
	err := c.Verify(context.Background())
	var reqErr *palette.RequestError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &reqErr) || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Fatalf("Verify: %v, want a RequestError for the deadline", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %v, want about 50ms", elapsed)
	}
	if len(f.clock.Sleeps()) != 0 {
		t.Errorf("a timeout was retried: %v", f.clock.Sleeps())
	}
}

// TestCallerDeadline: the caller's own context bounds the call too.
func TestCallerDeadline(t *testing.T) {
	f := newFixture(t)
	f.emu.SetFault(palettetest.OpProjectsMetadata, latency(2*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	err := f.client.Verify(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Verify: %v, want context.Canceled", err)
	}
}

// TestUnreachable: a refused connection is a RequestError without the URL's query or key.
func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := palette.New(palette.Config{Endpoint: url, APIKey: testKey, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Verify(context.Background())
	var reqErr *palette.RequestError
	if !errors.As(err, &reqErr) || !strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), testKey) {
		t.Fatalf("Verify: %v, want a connection-refused RequestError", err)
	}
}
