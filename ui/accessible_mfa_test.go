package ui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/internal/fakeclock"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

func TestTheLinePromptsAskForTheMFACodeAgainAfterARefusalAndNeverPrintIt(t *testing.T) {
	clock := fakeclock.New(time.Now())
	sb, err := sandbox.Start(sandbox.Options{Clock: clock.Now, MFA: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	mfaEnv(t, sb)
	s := steps.NewSession(sb.Plan(), sb.Backends(), nil)
	s.Clock = steps.Clock{Now: clock.Now, Sleep: clock.Sleep}
	in, inW := io.Pipe()
	a := &answerer{prompts: make(chan string, 1)}
	var codesAsked []string
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		for p := range a.prompts {
			answer := "\n"
			switch {
			case strings.HasPrefix(p, "Enter the 6-digit code from your MFA device"):
				answer = "000000\n"
				if len(codesAsked) > 0 {
					answer = sandbox.MFACode + "\n"
				}
				codesAsked = append(codesAsked, a.String())
			case strings.HasPrefix(p, "Make these"):
				answer = "y\n"
			case strings.HasPrefix(p, "What next"):
				answer = "quit\n"
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
	if len(codesAsked) != 2 {
		t.Fatalf("asked for the code %d times, want twice (a wrong one, then the right one):\n%s", len(codesAsked), out)
	}
	if before := codesAsked[0]; !strings.HasPrefix(before[strings.LastIndex(before, "\nStep ")+1:], "Step 5 of 13: STS") {
		t.Errorf("the first code was not asked on the step that signs in:\n%s", codesAsked[0])
	}
	for _, want := range []string{"MFA device " + sb.MFA.Serial, "STS refused that code", "assumed-role/" + sandbox.MFARole, "[done] step 13 (Create)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, code := range []string{"000000", sandbox.MFACode} {
		if strings.Contains(out, code) {
			t.Errorf("the output shows the code %s:\n%s", code, out)
		}
	}
	assertNoCodeOnDisk(t, dir, sandbox.MFACode, "000000")
}
