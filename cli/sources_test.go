package cli

import (
	"testing"

	"github.com/spf13/cobra"

	"github.com/bslwiz/bslwiz/steps"
)

// TestPlanSourcesNameWhereEachValueCameFrom: a flag beats the environment,
// which beats the plan file; the sandbox's seed is named only where it
// differs from the default.
func TestPlanSourcesNameWhereEachValueCameFrom(t *testing.T) {
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	var in planInputs
	addPlanInputs(cmd, &in, true)
	if err := cmd.ParseFlags([]string{"--name", "prod", "--bucket", "b-from-flag"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BSLWIZ_BUCKET": "b-from-env", "BSLWIZ_ACCOUNT_A": "444455556666"}
	given := map[string]bool{"locationName": true, "bucket": true, "accountA": true, "roleName": true}
	seed := steps.Plan{Region: "us-east-2"}
	got := planSources(&in, func(k string) string { return env[k] }, given, seed, true)
	want := map[string]string{"locationName": "--name", "bucket": "--bucket", "accountA": "$BSLWIZ_ACCOUNT_A",
		"roleName": "plan file", "region": "sandbox"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("source of %s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["scope"]; ok {
		t.Errorf("a default is named %q", got["scope"])
	}
}
