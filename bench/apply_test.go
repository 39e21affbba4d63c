package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/internal/linkmeter"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// The headless apply over a slow link, counted in requests and round trips
// on the client side (no wall-clock threshold: the latency only keeps the
// requests that are in flight together from being told apart by the
// scheduler). Palette's validate, which writes a probe object and counts
// against Palette's rate limit, runs once per apply.
func TestApplyOverASlowLinkWalksTheDependentChainOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("two applies over a 100 ms link")
	}
	first, rerun, err := measureLink(100 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first apply: %d round trips, %d requests\n%s", first.RoundTrips, first.Requests, first.Summary)
	t.Logf("rerun: %d round trips, %d requests\n%s", rerun.RoundTrips, rerun.Requests, rerun.Summary)

	if first.Validates != 1 || rerun.Validates != 1 {
		t.Errorf("Palette's validate was called %d times in the first apply and %d in the rerun, want once each", first.Validates, rerun.Validates)
	}
	// Each fact is read once per run, and shared by the steps and the final
	// checks: who Account B is, Palette's STS account, the project, the bucket.
	for _, r := range []linkRun{first, rerun} {
		for call, want := range map[string]int{
			"GetCallerIdentity":                   1,
			"HeadBucket":                          1,
			"GET /v1/clouds/aws/account/sts":      1,
			"GET /v1/dashboard/projects/metadata": 1,
			"SimulatePrincipalPolicy":             3,
			"POST /v1/clouds/aws/s3/validate":     1,
			"GetPolicy":                           1,
		} {
			if got := r.Count(call); got != want {
				t.Errorf("%s was called %d times, want %d:\n%s", call, got, want, r.Summary)
			}
		}
	}
	// The dependent chain of a new location: (identity ∥ project) → (list ∥
	// policy ∥ role ∥ STS account ∥ bucket) → create policy ∥ role (the
	// role with Palette's and Account A's statements) → attach →
	// simulations → (validate ∥ list ∥ the trust as the run leaves it) →
	// create → the list that shows it. A role made whole needs no trust
	// read-modify-write; an existing one keeps it (steps' tests).
	if first.RoundTrips > 8 {
		t.Errorf("the first apply took %d round trips, want at most 8:\n%s", first.RoundTrips, first.Summary)
	}
	if got := first.Count("UpdateAssumeRolePolicy"); got != 0 {
		t.Errorf("the first apply wrote the trust of the role it created %d times:\n%s", got, first.Summary)
	}
	if rerun.RoundTrips > 5 {
		t.Errorf("the rerun took %d round trips, want at most 5:\n%s", rerun.RoundTrips, rerun.Summary)
	}
	for _, call := range []string{"CreateRole", "CreatePolicy", "AttachRolePolicy", "UpdateAssumeRolePolicy", "POST /v1/users/assets/locations/s3"} {
		if got := rerun.Count(call); got != 0 {
			t.Errorf("the rerun called %s %d times; a rerun changes nothing", call, got)
		}
	}
}

// An interactive run reads ahead what the next step previews while the
// operator reads the current one (Engine.Prefetch, which the faces call when
// a preview shows): once the operator confirms, the next step's preview
// sends nothing of its own, except the simulation of step 7, which needs
// the policy that step 6 attaches.
func TestInteractiveStepsPreviewFromWhatWasReadAhead(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	m := &linkmeter.Meter{}
	p := sb.Plan()
	j := steps.NewJournal(filepath.Join(t.TempDir(), "j.json"), p.LocationName, true, time.Now())
	b := sb.Backends()
	b.AWS.HTTPClient = m.Client("aws", nil)
	b.Palette.HTTPClient = m.Client("palette", nil)
	e := steps.NewEngine(steps.NewSession(p, b, j), steps.EngineOptions{})
	ctx := context.Background()
	for first := true; ; first = false {
		st, ok := e.Current()
		if !ok {
			break
		}
		m.Reset()
		pv, err := e.Preview(ctx)
		if err != nil {
			t.Fatalf("preview %s: %v", st.ID, err)
		}
		if sent := m.Events(); !first && st.ID != steps.StepReview && len(sent) > 0 {
			t.Errorf("the preview of %s sent %d request(s) of its own: %s", st.ID, len(sent), linkmeter.Summarize(sent))
		}
		<-e.Prefetch(ctx) // the operator reads the preview
		if err := e.Apply(ctx, pv, func(steps.Progress) {}); err != nil {
			t.Fatalf("apply %s: %v", st.ID, err)
		}
	}
}

// The final checks take what the run proved, but never a copy older than a
// change someone else made: a trust statement that lets anyone in, added
// after bslwiz's own write (and its read after the write), fails the final
// trust check as it fails the live one.
func TestTheFinalChecksSeeATrustEditMadeAfterBslwizsWrite(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	p := sb.Plan()
	j := steps.NewJournal(filepath.Join(t.TempDir(), "j.json"), p.LocationName, true, time.Now())
	s := steps.NewSession(p, sb.Backends(), j)
	ctx := context.Background()
	open := `{"Sid":"Anyone","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`
	var editErr error
	r := &steps.Runner{Session: s, Confirm: func(context.Context, *steps.Preview) (bool, error) { return true, nil },
		OnDone: func(st steps.Step) {
			if st.ID != steps.StepAppendAccountA {
				return
			}
			c, err := s.AWSClient(ctx)
			if err != nil {
				editErr = err
				return
			}
			before, err := c.GetTrustPolicy(ctx, p.WithDefaults().RoleName)
			if err != nil {
				editErr = err
				return
			}
			after := strings.Replace(before, `"Statement":[`, `"Statement":[`+open+`,`, 1)
			editErr = c.UpdateTrustPolicy(ctx, p.WithDefaults().RoleName, before, after, nil)
		}}
	if err := r.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if editErr != nil {
		t.Fatalf("the other writer's edit: %v", editErr)
	}
	for _, c := range s.FinalChecks(ctx) {
		if c.ID == steps.CheckTrust && c.Status != steps.StatusFail {
			t.Fatalf("final trust check = %s (%s), want a failure: the trust lets anyone in", c.Status, c.Reason)
		}
	}
}
