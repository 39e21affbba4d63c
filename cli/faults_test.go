package cli

import (
	"strings"
	"testing"
)

// TestSandboxFaultsRehearseABadDay: BSLWIZ_SANDBOX_FAULTS reaches the emulators from the
// command line; apply rides out throttling and a 500, and a wrong list is refused.
func TestSandboxFaultsRehearseABadDay(t *testing.T) {
	r := bslwiz(t, map[string]string{"BSLWIZ_SANDBOX_FAULTS": "iam:CreatePolicy=throttle:2,sts:GetCallerIdentity=5xx,palette:v1ProjectsMetadata=5xx"},
		"", sandboxArgs(t, "apply", "--yes")...)
	if r.code != 0 {
		t.Fatalf("apply under faults: exit %d\n%s", r.code, r.err)
	}
	r = bslwiz(t, map[string]string{"BSLWIZ_SANDBOX_FAULTS": "iam:CreateRole=explode"}, "", sandboxArgs(t, "plan")...)
	if r.code == 0 || !strings.Contains(r.err, "BSLWIZ_SANDBOX_FAULTS") {
		t.Fatalf("a wrong fault list: exit %d\n%s", r.code, r.err)
	}
}
