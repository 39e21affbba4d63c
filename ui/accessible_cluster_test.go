package ui

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
)

// TestAccessibleAsksTheClusterBeforeAccountA: in line mode with no Account
// A, step 9 asks the cluster first and names the project's clusters; a
// name not among them is refused with the list, demo-cluster is taken,
// and Account A's default is its account, which the trust then names.
func TestAccessibleAsksTheClusterBeforeAccountA(t *testing.T) {
	var order []string
	tries := 0
	lr := lineWalk{edit: func(p *steps.Plan) { p.AccountA = "" }, answer: func(p string, transcript func() string) string {
		switch {
		case strings.HasPrefix(p, "What next"):
			return "quit"
		case strings.HasPrefix(p, "Cluster"):
			order = append(order, "cluster")
			if tries++; tries == 1 {
				return "nosuch"
			}
			return "demo-cluster"
		case strings.HasPrefix(p, "Account A"):
			order = append(order, "accountA")
			return "" // the default: the cluster's account
		}
		return confirmEverything(p, transcript)
	}}.run(t)
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, lr.out)
	}
	if strings.Join(order, ",") != "cluster,cluster,accountA" {
		t.Errorf("asked %v, want the cluster (twice: a refusal) before Account A", order)
	}
	for _, want := range []string{"the project's clusters: demo-cluster: 444455556666 (cloud account account-a)",
		"cluster nosuch is not a cluster of project Default (its clusters: demo-cluster)", "arn:aws:iam::444455556666:root",
		"Backup location sandbox-backups is in Palette"} {
		if !strings.Contains(strings.Join(strings.Fields(lr.out), " "), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
