package aws

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// These are the calls bslwiz makes in Account A, with Account A's own
// credentials (--account-a-profile): a read of the principal's identity
// policies, the simulation of sts:AssumeRole, and the one change it may
// make there, an inline policy on that principal.

// GetRolePolicy reads the inline policy name of role roleName, URL-decoded;
// found is false when the role has no such policy.
func (c *Client) GetRolePolicy(ctx context.Context, roleName, name string) (doc string, found bool, err error) {
	out, err := call(ctx, c, func(ctx context.Context) (*iam.GetRolePolicyOutput, error) {
		return c.iam.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: &roleName, PolicyName: &name})
	})
	if errors.Is(err, ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("get inline policy %s of role %s: %w", name, roleName, err)
	}
	raw := ""
	if out.PolicyDocument != nil {
		raw = *out.PolicyDocument
	}
	if doc, err = decodeDocument(raw); err != nil {
		return "", false, fmt.Errorf("inline policy %s of role %s: %w", name, roleName, err)
	}
	return doc, true, nil
}

// PutRolePolicy writes inline policy name of role roleName (creating or
// replacing it).
func (c *Client) PutRolePolicy(ctx context.Context, roleName, name, doc string) error {
	_, err := call(ctx, c, func(ctx context.Context) (*iam.PutRolePolicyOutput, error) {
		return c.iam.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: &roleName, PolicyName: &name, PolicyDocument: &doc})
	})
	if err != nil {
		return fmt.Errorf("put inline policy %s on role %s: %w", name, roleName, err)
	}
	return nil
}

// DeleteRolePolicy deletes inline policy name of role roleName; one already
// gone is not an error.
func (c *Client) DeleteRolePolicy(ctx context.Context, roleName, name string) error {
	_, err := call(ctx, c, func(ctx context.Context) (*iam.DeleteRolePolicyOutput, error) {
		return c.iam.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: &roleName, PolicyName: &name})
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("delete inline policy %s of role %s: %w", name, roleName, err)
	}
	return nil
}
