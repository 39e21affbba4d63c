package palette_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette"
)

const testKey = "Zk9sZWtleS1mb3ItdGVzdHM"

func TestEndpointNormalization(t *testing.T) {
	cases := []struct{ in, want, wantErr string }{
		{"", "https://api.spectrocloud.com", ""},
		{"api.spectrocloud.com", "https://api.spectrocloud.com", ""},
		{"palette.example.com:8443", "https://palette.example.com:8443", ""},
		{"https://palette.example.com/", "https://palette.example.com", ""},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{" https://palette.example.com/base/ ", "https://palette.example.com/base", ""},
		{"ftp://palette.example.com", "", "scheme must be https or http"},
		{"https://", "", "no host"},
		{"https://user:pw@palette.example.com", "", "credentials in the URL"},
		{"https://palette.example.com/?a=b", "", "query or fragment"},
	}
	for _, tc := range cases {
		c, err := palette.New(palette.Config{Endpoint: tc.in, APIKey: testKey})
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("New(%q): %v, want error containing %q", tc.in, err, tc.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "pw") {
				t.Errorf("New(%q) error shows the URL password: %v", tc.in, err)
			}
		case err != nil:
			t.Errorf("New(%q): %v", tc.in, err)
		case c.Endpoint() != tc.want:
			t.Errorf("New(%q).Endpoint() = %q, want %q", tc.in, c.Endpoint(), tc.want)
		}
	}
}

func TestEnvConfig(t *testing.T) {
	t.Setenv(palette.EnvHost, "palette.example.com")
	t.Setenv(palette.EnvAPIKey, " "+testKey+"\n")
	cfg := palette.EnvConfig()
	if cfg.Endpoint != "palette.example.com" || cfg.APIKey != testKey {
		t.Fatalf("EnvConfig = %q, %q", cfg.Endpoint, cfg.APIKey)
	}
	c, err := palette.New(cfg)
	if err != nil || c.Endpoint() != "https://palette.example.com" {
		t.Fatalf("New(EnvConfig()) = %v, %v", c, err)
	}

	t.Setenv(palette.EnvHost, "")
	t.Setenv(palette.EnvAPIKey, "")
	cfg = palette.EnvConfig()
	if _, err := palette.New(cfg); err == nil || !strings.Contains(err.Error(), palette.EnvAPIKey) {
		t.Errorf("New without a key: %v, want an error naming %s", err, palette.EnvAPIKey)
	}
}

func TestAPIKeyChecks(t *testing.T) {
	for _, key := range []string{"", "two words", "line\nbreak", "tab\tkey", "ünï"} {
		_, err := palette.New(palette.Config{APIKey: key})
		if err == nil {
			t.Errorf("New accepted key %q", key)
			continue
		}
		if key != "" && strings.Contains(err.Error(), key) {
			t.Errorf("error quotes the key: %v", err)
		}
	}
}

func TestReadAPIKeyFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // umask-proof
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, content string
		mode          os.FileMode
		want, wantErr string
	}{
		{"ok", testKey + "\n", 0o600, testKey, ""},
		{"trimmed", "\n  " + testKey + " \r\n", 0o400, testKey, ""},
		{"group readable", testKey, 0o640, "", "chmod 600"},
		{"world readable", testKey, 0o644, "", "accessible by other users"},
		{"empty", " \n", 0o600, "", "is empty"},
		{"two lines", testKey + "\n" + testKey, 0o600, "", "more than one line"},
		{"space inside", "abc def", 0o600, "", "white space"},
		{"too large", strings.Repeat("a", 5000), 0o600, "", "larger than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := palette.ReadAPIKeyFile(write(tc.name, tc.content, tc.mode))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ReadAPIKeyFile: %q, %v; want error containing %q", got, err, tc.wantErr)
				}
				if strings.Contains(err.Error(), testKey) || strings.Contains(err.Error(), "abc def") {
					t.Errorf("error shows the file's content: %v", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ReadAPIKeyFile = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := palette.ReadAPIKeyFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := palette.ReadAPIKeyFile(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory: %v", err)
	}
}

func TestWarnings(t *testing.T) {
	var warn bytes.Buffer
	for range 2 {
		if _, err := palette.New(palette.Config{Endpoint: "palette.example.com", APIKey: testKey, InsecureSkipVerify: true, Warn: &warn}); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(warn.String(), "TLS certificate verification is disabled for Palette endpoint https://palette.example.com"); n != 2 {
		t.Errorf("insecure warning printed %d times, want 2 (one per New):\n%s", n, warn.String())
	}
	warn.Reset()
	if _, err := palette.New(palette.Config{Endpoint: "http://palette.example.com", APIKey: testKey, Warn: &warn}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warn.String(), "plain http") {
		t.Errorf("no plain-http warning: %q", warn.String())
	}
	warn.Reset()
	if _, err := palette.New(palette.Config{Endpoint: "http://127.0.0.1:9", APIKey: testKey, Warn: &warn}); err != nil {
		t.Fatal(err)
	}
	if warn.Len() != 0 {
		t.Errorf("loopback http warned: %q", warn.String())
	}
	if strings.Contains(warn.String(), testKey) {
		t.Error("a warning shows the key")
	}
}

// TestFormattingHidesKey: printing a Config or a Client any way never shows the key.
func TestFormattingHidesKey(t *testing.T) {
	cfg := palette.Config{Endpoint: "palette.example.com", APIKey: testKey}
	c, err := palette.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{cfg, &cfg, c, c.InProject("p1")} {
		for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(format, v); strings.Contains(s, testKey) || !strings.Contains(s, palette.Redacted) {
				t.Errorf("%s of %T = %s", format, v, s)
			}
		}
	}
}

// TestNoRedirects: a 3xx is the answer; the key is not sent on to the redirect target.
func TestNoRedirects(t *testing.T) {
	var followed bool
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { followed = true }))
	defer target.Close()
	redirector := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer redirector.Close()
	for name, hc := range map[string]*http.Client{"default client": nil, "custom client": {}} {
		c, err := palette.New(palette.Config{Endpoint: redirector.URL, APIKey: testKey, HTTPClient: hc, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		var apiErr *palette.APIError
		if err := c.Verify(context.Background()); !errors.As(err, &apiErr) || apiErr.Status != http.StatusFound {
			t.Errorf("%s: Verify = %v, want the 302 as an APIError", name, err)
		}
	}
	if followed {
		t.Error("a redirect was followed")
	}
}

// TestCAFileAndKeyFileMustBeRegular: /dev/zero as the CA file is refused, not read until
// memory runs out, and a FIFO as either file is refused, not waited on.
func TestCAFileAndKeyFileMustBeRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	open := map[string]func(string) error{
		"CAFile": func(p string) error {
			_, err := palette.New(palette.Config{Endpoint: "https://api.spectrocloud.com", APIKey: testKey, CAFile: p, Warn: io.Discard})
			return err
		},
		"ReadAPIKeyFile": func(p string) error { _, err := palette.ReadAPIKeyFile(p); return err },
	}
	for name, f := range open {
		for what, path := range map[string]string{"FIFO": fifo, "dev-zero": "/dev/zero"} {
			t.Run(name+"/"+what, func(t *testing.T) {
				done := make(chan error, 1)
				go func() { done <- f(path) }()
				select {
				case err := <-done:
					if err == nil || !strings.Contains(err.Error(), "not a regular file") {
						t.Fatalf("%s(%s) = %v, want not a regular file", name, path, err)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("%s(%s) hangs", name, path)
				}
			})
		}
	}
}
