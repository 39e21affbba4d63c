package contract

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// SpecRelPath is where the subset lives, under the directory beside the repository root.
const SpecRelPath = "shared/reference/palette-openapi-subset.json"

// FindSpec walks up from the working directory to the first directory holding
// shared/reference/palette-openapi-subset.json (tests run in their package directory; the
// spec sits beside the repository root).
func FindSpec() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, filepath.FromSlash(SpecRelPath))
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found in any parent directory of the working directory", SpecRelPath)
		}
		dir = parent
	}
}

// MustLoad finds and loads the spec, failing the test with a clear message when it is missing.
func MustLoad(tb testing.TB) *Validator {
	tb.Helper()
	path, err := FindSpec()
	if err != nil {
		tb.Fatalf("contract: %v; the contract test needs ../shared beside the repository (CI provides it)", err)
	}
	v, err := Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// NewTestServer serves h behind a Validator for the length of the test, and fails the
// test at cleanup if any request or answer broke the contract.
func NewTestServer(tb testing.TB, h http.Handler) *httptest.Server {
	tb.Helper()
	v := MustLoad(tb)
	srv := httptest.NewServer(v.Wrap(h))
	tb.Cleanup(func() {
		srv.Close()
		for _, msg := range v.Violations() {
			tb.Errorf("contract violation: %s", msg)
		}
	})
	return srv
}
