package aws_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

const policyName = "bslwiz-velero-acme"

// permissionsSpec is the guide's policy for the seed bucket, with options.
func permissionsSpec(t *testing.T, c *bslaws.Client, opts ...iampolicy.PermissionsOptions) bslaws.PolicySpec {
	t.Helper()
	var opt iampolicy.PermissionsOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	doc, err := iampolicy.Permissions(c.Identity().Partition, bucketName, opt)
	if err != nil {
		t.Fatal(err)
	}
	return bslaws.PolicySpec{
		Name: policyName, Path: "/bslwiz/", Description: "Velero backups to " + bucketName,
		Document: doc, Tags: map[string]string{"bslwiz:location": "acme"},
	}
}

func kmsOption(n int) iampolicy.PermissionsOptions {
	return iampolicy.PermissionsOptions{KMSKeyARN: fmt.Sprintf("arn:aws:kms:us-east-2:%s:key/%04d", accountB, n)}
}

func TestEnsurePolicyCreatesThenAdopts(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	spec := permissionsSpec(t, c)

	st, err := c.GetPolicy(ctx, spec.Name, spec.Path)
	wantARN := "arn:aws:iam::" + accountB + ":policy/bslwiz/" + policyName
	if err != nil || st.Exists || st.ARN != wantARN {
		t.Fatalf("GetPolicy before = %+v, %v; want absent at %s", st, err, wantARN)
	}
	if n := len(w.mutations()); n != 0 {
		t.Errorf("GetPolicy made %d changes", n)
	}

	res, err := c.EnsurePolicy(ctx, spec, false)
	if err != nil || !res.Created || res.ARN != wantARN || res.Drift != nil || res.NewVersion != "" {
		t.Fatalf("EnsurePolicy = %+v, %v; want created at %s", res, err, wantARN)
	}
	st, err = c.GetPolicy(ctx, spec.Name, spec.Path)
	if err != nil || !st.Exists || st.Versions != 1 || st.DefaultVersion != "v1" || !iampolicy.Equivalent(st.Document, spec.Document) {
		t.Fatalf("GetPolicy after = %+v, %v", st, err)
	}

	w.emu.ResetCalls()
	res, err = c.EnsurePolicy(ctx, spec, true)
	if err != nil || res.Created || res.Drift != nil || res.ARN != wantARN {
		t.Fatalf("second EnsurePolicy = %+v, %v; want the same policy adopted as is", res, err)
	}
	if m := w.mutations(); len(m) != 0 {
		t.Errorf("second EnsurePolicy changed something: %+v", m)
	}
}

func TestEnsurePolicyAdoptsTheNameAtAnotherPath(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	elsewhere := permissionsSpec(t, c)
	elsewhere.Path = "/team/"
	if _, err := c.EnsurePolicy(ctx, elsewhere, false); err != nil {
		t.Fatal(err)
	}
	res, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false)
	if err != nil || res.Created || res.ARN != c.PolicyARN(policyName, "/team/") || res.Drift != nil {
		t.Fatalf("EnsurePolicy = %+v, %v; want the /team/ policy adopted", res, err)
	}
}

func TestEnsurePolicyReportsDriftAndWritesAVersionOnlyWhenAllowed(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	if _, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false); err != nil {
		t.Fatal(err)
	}
	desired := permissionsSpec(t, c, iampolicy.PermissionsOptions{Tagging: true})

	w.emu.ResetCalls()
	res, err := c.EnsurePolicy(ctx, desired, false)
	if err != nil || res.Drift == nil || res.NewVersion != "" {
		t.Fatalf("EnsurePolicy = %+v, %v; want drift and no new version", res, err)
	}
	if res.Drift.Diff.Empty() || res.Drift.Diff.Added == 0 || !iampolicy.Equivalent(res.Drift.Desired, desired.Document) {
		t.Errorf("drift = %+v", res.Drift)
	}
	if m := w.mutations(); len(m) != 0 {
		t.Errorf("a drift without consent changed something: %+v", m)
	}

	res, err = c.EnsurePolicy(ctx, desired, true)
	if err != nil || res.Drift == nil || res.NewVersion != "v2" || res.PreviousVersion != "v1" || res.DeletedVersion != "" {
		t.Fatalf("EnsurePolicy(allow) = %+v, %v; want v2", res, err)
	}
	st, _ := c.GetPolicy(ctx, desired.Name, desired.Path)
	if st.DefaultVersion != "v2" || st.Versions != 2 || !iampolicy.Equivalent(st.Document, desired.Document) {
		t.Errorf("after the new version: %+v", st)
	}
}

func TestEnsurePolicyKeepsWithinFiveVersions(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	bslaws.SetListPageSize(t, 2) // versions come in pages
	for n := 1; n <= 5; n++ {    // v1 .. v5
		if _, err := c.EnsurePolicy(ctx, permissionsSpec(t, c, kmsOption(n)), true); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		key                 int
		wantNew, wantDelete string
	}{{6, "v6", "v1"}, {7, "v7", "v2"}} {
		res, err := c.EnsurePolicy(ctx, permissionsSpec(t, c, kmsOption(step.key)), true)
		if err != nil || res.NewVersion != step.wantNew || res.DeletedVersion != step.wantDelete {
			t.Fatalf("EnsurePolicy = %+v, %v; want %s replacing %s", res, err, step.wantNew, step.wantDelete)
		}
		st, _ := c.GetPolicy(ctx, policyName, "/bslwiz/")
		if st.Versions != 5 || st.DefaultVersion != step.wantNew {
			t.Errorf("after %s: %+v", step.wantNew, st)
		}
	}
}

func TestDeletePolicy(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	res, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.EnsurePolicy(ctx, permissionsSpec(t, c, kmsOption(1)), true); err != nil {
		t.Fatal(err)
	}
	role := ensureRole(t, c, roleSpec())
	if _, err := c.AttachPolicy(ctx, role.Name, res.ARN); err != nil {
		t.Fatal(err)
	}

	var inUse *bslaws.PolicyInUseError
	if err := c.DeletePolicy(ctx, res.ARN); !errors.As(err, &inUse) || inUse.Attachments != 1 {
		t.Fatalf("DeletePolicy of an attached policy = %v, want *PolicyInUseError", err)
	}
	if st, _ := c.GetPolicy(ctx, policyName, "/bslwiz/"); st.Versions != 2 {
		t.Errorf("a refused delete removed versions: %+v", st)
	}
	if err := c.DetachPolicy(ctx, role.Name, res.ARN); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePolicy(ctx, res.ARN); err != nil {
		t.Fatalf("DeletePolicy: %v", err)
	}
	if st, err := c.GetPolicy(ctx, policyName, "/bslwiz/"); err != nil || st.Exists {
		t.Errorf("after delete: %+v, %v", st, err)
	}
	if err := c.DeletePolicy(ctx, res.ARN); err != nil {
		t.Errorf("deleting a deleted policy: %v", err)
	}
}

// TestUndoAPolicyVersion: a version written on an adopted policy is undone by
// making PreviousVersion the default again and deleting NewVersion.
func TestUndoAPolicyVersion(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	original := permissionsSpec(t, c)
	if _, err := c.EnsurePolicy(ctx, original, false); err != nil {
		t.Fatal(err)
	}
	res, err := c.EnsurePolicy(ctx, permissionsSpec(t, c, iampolicy.PermissionsOptions{Tagging: true}), true)
	if err != nil || res.NewVersion == "" {
		t.Fatalf("EnsurePolicy = %+v, %v", res, err)
	}
	if err := c.SetDefaultPolicyVersion(ctx, res.ARN, res.PreviousVersion); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second delete finds nothing to delete
		if err := c.DeletePolicyVersion(ctx, res.ARN, res.NewVersion); err != nil {
			t.Fatal(err)
		}
	}
	st, err := c.GetPolicyByARN(ctx, res.ARN)
	if err != nil || st.DefaultVersion != res.PreviousVersion || st.Versions != 1 || !iampolicy.Equivalent(st.Document, original.Document) {
		t.Errorf("after the undo: %+v, %v", st, err)
	}
}
