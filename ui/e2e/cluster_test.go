package e2e_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/steps"
)

// TestSandboxPicksTheClusterInStep9 runs `bslwiz --sandbox` under tmux with
// the seed's Account A taken away (an empty --account-a): step 9 asks, its
// cluster picker lists the Palette project's clusters, a filter that
// matches none keeps the step, and typing "demo" picks demo-cluster, whose
// cloud account fills Account A 444455556666: the trust diff appends it.
func TestSandboxPicksTheClusterInStep9(t *testing.T) {
	needTmux(t)
	s := startWizardArgs(t, nil, 120, 40, []string{"--account-a", ""})
	s.sandboxToStep6(13)

	// Account A is missing, so step 9 is a form: Account A, then the picker.
	s.waitFor("Step 9 of 13", "Account A", "Cluster", "none chosen")
	s.keys("Tab")
	s.waitFor("space or type to choose (2 options)")
	s.typeText("nosuch")
	s.waitFor(`no match for "nosuch": nothing is chosen`)
	s.keys("Enter")
	s.waitFor(`"nosuch" is not one of the 2 options`)
	if screen := s.screen(); strings.Contains(screen, "Step 9 changes") || strings.Contains(screen, "lines added") {
		t.Fatalf("enter got past a filter that matched no cluster:\n%s", screen)
	}

	s.keys("C-u")
	s.typeText("demo")
	form := s.waitFor("demo-cluster", "444455556666 (cloud account account-a)", "1 of 2")
	if !strings.Contains(flat(form), "Account A: 444455556666") && !strings.Contains(flat(form), "> 444455556666") {
		t.Fatalf("choosing demo-cluster did not fill Account A:\n%s", form)
	}
	s.keys("Enter") // the picker closes on its choice; the next field
	s.keys("C-s")
	diff := flat(s.waitFor("Step 9 of 13", "lines added", "Press y or enter"))
	// The who-can-assume table under the diff: Account A is let in by this change.
	if !strings.Contains(diff, "Account A 444455556666 denied allowed") {
		t.Fatalf("the trust diff does not append Account A 444455556666:\n%s", diff)
	}
	s.confirm("lines added")
	s.waitFor("Step 12 of 13", "Palette will assume")

	var d steps.JournalData
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(s.state, "sandbox-backups.sandbox.json"))
		if err == nil && json.Unmarshal(b, &d) == nil && d.Plan.Cluster != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the journal has no cluster: %v\n%s", err, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if d.Plan.Cluster != "demo-cluster" || d.Plan.AccountA != accountA {
		t.Errorf("the journal's plan: cluster %q, Account A %q; want demo-cluster, %s", d.Plan.Cluster, d.Plan.AccountA, accountA)
	}
}
