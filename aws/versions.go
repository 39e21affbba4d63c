package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// GetPolicyByARN reads a customer managed policy by ARN; Exists is false when
// it is gone. Undo uses it to see what is left of what bslwiz made.
func (c *Client) GetPolicyByARN(ctx context.Context, policyARN string) (PolicyState, error) {
	st, err := c.policyState(ctx, policyARN)
	if err != nil {
		return PolicyState{}, fmt.Errorf("get policy %s: %w", policyARN, err)
	}
	return st, nil
}

// SetDefaultPolicyVersion makes version id the policy's default again, as
// undo does after bslwiz added a version to a policy it adopted.
func (c *Client) SetDefaultPolicyVersion(ctx context.Context, policyARN, id string) error {
	_, err := call(ctx, c, func(ctx context.Context) (*iam.SetDefaultPolicyVersionOutput, error) {
		return c.iam.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: &policyARN, VersionId: &id})
	})
	if err != nil {
		return fmt.Errorf("set default version of %s to %s: %w", policyARN, id, err)
	}
	return nil
}

// DeletePolicyVersion deletes one non-default version; a version already
// gone is not an error.
func (c *Client) DeletePolicyVersion(ctx context.Context, policyARN, id string) error {
	if err := c.deletePolicyVersion(ctx, policyARN, id); err != nil {
		return fmt.Errorf("policy %s: %w", policyARN, err)
	}
	return nil
}

// InlinePolicies lists the names of a role's inline policies. Undo checks
// them before it deletes anything: IAM refuses to delete a role that has any.
func (c *Client) InlinePolicies(ctx context.Context, roleName string) ([]string, error) {
	names, err := c.inlinePolicies(ctx, roleName)
	if err != nil {
		return nil, fmt.Errorf("list inline policies of role %s: %w", roleName, err)
	}
	return names, nil
}
