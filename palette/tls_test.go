package palette_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// TestTLS serves the emulator over TLS with a self-signed certificate: it is refused by
// default, trusted with CAFile, and reachable with InsecureSkipVerify.
func TestTLS(t *testing.T) {
	emu := palettetest.New(palettetest.Options{})
	key := emu.AddTenant("acme").AddAPIKey()
	srv := httptest.NewUnstartedServer(emu)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	ctx := context.Background()

	plain, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: key, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = plain.Verify(ctx)
	var reqErr *palette.RequestError
	if !errors.As(err, &reqErr) || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v, want a certificate RequestError", err)
	}

	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	trusted, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: key, CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	if err := trusted.Verify(ctx); err != nil {
		t.Errorf("with CAFile: %v", err)
	}

	var warn bytes.Buffer
	insecure, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: key, InsecureSkipVerify: true, Warn: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if err := insecure.Verify(ctx); err != nil {
		t.Errorf("with InsecureSkipVerify: %v", err)
	}
	if !strings.Contains(warn.String(), srv.URL) {
		t.Errorf("warning does not name the endpoint: %q", warn.String())
	}
}

func TestTLSConfigErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	cases := map[string]palette.Config{
		"missing CA file":  {APIKey: testKey, CAFile: filepath.Join(dir, "missing.pem")},
		"CA file not PEM":  {APIKey: testKey, CAFile: notPEM},
		"CA + HTTPClient":  {APIKey: testKey, CAFile: notPEM, HTTPClient: http.DefaultClient},
		"insecure + HTTPC": {APIKey: testKey, InsecureSkipVerify: true, HTTPClient: http.DefaultClient},
	}
	for name, cfg := range cases {
		if _, err := palette.New(cfg); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}
