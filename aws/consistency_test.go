package aws_test

import (
	"context"
	"slices"
	"testing"
	"time"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
)

// TestAttachRightAfterCreateWaitsForIAMToKnowTheRoleAndThePolicy: IAM's replicas may not
// know a role or policy made a moment ago, and AttachRolePolicy answers NoSuchEntity.
func TestAttachRightAfterCreateWaitsForIAMToKnowTheRoleAndThePolicy(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	w.emu.SetReadAfterCreateDelay(5 * time.Second)
	pol, err := c.EnsurePolicy(ctx, bslaws.PolicySpec{Name: "backup", Document: awstest.AdminPolicy()}, false)
	if err != nil {
		t.Fatal(err)
	}
	role := ensureRole(t, c, roleSpec())
	w.emu.ResetCalls()
	attached, err := c.AttachPolicyTo(ctx, role, pol.ARN)
	if err != nil || !attached {
		t.Fatalf("attach right after create: %v, %v", attached, err)
	}
	got := statusesOf(w.emu.Calls(), "iam:AttachRolePolicy")
	if len(got) < 2 || got[0] != 404 || got[len(got)-1] != 200 {
		t.Errorf("AttachRolePolicy statuses %v, want 404s then 200", got)
	}
}

// TestAConcurrentModificationIsRetried: IAM refuses a change that overlaps another to
// the same entity with 409 ConcurrentModification; it succeeds when retried.
func TestAConcurrentModificationIsRetried(t *testing.T) {
	tests := []struct {
		op  string
		run func(t *testing.T, c *bslaws.Client, role *bslaws.Role, policyARN string) error
	}{
		{"iam:AttachRolePolicy", func(t *testing.T, c *bslaws.Client, role *bslaws.Role, policyARN string) error {
			_, err := c.AttachPolicyTo(context.Background(), role, policyARN)
			return err
		}},
		{"iam:UpdateAssumeRolePolicy", func(t *testing.T, c *bslaws.Client, role *bslaws.Role, _ string) error {
			return c.UpdateTrustPolicy(context.Background(), role.Name, role.TrustPolicy, withAccountA(t, role.TrustPolicy, accountA), nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			w := newWorld(t)
			c := w.connect()
			pol, err := c.EnsurePolicy(context.Background(), bslaws.PolicySpec{Name: "backup", Document: awstest.AdminPolicy()}, false)
			if err != nil {
				t.Fatal(err)
			}
			role := ensureRole(t, c, roleSpec())
			w.emu.SetFault(tt.op, awstest.Fault{ConcurrentModification: 2})
			w.emu.ResetCalls()
			if err := tt.run(t, c, role, pol.ARN); err != nil {
				t.Fatalf("%s through two ConcurrentModification answers: %v", tt.op, err)
			}
			if got := statusesOf(w.emu.Calls(), tt.op); !slices.Equal(got, []int{409, 409, 200}) {
				t.Errorf("%s statuses %v, want [409 409 200]", tt.op, got)
			}
		})
	}
}
