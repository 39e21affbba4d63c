package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// ActionCheck is one action the role must be allowed on one resource.
type ActionCheck struct{ Action, Resource string }

// Denial is an ActionCheck the simulator did not allow; Decision is IAM's
// "implicitDeny" or "explicitDeny". Cause is "" when the role's own policies
// deny it, else why the simulator's answer may not hold for the real call:
// CauseOrganizations, or CauseMissingContext followed by the keys.
//
// Statement names the statement of a resource policy (the bucket's or the
// key's, SimulateRoleWithPolicies) that denies it: its Sid, or its place.
type Denial struct{ Action, Resource, Decision, Cause, Statement string }

// Causes of a Denial that only the real call can settle.
const (
	// CauseOrganizations: a service control policy denies it in the simulator,
	// which evaluates SCPs without the request's full context.
	CauseOrganizations = "a service control policy of AWS Organizations"
	// CauseMissingContext: the decision depends on condition keys the
	// simulation could not fill.
	CauseMissingContext = "condition keys the simulator lacks: "
)

// Uncertain reports whether the denial comes from Organizations or from
// missing context values: a warning, for Palette's validate to settle, rather
// than a fault of the role's policies.
func (d Denial) Uncertain() bool { return d.Cause != "" }

// String is "action on resource: decision", with the cause when known.
func (d Denial) String() string {
	s := fmt.Sprintf("%s on %s: %s", d.Action, d.Resource, d.Decision)
	if d.Cause != "" {
		s += " (by " + d.Cause + ")"
	}
	return s
}

// SplitDenials separates the denials of the role's own policies from the
// uncertain ones (Denial.Uncertain).
func SplitDenials(ds []Denial) (certain, uncertain []Denial) {
	for _, d := range ds {
		if d.Uncertain() {
			uncertain = append(uncertain, d)
		} else {
			certain = append(certain, d)
		}
	}
	return certain, uncertain
}

// concreteActions spells out the wildcards of iampolicy's action lists: the
// simulator takes only fully qualified action names.
var concreteActions = map[string][]string{
	"kms:ReEncrypt*":       {"kms:ReEncryptFrom", "kms:ReEncryptTo"},
	"kms:GenerateDataKey*": {"kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext"},
}

// GuideActions lists what the guide's policy (iampolicy.Permissions) grants,
// each action on the resource it applies to: the EC2 snapshot actions on "*",
// the object actions on arn:<partition>:s3:::<bucket>/*, s3:ListBucket on the
// bucket, and s3:PutObjectTagging and the KMS actions on the key when opted in.
func GuideActions(partition, bucket string, opt iampolicy.PermissionsOptions) []ActionCheck {
	var checks []ActionCheck
	add := func(resource string, actions []string) {
		for _, a := range actions {
			for _, concrete := range concreteAction(a) {
				checks = append(checks, ActionCheck{Action: concrete, Resource: resource})
			}
		}
	}
	add("*", iampolicy.EC2Actions())
	add(iampolicy.ObjectsARN(partition, bucket), iampolicy.ObjectActions(opt.Tagging))
	add(iampolicy.BucketARN(partition, bucket), []string{"s3:ListBucket"})
	if opt.KMSKeyARN != "" {
		add(opt.KMSKeyARN, iampolicy.KMSActions())
	}
	if opt.BucketKMSStatementNeeded() {
		add(opt.BucketKMSKeyARN, iampolicy.BucketKMSActions())
	}
	return checks
}

// concreteAction expands a wildcard action of the policy into the names the simulator accepts.
func concreteAction(action string) []string {
	if concrete, ok := concreteActions[action]; ok {
		return concrete
	}
	return []string{action}
}

// SimulateRole is SimulateRoleInRegion in the client's region.
func (c *Client) SimulateRole(ctx context.Context, roleARN string, checks []ActionCheck) ([]Denial, error) {
	return c.SimulateRoleInRegion(ctx, roleARN, c.region, checks)
}

// SimulateRoleInRegion asks IAM's policy simulator whether the role may
// perform each check, as Palette's session of it would in region (the
// bucket's), and returns those it may not, in the order given. The simulation
// covers the role's identity policies, permissions boundary and the
// account's service control policies, not trust. It sends the context a real
// call carries (aws:RequestedRegion, aws:SecureTransport, aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType), since a condition on a missing key
// is decided differently than on the real call; what still depends on
// Organizations or missing keys comes back Uncertain.
func (c *Client) SimulateRoleInRegion(ctx context.Context, roleARN, region string, checks []ActionCheck) ([]Denial, error) {
	return c.SimulateRoleWithPolicies(ctx, roleARN, region, checks, nil)
}

// SimulateRoleWithPolicies is SimulateRoleInRegion with the resource policies
// the real calls meet (a bucket policy, a key policy), by resource ARN: the
// simulator weighs each with the role's own policies, so a Deny in a bucket
// policy shows before Palette's validate meets it.
func (c *Client) SimulateRoleWithPolicies(ctx context.Context, roleARN, region string, checks []ActionCheck, policies map[string]ResourcePolicy) ([]Denial, error) {
	entries := simulationContext(roleARN, region)
	var resources []string
	actionsBy := map[string][]string{}
	for _, ch := range checks {
		if _, seen := actionsBy[ch.Resource]; !seen {
			resources = append(resources, ch.Resource)
		}
		actionsBy[ch.Resource] = append(actionsBy[ch.Resource], ch.Action)
	}
	// One simulation per resource, all at once: over a slow link the check
	// costs one round trip, not one per resource.
	decisions := map[ActionCheck]Denial{}
	parts := make([]map[ActionCheck]Denial, len(resources))
	errs := make([]error, len(resources))
	var wg sync.WaitGroup
	for i, res := range resources {
		parts[i] = map[ActionCheck]Denial{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.simulate(ctx, roleARN, res, actionsBy[res], entries, policies[res], parts[i]); err != nil {
				errs[i] = fmt.Errorf("simulate role %s on %s: %w", roleARN, res, err)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, part := range parts {
		maps.Copy(decisions, part)
	}
	var denials []Denial
	for _, ch := range checks {
		d, ok := decisions[ch]
		if !ok {
			return nil, fmt.Errorf("simulate role %s: no result for %s on %s", roleARN, ch.Action, ch.Resource)
		}
		if d.Decision != string(iamtypes.PolicyEvaluationDecisionTypeAllowed) {
			denials = append(denials, d)
		}
	}
	return denials, nil
}

// simulationContext is the request context of Palette's session of the role
// calling S3 or EC2 in region. An empty region is left out.
func simulationContext(roleARN, region string) []iamtypes.ContextEntry {
	entry := func(key string, typ iamtypes.ContextKeyTypeEnum, v string) iamtypes.ContextEntry {
		return iamtypes.ContextEntry{ContextKeyName: sdkaws.String(key), ContextKeyType: typ, ContextKeyValues: []string{v}}
	}
	entries := []iamtypes.ContextEntry{
		entry("aws:SecureTransport", iamtypes.ContextKeyTypeEnumBoolean, "true"),
		entry("aws:PrincipalArn", iamtypes.ContextKeyTypeEnumString, roleARN),
		entry("aws:PrincipalType", iamtypes.ContextKeyTypeEnumString, "AssumedRole"),
	}
	if a, err := arn.Parse(roleARN); err == nil {
		entries = append(entries, entry("aws:PrincipalAccount", iamtypes.ContextKeyTypeEnumString, a.AccountID))
	}
	if region != "" {
		entries = append(entries, entry("aws:RequestedRegion", iamtypes.ContextKeyTypeEnumString, region))
	}
	return entries
}

// simulate evaluates actions on one resource and records each decision.
func (c *Client) simulate(ctx context.Context, roleARN, resource string, actions []string, entries []iamtypes.ContextEntry, rp ResourcePolicy, into map[ActionCheck]Denial) error {
	in := &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: &roleARN,
		ActionNames:     actions,
		ResourceArns:    []string{resource},
		ContextEntries:  entries,
		MaxItems:        listPageSize,
	}
	rp.apply(in, c.id.Partition)
	pages := iam.NewSimulatePrincipalPolicyPaginator(c.iam, in)
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.SimulatePrincipalPolicyOutput, error) {
			return pages.NextPage(ctx)
		})
		if err != nil {
			return err
		}
		for _, r := range page.EvaluationResults {
			key := ActionCheck{Action: sdkaws.ToString(r.EvalActionName), Resource: resource}
			d := Denial{Action: key.Action, Resource: resource, Decision: string(resourceDecision(r, resource))}
			switch {
			case rp.Document != "" && d.Decision == string(iamtypes.PolicyEvaluationDecisionTypeExplicitDeny) && rp.denyingStatement(r) != "":
				// The real call meets this Deny as the simulator did: no
				// missing key makes it uncertain (Palette calls from outside
				// any VPC or network a condition names).
				d.Statement = rp.denyingStatement(r)
			case r.OrganizationsDecisionDetail != nil && !r.OrganizationsDecisionDetail.AllowedByOrganizations:
				d.Cause = CauseOrganizations
			case len(missingContext(r, resource)) > 0:
				d.Cause = CauseMissingContext + strings.Join(missingContext(r, resource), ", ")
			}
			into[key] = d
		}
	}
	return nil
}

// resourceDecision prefers the per-resource answer: the top-level
// EvalResourceName may be an ARN template rather than the resource asked for.
func resourceDecision(r iamtypes.EvaluationResult, resource string) iamtypes.PolicyEvaluationDecisionType {
	for _, rr := range r.ResourceSpecificResults {
		if sdkaws.ToString(rr.EvalResourceName) == resource {
			return rr.EvalResourceDecision
		}
	}
	return r.EvalDecision
}

// missingContext is the condition keys the simulator reported missing for resource.
func missingContext(r iamtypes.EvaluationResult, resource string) []string {
	for _, rr := range r.ResourceSpecificResults {
		if sdkaws.ToString(rr.EvalResourceName) == resource && len(rr.MissingContextValues) > 0 {
			return rr.MissingContextValues
		}
	}
	return r.MissingContextValues
}
