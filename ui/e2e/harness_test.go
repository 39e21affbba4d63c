// Package e2e_test runs the real bslwiz binary under tmux, as a user would
// over SSH, against the emulators served by `bslwiz sandbox` in a separate
// process, and checks what it made through those emulators with the Palette
// client and the AWS SDK.
//
// The tests need tmux. Without it they skip, except under CI=true, where
// they fail: CI must run them.
package e2e_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/internal/testenv"
	"github.com/bslwiz/bslwiz/palette"
)

// binary is the bslwiz built for this test run.
var binary string

func TestMain(m *testing.M) { testenv.MainWithBinary(m, &binary) }

// needTmux skips without tmux, or fails under CI=true.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed; CI must run the end-to-end tests (apt-get install -y tmux)")
		}
		t.Skip("tmux is not installed; install it to run the end-to-end tests (apt-get install -y tmux)")
	}
}

// emulators is a `bslwiz sandbox` process and the environment it printed.
type emulators struct {
	env map[string]string
}

var exportLine = regexp.MustCompile(`^export ([A-Z0-9_]+)=(.*)$`)

// startEmulators runs `bslwiz sandbox` and reads the environment it prints.
func startEmulators(t *testing.T) *emulators {
	t.Helper()
	cmd := exec.Command(binary, "sandbox")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	e := &emulators{env: map[string]string{}}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if m := exportLine.FindStringSubmatch(line); m != nil {
			e.env[m[1]] = unquote(m[2])
		}
		if strings.HasPrefix(line, "# Serving") {
			break
		}
	}
	go func() { // keep draining, so the process never blocks on its output
		for sc.Scan() {
		}
	}()
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SPECTROCLOUD_HOST", "SPECTROCLOUD_APIKEY"} {
		if e.env[k] == "" {
			t.Fatalf("bslwiz sandbox did not print %s: %v", k, e.env)
		}
	}
	return e
}

// unquote undoes the single quotes of a shell word.
func unquote(s string) string {
	if strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'") && len(s) >= 2 {
		return strings.ReplaceAll(s[1:len(s)-1], `'\''`, "'")
	}
	return s
}

// palette is a client of the Palette emulator, in the project.
func (e *emulators) palette(t *testing.T) *palette.Client {
	t.Helper()
	c, err := palette.New(palette.Config{Endpoint: e.env["SPECTROCLOUD_HOST"], APIKey: e.env["SPECTROCLOUD_APIKEY"]})
	if err != nil {
		t.Fatal(err)
	}
	uid, err := c.ResolveProject(context.Background(), "Default")
	if err != nil {
		t.Fatal(err)
	}
	return c.InProject(uid)
}

// iam is an IAM client of Account B on the AWS emulator.
func (e *emulators) iam() *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: sdkaws.String(e.env["AWS_ENDPOINT_URL"]),
		Credentials:  credentials.NewStaticCredentialsProvider(e.env["AWS_ACCESS_KEY_ID"], e.env["AWS_SECRET_ACCESS_KEY"], ""),
	})
}

// counts is how many roles, customer managed policies and locations exist.
func (e *emulators) counts(t *testing.T) [3]int {
	t.Helper()
	ctx := context.Background()
	c := e.iam()
	roles, err := c.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		t.Fatal(err)
	}
	pols, err := c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: "Local"})
	if err != nil {
		t.Fatal(err)
	}
	locs, err := e.palette(t).ListLocations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return [3]int{len(roles.Roles), len(pols.Policies), len(locs)}
}

// session is the wizard running in a tmux session of its own tmux server.
type session struct {
	t      *testing.T
	socket string
	name   string
	state  string // the wizard's state directory
	work   string // its working directory
	// presses counts the keys sent (typed text not included): what the
	// walk cost the user.
	presses int
}

// startWizard runs bslwiz in real mode against the emulators (or, with e
// nil, as `bslwiz --sandbox`), in a tmux window of width x height. The
// command's exit status is printed as EXIT=<n> when it ends, and the window
// stays, for the test to read. extra are more KEY=value variables for it.
func startWizard(t *testing.T, e *emulators, width, height int, extra ...string) *session {
	t.Helper()
	return startWizardArgs(t, e, width, height, nil, extra...)
}

// startWizardArgs is startWizard with command-line arguments for bslwiz.
func startWizardArgs(t *testing.T, e *emulators, width, height int, argv []string, extra ...string) *session {
	t.Helper()
	dir := t.TempDir()
	s := &session{t: t, socket: fmt.Sprintf("bslwiz-ui-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()), name: "wiz",
		state: filepath.Join(dir, "state"), work: filepath.Join(dir, "work")}
	if err := os.MkdirAll(s.work, 0o700); err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString("#!/bin/sh\n")
	args := ""
	if e == nil {
		args = " --sandbox"
		script.WriteString("unset AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY SPECTROCLOUD_HOST SPECTROCLOUD_APIKEY\n")
	} else {
		for k, v := range e.env {
			fmt.Fprintf(&script, "export %s='%s'\n", k, strings.ReplaceAll(v, "'", `'\''`))
		}
	}
	fmt.Fprintf(&script, "export HOME='%s' AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null\n", dir)
	script.WriteString("unset AWS_PROFILE NO_COLOR SSH_CONNECTION SSH_TTY DISPLAY WAYLAND_DISPLAY\n")
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&script, "export %s='%s'\n", k, strings.ReplaceAll(v, "'", `'\''`))
	}
	for _, a := range argv {
		args += " '" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	fmt.Fprintf(&script, "cd '%s'\n'%s'%s --state-dir '%s'\necho EXIT=$?\nsleep 600\n", s.work, binary, args, s.state)
	path := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(path, []byte(script.String()), 0o700); err != nil {
		t.Fatal(err)
	}
	s.tmux("-f", "/dev/null", "new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), path)
	t.Cleanup(s.stop)
	s.tmux("set", "-s", "set-clipboard", "on")
	return s
}

// stop ends the wizard and waits for it to exit before the server goes:
// killed with its terminal, it saves its journal on the way out (SIGHUP),
// which raced the removal of the temporary state directory.
func (s *session) stop() {
	run := func(args ...string) string {
		out, _ := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).Output()
		return string(out)
	}
	if !strings.Contains(run("capture-pane", "-p", "-t", s.name), "EXIT=") {
		run("send-keys", "-t", s.name, "C-c")
		for range 100 { // the wizard saves and exits at once; bounded all the same
			if strings.Contains(run("capture-pane", "-p", "-t", s.name), "EXIT=") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	run("kill-server")
}

func (s *session) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// screen is what the window shows now.
func (s *session) screen() string { return s.tmux("capture-pane", "-p", "-t", s.name) }

// keys sends tmux key names ("Enter", "Tab", "C-u", "y").
func (s *session) keys(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.presses++
		s.tmux("send-keys", "-t", s.name, k)
		time.Sleep(30 * time.Millisecond)
	}
}

// typeText types literal text.
func (s *session) typeText(text string) {
	s.t.Helper()
	s.tmux("send-keys", "-t", s.name, "-l", text)
	time.Sleep(30 * time.Millisecond)
}

// waitFor waits until every text shows on the screen.
func (s *session) waitFor(texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		screen := s.screen()
		missing := ""
		for _, text := range texts {
			if !strings.Contains(screen, text) {
				missing = text
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %q; screen:\n%s", missing, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// confirm waits for a change's confirmation and confirms it, after the
// wizard's guard against type-ahead.
func (s *session) confirm(title string) {
	s.t.Helper()
	s.waitFor(title, "Press y or enter")
	time.Sleep(500 * time.Millisecond)
	s.keys("y")
}

// enterTimes presses enter n times: through a form's fields to submit it.
func (s *session) enterTimes(n int) {
	for range n {
		s.keys("Enter")
	}
}
