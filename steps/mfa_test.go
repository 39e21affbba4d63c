package steps_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/internal/fakeclock"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// mfaWorld is a sandbox whose plan signs in with its MFA profile, the
// profile's files in the environment. Its clock starts now: the SDK
// refreshes a role's credentials by the wall clock, and would find them
// expired at once in the past.
func mfaWorld(t *testing.T) *world {
	t.Helper()
	clock := fakeclock.New(time.Now())
	sb, err := sandbox.Start(sandbox.Options{MFA: true, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	w := &world{t: t, sb: sb, clock: clock, dir: t.TempDir()}
	for _, kv := range w.sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") && k != "AWS_ACCESS_KEY_ID" && k != "AWS_SECRET_ACCESS_KEY" {
			t.Setenv(k, v)
		}
	}
	return w
}

// codes answers the prompt with each of answers in turn, recording the
// requests.
type codes struct {
	mu      sync.Mutex
	answers []string
	asked   []steps.MFARequest
}

func (c *codes) prompt(_ context.Context, r steps.MFARequest) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, r)
	if len(c.answers) == 0 {
		return "", steps.ErrMFACancelled
	}
	a := c.answers[0]
	c.answers = c.answers[1:]
	return a, nil
}

func TestRacingSignInsAskForOneCodeAndAgainWhenItIsRefused(t *testing.T) {
	w := mfaWorld(t)
	s := w.session(w.sb.Plan())
	c := &codes{answers: []string{"000000", sandbox.MFACode}}
	s.SetMFAPrompt(c.prompt)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.AWSClient(context.Background())
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("AWSClient: %v", err)
		}
	}
	if id, _ := s.Identity(); !strings.Contains(id.ARN, ":assumed-role/"+sandbox.MFARole+"/") {
		t.Errorf("signed in as %s, want the MFA role", id.ARN)
	}
	if len(c.asked) != 2 || c.asked[0].Refused || !c.asked[1].Refused || c.asked[0].Serial != w.sb.MFA.Serial {
		t.Errorf("asked %+v, want the device %s once, then once more saying the code was refused", c.asked, w.sb.MFA.Serial)
	}
}

func TestAnMFACodeNotGivenFailsTheSignInAndTheNextTryAsksAgain(t *testing.T) {
	w := mfaWorld(t)
	s := w.session(w.sb.Plan())
	c := &codes{}
	s.SetMFAPrompt(c.prompt)
	_, err := s.AWSClient(context.Background())
	if !errors.Is(err, steps.ErrMFACancelled) {
		t.Fatalf("AWSClient = %v, want ErrMFACancelled", err)
	}
	c.answers = []string{sandbox.MFACode}
	if _, err := s.AWSClient(context.Background()); err != nil {
		t.Fatalf("the second try: %v", err)
	}
	if len(c.asked) != 2 {
		t.Errorf("asked %d times, want once per try", len(c.asked))
	}
}

func TestNothingInTheBackgroundAsksForTheMFACode(t *testing.T) {
	w := mfaWorld(t)
	s := w.session(w.sb.Plan())
	c := &codes{answers: []string{sandbox.MFACode}}
	s.SetMFAPrompt(c.prompt)
	// Step 1 would warm the sign-in up; the live checks would sign in.
	if err := w.run(s, steps.StepPalette); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.RunChecks(context.Background(), []steps.CheckID{steps.CheckCaller}, nil) {
		if r.Status != steps.StatusSkipped || !strings.Contains(r.Reason, "waiting for the MFA code") {
			t.Errorf("the caller check before sign-in: %s %q, want skipped, waiting for the MFA code", r.Status, r.Reason)
		}
	}
	if len(c.asked) != 0 {
		t.Fatalf("asked for a code %d times before the step that signs in", len(c.asked))
	}
	if err := w.run(s, steps.StepSTS); err != nil {
		t.Fatal(err)
	}
	if len(c.asked) != 1 {
		t.Errorf("asked %d times through the sign-in step, want once", len(c.asked))
	}
}
