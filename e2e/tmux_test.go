package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxServer is a tmux server of the test's own (its own socket, no user
// configuration), killed at cleanup with every session in it.
type tmuxServer struct {
	bin, sock string
}

func startTmux(t *testing.T, bin string) *tmuxServer {
	t.Helper()
	s := &tmuxServer{bin: bin, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	t.Cleanup(func() { _, _ = s.run("kill-server") })
	// A session that outlives the tests' own: tmux exits with its last
	// session, and a new-session sent while it is on its way out fails with
	// "server exited unexpectedly" (seen in CI between two subtests).
	if _, err := s.run("new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "cat"); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *tmuxServer) run(args ...string) (string, error) {
	cmd := exec.Command(s.bin, append([]string{"-S", s.sock, "-f", "/dev/null"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tmux %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// newSession runs argv (no shell in between) in a detached 120x40 session
// with OSC 52 reaching tmux's buffers (set-clipboard on), the pane kept
// after its program ends (to read how it ended), and everything the
// program writes copied raw into rawFile.
func (s *tmuxServer) newSession(t *testing.T, name, rawFile string, argv []string) *pane {
	t.Helper()
	args := append([]string{"new-session", "-d", "-s", name, "-x", "120", "-y", "40"}, argv...)
	args = append(args, ";", "set", "-s", "set-clipboard", "on",
		";", "set", "-g", "remain-on-exit", "on",
		";", "pipe-pane", "-O", "-t", name, "cat >> "+shellQuote(rawFile))
	if _, err := s.run(args...); err != nil {
		t.Fatal(err)
	}
	p := &pane{s: s, target: name}
	t.Cleanup(p.stop)
	return p
}

// stop ends the pane's program and waits for it to be gone before the
// session goes: killed with its terminal, the wizard saves its journal on
// the way out (SIGHUP), which would race the removal of the test's
// temporary state directory.
func (p *pane) stop() {
	dead := func() bool {
		out, err := p.s.run("display-message", "-p", "-t", p.target, "#{pane_dead}")
		return err != nil || strings.TrimSpace(out) == "1"
	}
	if !dead() {
		_, _ = p.s.run("send-keys", "-t", p.target, "C-c")
		for i := 0; i < 100 && !dead(); i++ { // bounded: the wizard exits at once
			time.Sleep(100 * time.Millisecond)
		}
	}
	_, _ = p.s.run("kill-session", "-t", p.target)
}

// pane is one tmux pane; it is a wizard.Driver.
type pane struct {
	s      *tmuxServer
	target string
}

// Screen is the pane's text (capture-pane -p).
func (p *pane) Screen() (string, error) { return p.s.run("capture-pane", "-p", "-t", p.target) }

// Press sends a key: "enter", "esc", "ctrl+c" or literal text.
func (p *pane) Press(key string) error {
	var err error
	switch key {
	case "enter":
		_, err = p.s.run("send-keys", "-t", p.target, "Enter")
	case "esc":
		_, err = p.s.run("send-keys", "-t", p.target, "Escape")
	case "ctrl+c":
		_, err = p.s.run("send-keys", "-t", p.target, "C-c")
	default:
		_, err = p.s.run("send-keys", "-t", p.target, "-l", key)
	}
	return err
}

// Format expands a tmux format for the pane (#{alternate_on}, …).
func (p *pane) Format(f string) (string, error) {
	out, err := p.s.run("display-message", "-p", "-t", p.target, f)
	return strings.TrimSpace(out), err
}

// Buffer is tmux's most recent paste buffer, "" when there is none.
func (p *pane) Buffer() string {
	out, err := p.s.run("show-buffer")
	if err != nil {
		return ""
	}
	return out
}

// waitFormat waits until a format expands to want.
func (p *pane) waitFormat(f, want string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		got, err := p.Format(f)
		if err == nil && got == want {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s is %q, not %q, after %v (%v)", f, got, want, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
