package palette_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func TestValidateFailuresAnsweredWith403Or500(t *testing.T) {
	opt, _ := withAWS(t) // no role: Palette cannot assume it
	f := newFixture(t, opt, func(_ *palettetest.Options, cfg *palette.Config) { cfg.MaxAttempts = 1 })
	tests := []struct {
		status       int
		refused, key bool // a *ValidateRefusedError; matches ErrAuth
	}{
		{http.StatusBadRequest, false, false},
		{http.StatusForbidden, true, false},
		{http.StatusInternalServerError, false, false},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			f.emu.SetValidateFailureStatus(tt.status)
			err := f.client.ValidateS3(context.Background(), f.sampleLocation("n"))
			var refused *palette.ValidateRefusedError
			if err == nil || errors.As(err, &refused) != tt.refused || errors.Is(err, palette.ErrAuth) != tt.key {
				t.Fatalf("validate answered %d: %v", tt.status, err)
			}
			if tt.refused && !strings.Contains(err.Error(), "Palette could not use the role or the bucket") {
				t.Errorf("message %q", err)
			}
			if palette.IsUnauthorized(err) {
				t.Errorf("IsUnauthorized(%v)", err)
			}
		})
	}
}
