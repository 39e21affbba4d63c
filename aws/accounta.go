package aws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
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

// WorkloadRole is a role of the account that workloads assume: EC2
// instances (a cluster's nodes) or an OIDC provider (IRSA, a cluster's
// service accounts). Via says which.
type WorkloadRole struct{ Name, ARN, Via string }

// WorkloadRoles lists the roles whose trust lets EC2 instances or an OIDC
// provider assume them: the candidates for the principal a cluster's
// backups run as.
func (c *Client) WorkloadRoles(ctx context.Context) ([]WorkloadRole, error) {
	var out []WorkloadRole
	pages := iam.NewListRolesPaginator(c.iam, &iam.ListRolesInput{MaxItems: listPageSize})
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.ListRolesOutput, error) { return pages.NextPage(ctx) })
		if err != nil {
			return nil, fmt.Errorf("list roles: %w", err)
		}
		for _, r := range page.Roles {
			doc, err := decodeDocument(sdkaws.ToString(r.AssumeRolePolicyDocument))
			if err != nil {
				continue
			}
			if via := WorkloadTrust(doc); via != "" {
				out = append(out, WorkloadRole{Name: sdkaws.ToString(r.RoleName), ARN: sdkaws.ToString(r.Arn), Via: via})
			}
		}
	}
	return out, nil
}

// WorkloadTrust says whether a trust policy lets EC2 instances ("EC2
// instances") or an OIDC provider ("OIDC provider <arn>") assume the role,
// through an Allow statement; "" when neither, or the document is not JSON.
func WorkloadTrust(doc string) string {
	var t struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &t) != nil {
		return ""
	}
	var sts []map[string]json.RawMessage
	if json.Unmarshal(t.Statement, &sts) != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(t.Statement, &one) != nil {
			return ""
		}
		sts = []map[string]json.RawMessage{one}
	}
	for _, st := range sts {
		var effect string
		if json.Unmarshal(st["Effect"], &effect) != nil || effect != "Allow" {
			continue
		}
		var pr map[string]json.RawMessage
		if json.Unmarshal(st["Principal"], &pr) != nil {
			continue
		}
		if slices.Contains(stringOrList(pr["Service"]), "ec2.amazonaws.com") {
			return "EC2 instances"
		}
		for _, f := range stringOrList(pr["Federated"]) {
			if strings.Contains(f, ":oidc-provider/") {
				return "OIDC provider " + f
			}
		}
	}
	return ""
}

// stringOrList reads a JSON string or list of strings.
func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}
