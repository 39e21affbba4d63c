package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// MainWithBinary is a TestMain for tests that drive the real bslwiz: it
// builds the binary once (without the race detector, as users run it) into
// a temporary directory, sets *binary to its path, runs the tests and
// removes it.
func MainWithBinary(m *testing.M, binary *string) {
	dir, err := os.MkdirTemp("", "bslwiz-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*binary = filepath.Join(dir, "bslwiz")
	build := exec.Command("go", "build", "-o", *binary, "github.com/bslwiz/bslwiz")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build bslwiz:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
