package aws_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// orphanedTrust makes role roleName trust, besides Palette, a role ci-runner
// that is then deleted, and returns the trust as IAM now shows it (with
// ci-runner's AROA… unique ID).
func orphanedTrust(t *testing.T, w *world, c *bslaws.Client) string {
	t.Helper()
	ctx := context.Background()
	runner := roleSpec()
	runner.Name = "ci-runner"
	ensureRole(t, c, runner)
	spec := roleSpec()
	spec.TrustPolicy = withStatement(t, paletteTrust(),
		`{"Sid":"CI","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+accountB+`:role/bslwiz/ci-runner"},"Action":"sts:AssumeRole"}`)
	ensureRole(t, c, spec)
	if err := c.DeleteRole(ctx, "ci-runner"); err != nil {
		t.Fatal(err)
	}
	doc, err := c.GetTrustPolicy(ctx, roleName)
	if err != nil {
		t.Fatal(err)
	}
	tr, _ := iampolicy.ParseTrust(doc)
	if len(tr.Orphans()) != 1 {
		t.Fatalf("trust after deleting ci-runner = %s, want one unique ID", doc)
	}
	return doc
}

func TestUpdateTrustPolicyRefusesAnOrphanedPrincipalWithoutWaitingForPropagation(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	before := orphanedTrust(t, w, c)
	after := withAccountA(t, before, accountA) // today's read-append-write

	w.emu.ResetCalls()
	start := w.clock.Now()
	retries := 0
	err := c.UpdateTrustPolicy(context.Background(), roleName, before, after, func(bslaws.RetryStatus) { retries++ })
	var orphaned *bslaws.OrphanedPrincipalError
	if !errors.As(err, &orphaned) || orphaned.Role != roleName || len(orphaned.Orphans) != 1 ||
		!strings.Contains(err.Error(), orphaned.Orphans[0].ID+" (a deleted role)") {
		t.Fatalf("err = %v, want *OrphanedPrincipalError naming the AROA… ID", err)
	}
	if retries != 0 || w.clock.Now() != start || len(w.mutations()) != 0 {
		t.Errorf("%d retries over %s and writes %+v, want none", retries, w.clock.Now().Sub(start), w.mutations())
	}
}

func TestUpdateTrustPolicySavesOnceTheOrphanIsDropped(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	before := orphanedTrust(t, w, c)
	tr, _ := iampolicy.ParseTrust(before)
	tr.DropOrphans()
	after := withAccountA(t, tr.JSON(), accountA)
	if err := c.UpdateTrustPolicy(ctx, roleName, before, after, nil); err != nil {
		t.Fatalf("UpdateTrustPolicy without the orphan: %v", err)
	}
	got, _ := c.GetTrustPolicy(ctx, roleName)
	if !iampolicy.Equivalent(got, after) {
		t.Errorf("trust = %s, want %s", got, after)
	}
}
