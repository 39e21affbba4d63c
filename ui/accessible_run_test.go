package ui

import (
	"regexp"
	"strings"
	"sync"
	"testing"
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
	var asked []string
	lr := lineWalk{answer: func(p string, transcript func() string) string {
		asked = append(asked, p)
		if strings.HasPrefix(p, "What next") {
			return "quit"
		}
		return confirmEverything(p, transcript)
	}}.run(t)
	out, err := lr.out, lr.err
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	for _, want := range []string{"Step 1 of 13: Palette", "Step 13 of 13: Create", "[ok] Palette reachable and API key valid",
		"iam:CreateRole", "and Account A 444455556666", "trust policy of bslwiz-sandbox-backups:", "who can assume the role (evaluated):",
		"assume the role: step 6 created the role with Account A's statement", "Role ARN: arn:aws:iam::111122223333:role/bslwiz-sandbox-backups",
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
		if strings.HasPrefix(p, "Make th") {
			changes++
		}
	}
	// The sandbox gives every input: no step asks its questions, each shows
	// them with their sources and keeps them at enter.
	keeps := 0
	for _, p := range asked {
		switch {
		case strings.HasPrefix(p, "Keep these answers"):
			keeps++
		case strings.HasPrefix(p, "Make th"), strings.HasPrefix(p, "Write it to"), strings.HasPrefix(p, "What next"):
		default:
			t.Errorf("asked %q, which the sandbox gave", p)
		}
	}
	if keeps == 0 || !strings.Contains(out, "Given, so not asked:\n  Palette endpoint: http://") || !strings.Contains(out, "S3 bucket: acme-velero-backups (") {
		t.Errorf("%d summaries of given inputs:\n%s", keeps, out)
	}
	// Step 9 has nothing to write on the role step 6 created whole.
	if changes != 2 {
		t.Errorf("asked to confirm %d changes, want 2 (steps 6 and 13)", changes)
	}
}
