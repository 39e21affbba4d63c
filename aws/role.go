package aws

import (
	"context"
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// RoleSpec is the role the guide asks for. Tags should include
// "bslwiz:location=<name>"; PermissionsBoundary is a policy ARN or "";
// MaxSessionDuration is in seconds (0 = IAM's default, one hour).
type RoleSpec struct {
	Name, Path, Description, TrustPolicy, PermissionsBoundary string
	Tags                                                      map[string]string
	MaxSessionDuration                                        int32
	// Progress, when set, hears about each "Invalid principal" retry of CreateRole.
	Progress func(RetryStatus)
	// KnownAbsent says the caller has just seen that no role of this name
	// exists (its preview): EnsureRole then creates at once and saves a
	// round trip. A role that appeared meanwhile is still adopted.
	KnownAbsent bool
}

// Role is an IAM role as found or created. TrustPolicy is URL-decoded.
// Created is true only when EnsureRole created it just now.
type Role struct {
	ARN, Name, Path, TrustPolicy string
	AttachedPolicyARNs           []string
	Tags                         map[string]string
	Created                      bool

	Description, PermissionsBoundary string
	MaxSessionDuration               int32
	// CreateDate is when IAM made the role.
	CreateDate time.Time
}

// RoleARN is the ARN a role of this name and path has in the caller's account.
func (c *Client) RoleARN(name, path string) string {
	return fmt.Sprintf("arn:%s:iam::%s:role%s%s", c.id.Partition, c.id.Account, normalPath(path), name)
}

// GetRole reads a role, its decoded trust policy and its attached managed
// policies. A missing role gives an error matching ErrNotFound.
func (c *Client) GetRole(ctx context.Context, name string) (*Role, error) {
	out, err := call(ctx, c, func(ctx context.Context) (*iam.GetRoleOutput, error) {
		return c.iam.GetRole(ctx, &iam.GetRoleInput{RoleName: &name})
	})
	if err != nil {
		return nil, fmt.Errorf("get role %s: %w", name, err)
	}
	role, err := roleFrom(out.Role)
	if err != nil {
		return nil, fmt.Errorf("get role %s: %w", name, err)
	}
	if role.AttachedPolicyARNs, err = c.attachedPolicies(ctx, name); err != nil {
		return nil, fmt.Errorf("get role %s: %w", name, err)
	}
	return role, nil
}

// EnsureRole creates the role, or adopts an existing role of that name and
// reports it as it is (trust policy, attachments, Created=false); the caller
// compares and decides. Creation retries while a trust principal propagates.
func (c *Client) EnsureRole(ctx context.Context, spec RoleSpec) (*Role, error) {
	if !spec.KnownAbsent {
		role, err := c.GetRole(ctx, spec.Name)
		if err == nil {
			return role, nil
		}
		if !isNoSuchEntity(err) {
			return nil, err
		}
	}
	if err := iampolicy.CheckTrustSize(spec.TrustPolicy, c.opts.TrustSizeLimit); err != nil {
		return nil, fmt.Errorf("create role %s: %w", spec.Name, err)
	}
	in := &iam.CreateRoleInput{
		RoleName:                 &spec.Name,
		AssumeRolePolicyDocument: &spec.TrustPolicy,
		Path:                     sdkaws.String(normalPath(spec.Path)),
		Tags:                     iamTags(spec.Tags),
	}
	if spec.Description != "" {
		in.Description = &spec.Description
	}
	if spec.PermissionsBoundary != "" {
		in.PermissionsBoundary = &spec.PermissionsBoundary
	}
	if spec.MaxSessionDuration != 0 {
		in.MaxSessionDuration = &spec.MaxSessionDuration
	}
	var out *iam.CreateRoleOutput
	err := c.untilPropagated(ctx, spec.Progress, func(ctx context.Context) (err error) {
		out, err = call(ctx, c, func(ctx context.Context) (*iam.CreateRoleOutput, error) { return c.iam.CreateRole(ctx, in) })
		return err
	})
	if isEntityAlreadyExists(err) {
		// Created in between (another run, a retried request): adopt it.
		return c.GetRole(ctx, spec.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("create role %s: %w", spec.Name, err)
	}
	role, err := roleFrom(out.Role)
	if err != nil {
		return nil, fmt.Errorf("create role %s: %w", spec.Name, err)
	}
	role.Created = true
	if role.TrustPolicy == "" { // CreateRole answers may omit what was just sent
		role.TrustPolicy = spec.TrustPolicy
	}
	if len(role.Tags) == 0 && len(spec.Tags) > 0 {
		role.Tags = tagMap(iamTags(spec.Tags))
	}
	return role, nil
}

// AttachPolicy attaches a managed policy to a role unless it already is;
// attached reports whether this call attached it.
func (c *Client) AttachPolicy(ctx context.Context, roleName, policyARN string) (attached bool, err error) {
	current, err := c.attachedPolicies(ctx, roleName)
	if err != nil {
		return false, fmt.Errorf("attach policy %s to role %s: %w", policyARN, roleName, err)
	}
	return c.attachUnless(ctx, roleName, policyARN, current)
}

// AttachPolicyTo is AttachPolicy for a role the caller has just read or
// created: its AttachedPolicyARNs stand for the current attachments, which
// saves a round trip. (AttachRolePolicy is itself idempotent in IAM.)
func (c *Client) AttachPolicyTo(ctx context.Context, role *Role, policyARN string) (attached bool, err error) {
	return c.attachUnless(ctx, role.Name, policyARN, role.AttachedPolicyARNs)
}

func (c *Client) attachUnless(ctx context.Context, roleName, policyARN string, current []string) (bool, error) {
	for _, a := range current {
		if a == policyARN {
			return false, nil
		}
	}
	// Attach comes right after the role or the policy was made: IAM may not
	// know them everywhere yet (NoSuchEntity) or be busy with them.
	err := c.untilVisible(ctx, func(ctx context.Context) error {
		_, err := call(ctx, c, func(ctx context.Context) (*iam.AttachRolePolicyOutput, error) {
			return c.iam.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: &roleName, PolicyArn: &policyARN})
		})
		return err
	})
	if err != nil {
		return false, fmt.Errorf("attach policy %s to role %s: %w", policyARN, roleName, err)
	}
	return true, nil
}

// DetachPolicy detaches a managed policy from a role. A role or attachment
// that is already gone is not an error.
func (c *Client) DetachPolicy(ctx context.Context, roleName, policyARN string) error {
	_, err := call(ctx, c, func(ctx context.Context) (*iam.DetachRolePolicyOutput, error) {
		return c.iam.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: &roleName, PolicyArn: &policyARN})
	})
	if err != nil && !isNoSuchEntity(err) {
		return fmt.Errorf("detach policy %s from role %s: %w", policyARN, roleName, err)
	}
	return nil
}

// DeleteRole deletes a role that has no policies left. It never detaches
// anything itself: a role with attached or inline policies is refused with
// *RoleNotEmptyError. A role that is already gone is not an error.
func (c *Client) DeleteRole(ctx context.Context, roleName string) error {
	attached, err := c.attachedPolicies(ctx, roleName)
	if isNoSuchEntity(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete role %s: %w", roleName, err)
	}
	inline, err := c.inlinePolicies(ctx, roleName)
	if isNoSuchEntity(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete role %s: %w", roleName, err)
	}
	if len(attached) > 0 || len(inline) > 0 {
		return &RoleNotEmptyError{Role: roleName, AttachedPolicyARNs: attached, InlinePolicies: inline}
	}
	_, err = call(ctx, c, func(ctx context.Context) (*iam.DeleteRoleOutput, error) {
		return c.iam.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: &roleName})
	})
	if err != nil && !isNoSuchEntity(err) {
		return fmt.Errorf("delete role %s: %w", roleName, err)
	}
	return nil
}

func (c *Client) attachedPolicies(ctx context.Context, roleName string) ([]string, error) {
	arns := []string{}
	pages := iam.NewListAttachedRolePoliciesPaginator(c.iam, &iam.ListAttachedRolePoliciesInput{RoleName: &roleName, MaxItems: listPageSize})
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.ListAttachedRolePoliciesOutput, error) {
			return pages.NextPage(ctx)
		})
		if err != nil {
			return nil, fmt.Errorf("list attached policies: %w", err)
		}
		for _, p := range page.AttachedPolicies {
			arns = append(arns, sdkaws.ToString(p.PolicyArn))
		}
	}
	return arns, nil
}

func (c *Client) inlinePolicies(ctx context.Context, roleName string) ([]string, error) {
	var names []string
	pages := iam.NewListRolePoliciesPaginator(c.iam, &iam.ListRolePoliciesInput{RoleName: &roleName, MaxItems: listPageSize})
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.ListRolePoliciesOutput, error) { return pages.NextPage(ctx) })
		if err != nil {
			return nil, fmt.Errorf("list inline policies: %w", err)
		}
		names = append(names, page.PolicyNames...)
	}
	return names, nil
}

func roleFrom(r *iamtypes.Role) (*Role, error) {
	if r == nil {
		return nil, fmt.Errorf("IAM answered without a role")
	}
	trust, err := decodeDocument(sdkaws.ToString(r.AssumeRolePolicyDocument))
	if err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	role := &Role{
		ARN:                sdkaws.ToString(r.Arn),
		Name:               sdkaws.ToString(r.RoleName),
		Path:               sdkaws.ToString(r.Path),
		TrustPolicy:        trust,
		AttachedPolicyARNs: []string{},
		Tags:               tagMap(r.Tags),
		Description:        sdkaws.ToString(r.Description),
		MaxSessionDuration: sdkaws.ToInt32(r.MaxSessionDuration),
		CreateDate:         sdkaws.ToTime(r.CreateDate),
	}
	if r.PermissionsBoundary != nil {
		role.PermissionsBoundary = sdkaws.ToString(r.PermissionsBoundary.PermissionsBoundaryArn)
	}
	return role, nil
}
