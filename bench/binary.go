package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/bslwiz/bslwiz/e2e/ptyterm"
	"github.com/bslwiz/bslwiz/e2e/wizard"
)

// wizardBinary is the bslwiz binary the terminal benchmarks run, built once
// into a scratch directory that also holds every run's home and journals.
type wizardBinary struct {
	path, scratch string
}

// buildWizard builds the module's main package with `go build`.
func buildWizard() (*wizardBinary, error) {
	scratch, err := os.MkdirTemp("", "bslwiz-bench-tui-")
	if err != nil {
		return nil, err
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return nil, fmt.Errorf("find the module: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	bin := filepath.Join(scratch, "bslwiz")
	// Built as the README installs it: CGO_ENABLED=0, a static binary with
	// no libc to map.
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(scratch)
		return nil, fmt.Errorf("go build: %w\n%s", err, out)
	}
	return &wizardBinary{path: bin, scratch: scratch}, nil
}

func (w *wizardBinary) Close() { os.RemoveAll(w.scratch) }

// run is one wizard run on a fresh home and state directory.
type run struct {
	Env      []string
	StateDir string
}

// newRun makes a fresh home with its state directory, and the environment
// of a user on a bastion: TERM only (SSH does not pass COLORTERM on), no AWS
// configuration, no instance metadata. extra entries are appended.
func (w *wizardBinary) newRun(term string, extra ...string) (run, error) {
	home, err := os.MkdirTemp(w.scratch, "home-")
	if err != nil {
		return run{}, err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TERM=" + term,
		"XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "aws-credentials"),
	}
	// The runtime's knobs pass through, to try one on every figure
	// (GOMEMLIMIT=12MiB go run ./bench -only rss).
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return run{Env: append(env, extra...), StateDir: filepath.Join(home, "state", "bslwiz")}, nil
}

// start runs `bslwiz --sandbox --state-dir <fresh>` on a 120x40 pty.
func (w *wizardBinary) start(opts ptyterm.Options, extraEnv ...string) (*ptyterm.Terminal, error) {
	r, err := w.newRun("xterm-256color", extraEnv...)
	if err != nil {
		return nil, err
	}
	opts.Cols, opts.Rows, opts.Env = benchCols, benchRows, r.Env
	return ptyterm.Start(opts, w.path, "--sandbox", "--state-dir", r.StateDir)
}

const benchCols, benchRows = 120, 40

// firstFrame is the definition of the first full frame: the first step's
// title and, on the last row, the key help ending in "ctrl+c quit" (the
// footer is drawn last, at the bottom of the screen).
func firstFrame(screen string) bool {
	lines := strings.Split(screen, "\n")
	return strings.Contains(screen, "Step 1 of 13") && len(lines) == benchRows &&
		strings.HasSuffix(strings.TrimSpace(lines[len(lines)-1]), "ctrl+c quit")
}

// quit presses ctrl+c and waits for the wizard to end.
func quit(t *ptyterm.Terminal) {
	_ = t.Send("\x03")
	_ = t.Wait(5 * time.Second)
	t.Close()
}

// ptyDriver walks the wizard on a pty.
type ptyDriver struct{ t *ptyterm.Terminal }

func (d ptyDriver) Screen() (string, error) { return d.t.Screen(), nil }

func (d ptyDriver) Press(key string) error {
	switch key {
	case "enter":
		return d.t.Send("\r")
	case "esc":
		return d.t.Send("\x1b")
	}
	return d.t.Send(key)
}

var walkOpts = wizard.Options{Timeout: 60 * time.Second, Settle: 60 * time.Millisecond, Poll: 10 * time.Millisecond}
