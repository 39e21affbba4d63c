package palette_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// TestAnUnknownKeyAnsweredAsResourceNotFoundIsAnAuthFailure: some Palette installations
// answer an invalid key on the projects list with 404 ResourceNotFound, not 401.
func TestAnUnknownKeyAnsweredAsResourceNotFoundIsAnAuthFailure(t *testing.T) {
	f := newFixture(t, func(o *palettetest.Options, _ *palette.Config) { o.UnknownKeyNotFound = true })
	const wrong = "not-the-tenants-key-0000000000"
	c := f.newClient(t, palette.Config{APIKey: wrong})
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"projects": func() error { _, err := c.Projects(ctx); return err },
		"verify":   func() error { return c.Verify(ctx) },
	} {
		t.Run(name, func(t *testing.T) {
			err := call()
			var kn *palette.KeyNotRecognizedError
			if !errors.Is(err, palette.ErrAuth) || !errors.As(err, &kn) || errors.Is(err, palette.ErrNotFound) {
				t.Fatalf("%s with an unknown key answered 404: %v, want an auth failure (not not-found)", name, err)
			}
			if strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), "did not recognise the API key") {
				t.Errorf("message %q", err)
			}
		})
	}
	// A real 404 elsewhere is still not found.
	if _, err := f.client.GetS3Location(ctx, "no-such-uid"); !errors.Is(err, palette.ErrNotFound) || errors.Is(err, palette.ErrAuth) {
		t.Errorf("get of a missing location: %v", err)
	}
}
