package palette_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/internal/contract"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// fakeClock is a clock that moves only when someone sleeps on it; the client and the
// emulator's rate limiter can share one.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.t = c.t.Add(d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// maxJitter makes full jitter deterministic: always the ceiling.
func maxJitter(d time.Duration) time.Duration { return d }

// bodyRecorder keeps the raw request bodies that pass through it.
type bodyRecorder struct {
	mu     sync.Mutex
	bodies map[string][]string // "METHOD path" → bodies
}

func (b *bodyRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(data))
		b.mu.Lock()
		if b.bodies == nil {
			b.bodies = map[string][]string{}
		}
		key := r.Method + " " + r.URL.Path
		b.bodies[key] = append(b.bodies[key], string(data))
		b.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (b *bodyRecorder) last(t *testing.T, key string) string {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	bodies := b.bodies[key]
	if len(bodies) == 0 {
		t.Fatalf("no request %s was sent", key)
	}
	return bodies[len(bodies)-1]
}

// fixture is a client talking to an emulator through the contract validator.
type fixture struct {
	emu        *palettetest.Emulator
	tenant     *palettetest.Tenant
	key        string
	projectUID string
	clock      *fakeClock
	bodies     *bodyRecorder
	endpoint   string
	client     *palette.Client // tenant scope
}

type fixtureOption func(*palettetest.Options, *palette.Config)

func newFixture(t *testing.T, opts ...fixtureOption) *fixture {
	t.Helper()
	clock := newFakeClock()
	emuOpts := palettetest.Options{Now: clock.Now}
	cfg := palette.Config{Warn: io.Discard, Timeout: 5 * time.Second}
	for _, o := range opts {
		o(&emuOpts, &cfg)
	}
	f := &fixture{emu: palettetest.New(emuOpts), clock: clock, bodies: &bodyRecorder{}}
	f.tenant = f.emu.AddTenant("acme")
	f.projectUID = f.tenant.AddProject("Default")
	f.tenant.AddProject("Prod")
	f.key = f.tenant.AddAPIKey()
	f.endpoint = contract.NewTestServer(t, f.bodies.wrap(f.emu)).URL
	f.client = f.newClient(t, cfg)
	return f
}

// newClient builds a client for the fixture's server with cfg (Endpoint and APIKey filled
// in when empty) and the fake clock.
func (f *fixture) newClient(t *testing.T, cfg palette.Config) *palette.Client {
	t.Helper()
	if cfg.Endpoint == "" {
		cfg.Endpoint = f.endpoint
	}
	if cfg.APIKey == "" {
		cfg.APIKey = f.key
	}
	if cfg.Warn == nil {
		cfg.Warn = io.Discard
	}
	c, err := palette.New(cfg)
	if err != nil {
		t.Fatalf("palette.New: %v", err)
	}
	palette.SetTestClock(c, f.clock.Now, f.clock.Sleep, maxJitter)
	return c
}

// sampleLocation is a complete STS location for the fixture's tenant.
func (f *fixture) sampleLocation(name string) palette.S3Location {
	return palette.S3Location{
		Name: name, Bucket: "acme-velero-backups", Region: "us-east-2",
		RoleARN:    "arn:aws:iam::111122223333:role/palette-backup",
		ExternalID: f.tenant.ExternalID,
	}
}

func latency(d time.Duration) palettetest.Fault { return palettetest.Fault{Latency: d} }
