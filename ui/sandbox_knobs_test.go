package ui

import "testing"

// The sandbox's banner names the knobs that make it slow or faulty, so a
// failure they cause is not taken for bslwiz's.
func TestTheSandboxBannerNamesItsKnobs(t *testing.T) {
	env := []string{"HOME=/h", "BSLWIZ_SANDBOX_FAULTS=iam:CreateRole=drop", "BSLWIZ_SANDBOX_LATENCY=300ms", "BSLWIZ_SANDBOX_PROPAGATION=", "BSLWIZ_SANDBOX_MFA=1"}
	if got, want := shortKnobs(env), "faults, latency 300ms, MFA"; got != want {
		t.Errorf("shortKnobs = %q, want %q", got, want)
	}
	if got, want := sandboxKnobs(env), " Active knobs: BSLWIZ_SANDBOX_FAULTS=iam:CreateRole=drop, BSLWIZ_SANDBOX_LATENCY=300ms, BSLWIZ_SANDBOX_MFA=1."; got != want {
		t.Errorf("sandboxKnobs = %q, want %q", got, want)
	}
	if shortKnobs([]string{"HOME=/h"}) != "" || sandboxKnobs(nil) != "" {
		t.Error("no knobs, yet the banner names some")
	}
}
