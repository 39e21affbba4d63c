package aws_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

const roleName = "bslwiz-acme-backup"

// paletteTrust is the trust policy of guide step 6: Palette's account with the external ID.
func paletteTrust() string {
	tr := iampolicy.NewTrust()
	tr.EnsurePalette("aws", paletteAccount, externalID)
	return tr.JSON()
}

// withAccountA is trust with guide step 9's statement for principal appended.
func withAccountA(t *testing.T, trust, principal string) string {
	t.Helper()
	tr, err := iampolicy.ParseTrust(trust)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.EnsureAccountA("aws", principal); err != nil {
		t.Fatal(err)
	}
	return tr.JSON()
}

func roleSpec() bslaws.RoleSpec {
	return bslaws.RoleSpec{
		Name: roleName, Path: "/bslwiz/", Description: "Palette backups of acme to " + bucketName,
		TrustPolicy: paletteTrust(), Tags: map[string]string{"bslwiz:location": "acme"}, MaxSessionDuration: 7200,
	}
}

func ensureRole(t *testing.T, c *bslaws.Client, spec bslaws.RoleSpec) *bslaws.Role {
	t.Helper()
	r, err := c.EnsureRole(context.Background(), spec)
	if err != nil {
		t.Fatalf("EnsureRole: %v", err)
	}
	return r
}

func TestEnsureRoleCreatesThenAdopts(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	boundary, err := c.EnsurePolicy(ctx, bslaws.PolicySpec{Name: "boundary", Document: awstest.AdminPolicy()}, false)
	if err != nil {
		t.Fatal(err)
	}
	spec := roleSpec()
	spec.PermissionsBoundary = boundary.ARN

	created := ensureRole(t, c, spec)
	wantARN := "arn:aws:iam::" + accountB + ":role/bslwiz/" + roleName
	if !created.Created || created.ARN != wantARN || created.Path != "/bslwiz/" || created.MaxSessionDuration != 7200 ||
		created.PermissionsBoundary != boundary.ARN || created.Tags["bslwiz:location"] != "acme" ||
		!iampolicy.Equivalent(created.TrustPolicy, spec.TrustPolicy) {
		t.Fatalf("created role = %+v", created)
	}

	policy, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, arn := range []string{policy.ARN, boundary.ARN} {
		if _, err := c.AttachPolicy(ctx, roleName, arn); err != nil {
			t.Fatal(err)
		}
	}
	bslaws.SetListPageSize(t, 1) // attachments come in pages
	w.emu.ResetCalls()
	adopted := ensureRole(t, c, spec)
	if adopted.Created || adopted.ARN != wantARN || adopted.Description != spec.Description ||
		!slices.Equal(adopted.AttachedPolicyARNs, []string{policy.ARN, boundary.ARN}) || !iampolicy.Equivalent(adopted.TrustPolicy, spec.TrustPolicy) {
		t.Errorf("adopted role = %+v", adopted)
	}
	if m := w.mutations(); len(m) != 0 {
		t.Errorf("adopting changed something: %+v", m)
	}
}

func TestGetRole(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	_, err := c.GetRole(context.Background(), roleName)
	var nse *iamtypes.NoSuchEntityException
	if !errors.Is(err, bslaws.ErrNotFound) || !errors.As(err, &nse) {
		t.Fatalf("GetRole of a missing role = %v, want ErrNotFound and NoSuchEntity", err)
	}
	ensureRole(t, c, roleSpec())
	r, err := c.GetRole(context.Background(), roleName)
	if err != nil || r.Created || r.Name != roleName || len(r.AttachedPolicyARNs) != 0 {
		t.Fatalf("GetRole = %+v, %v", r, err)
	}
	// IAM answers URL-encoded; the adapter hands back the JSON, unchanged in meaning.
	if !iampolicy.Equivalent(r.TrustPolicy, paletteTrust()) || r.TrustPolicy[0] != '{' {
		t.Errorf("trust policy = %q", r.TrustPolicy)
	}
}

func TestAttachPolicyIsIdempotent(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	role := ensureRole(t, c, roleSpec())
	policy, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false)
	if err != nil {
		t.Fatal(err)
	}
	w.emu.ResetCalls()
	for i, want := range []bool{true, false} {
		attached, err := c.AttachPolicy(ctx, role.Name, policy.ARN)
		if err != nil || attached != want {
			t.Fatalf("AttachPolicy #%d = %v, %v; want %v", i+1, attached, err, want)
		}
	}
	if m := w.mutations(); len(m) != 1 || m[0].Action != "AttachRolePolicy" {
		t.Errorf("mutations = %+v, want one AttachRolePolicy", m)
	}
	if _, err := c.AttachPolicy(ctx, "no-such-role", policy.ARN); !errors.Is(err, bslaws.ErrNotFound) {
		t.Errorf("attaching to a missing role: %v, want ErrNotFound", err)
	}
}

func TestDeleteRoleRemovesOnlyAnEmptyRole(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	role := ensureRole(t, c, roleSpec())
	policy, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachPolicy(ctx, role.Name, policy.ARN); err != nil {
		t.Fatal(err)
	}
	w.emu.AddRolePolicy(accountB, role.Name, awstest.AssumeRolePolicy())

	var notEmpty *bslaws.RoleNotEmptyError
	err = c.DeleteRole(ctx, role.Name)
	if !errors.As(err, &notEmpty) || !slices.Equal(notEmpty.AttachedPolicyARNs, []string{policy.ARN}) || len(notEmpty.InlinePolicies) != 1 {
		t.Fatalf("DeleteRole = %v, want *RoleNotEmptyError naming the policies", err)
	}
	if r, err := c.GetRole(ctx, role.Name); err != nil || len(r.AttachedPolicyARNs) != 1 {
		t.Fatalf("the refused delete changed the role: %+v, %v", r, err)
	}
}

func TestUndoPrimitivesTolerateWhatIsAlreadyGone(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	role := ensureRole(t, c, roleSpec())
	policy, err := c.EnsurePolicy(ctx, permissionsSpec(t, c), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachPolicy(ctx, role.Name, policy.ARN); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"detach", func() error { return c.DetachPolicy(ctx, role.Name, policy.ARN) }},
		{"detach again", func() error { return c.DetachPolicy(ctx, role.Name, policy.ARN) }},
		{"delete role", func() error { return c.DeleteRole(ctx, role.Name) }},
		{"delete role again", func() error { return c.DeleteRole(ctx, role.Name) }},
		{"detach from the deleted role", func() error { return c.DetachPolicy(ctx, role.Name, policy.ARN) }},
		{"delete policy", func() error { return c.DeletePolicy(ctx, policy.ARN) }},
		{"delete policy again", func() error { return c.DeletePolicy(ctx, policy.ARN) }},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Errorf("%s: %v", s.name, err)
		}
	}
	if _, err := c.GetRole(ctx, role.Name); !errors.Is(err, bslaws.ErrNotFound) {
		t.Errorf("role still there: %v", err)
	}
}

func TestKnownAbsentCreatesAtOnceAndStillAdoptsWhatAppeared(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	spec := roleSpec()
	spec.KnownAbsent = true
	w.emu.ResetCalls()
	role, err := c.EnsureRole(ctx, spec)
	if err != nil || !role.Created {
		t.Fatalf("EnsureRole = %+v, %v", role, err)
	}
	if got := statusesOf(w.emu.Calls(), "iam:GetRole"); len(got) != 0 {
		t.Fatalf("KnownAbsent still read the role first: %v", got)
	}
	// The role now exists although the caller believed otherwise: adopted.
	again, err := c.EnsureRole(ctx, spec)
	if err != nil || again.Created || again.ARN != role.ARN {
		t.Fatalf("second EnsureRole = %+v, %v; want the role adopted", again, err)
	}
	attached, err := c.AttachPolicyTo(ctx, again, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
	if err != nil || !attached {
		t.Fatalf("AttachPolicyTo = %v, %v", attached, err)
	}
	again.AttachedPolicyARNs = append(again.AttachedPolicyARNs, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
	if attached, err := c.AttachPolicyTo(ctx, again, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"); err != nil || attached {
		t.Fatalf("AttachPolicyTo of an attached policy = %v, %v; want no call", attached, err)
	}
}
