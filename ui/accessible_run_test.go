package ui

import (
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// answerer plays the user of the line prompts: it watches the output and
// answers each prompt (a line ending in ": " with nothing after it).
type answerer struct {
	mu      sync.Mutex
	out     strings.Builder
	prompts chan string
}

func (a *answerer) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.out.Write(p)
	if s := a.out.String(); strings.HasSuffix(s, ": ") {
		a.prompts <- s[strings.LastIndex(s, "\n")+1:]
	}
	return len(p), nil
}

func (a *answerer) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.out.String()
}

// TestAccessibleWalksAllSteps runs the line-prompt mode through the 13
// steps on the sandbox: defaults accepted, every change confirmed with y.
func TestAccessibleWalksAllSteps(t *testing.T) {
	clock := newFakeClock()
	sb, err := sandbox.Start(sandbox.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	s := steps.NewSession(sb.Plan(), sb.Backends(), nil)
	s.Clock = steps.Clock{Now: clock.Now, Sleep: clock.Sleep}
	in, inW := io.Pipe()
	a := &answerer{prompts: make(chan string, 1)}
	var asked []string
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		for p := range a.prompts {
			asked = append(asked, p)
			answer := "\n"
			if strings.HasPrefix(p, "Make these") {
				answer = "y\n"
			}
			if strings.HasPrefix(p, "Try again") {
				answer = "n\n"
			}
			if _, err := io.WriteString(inW, answer); err != nil {
				return
			}
		}
	}()
	dir := t.TempDir()
	o := Options{Accessible: true, Sandbox: true, StateDir: dir, WorkDir: dir, In: in, Out: a, Environ: []string{"TERM=dumb"}}.withDefaults()
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), s, o) }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("the line prompts did not finish:\n%s", a.String())
	}
	close(a.prompts)
	<-answered
	out := a.String()

	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	for _, want := range []string{"Step 1 of 13: Palette", "Step 13 of 13: Create", "[ok] Palette reachable and API key valid",
		"iam:CreateRole", "trust policy diff (before → after):", "Role ARN: arn:aws:iam::111122223333:role/bslwiz-sandbox-backups",
		"Backup location sandbox-backups is in Palette", "[done] step 13 (Create)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if regexp.MustCompile("\x1b").MatchString(out) {
		t.Error("line mode wrote an escape sequence")
	}
	changes := 0
	for _, p := range asked {
		if strings.HasPrefix(p, "Make these") {
			changes++
		}
	}
	if changes != 3 {
		t.Errorf("asked to confirm %d changes, want 3 (steps 6, 9, 13)", changes)
	}
}
