package main

import (
	"testing"
	"time"
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
	// policy ∥ role ∥ STS account ∥ bucket) → create policy ∥ role → attach
	// → simulations → trust re-read → trust write → trust read after the
	// write → (validate ∥ list) → create → the list that shows it.
	if first.RoundTrips > 11 {
		t.Errorf("the first apply took %d round trips, want at most 11:\n%s", first.RoundTrips, first.Summary)
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
