package aws

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// ActionCheck is one action the role must be allowed on one resource.
type ActionCheck struct{ Action, Resource string }

// Denial is an ActionCheck the simulator did not allow; Decision is IAM's
// "implicitDeny" or "explicitDeny".
type Denial struct{ Action, Resource, Decision string }

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
	return checks
}

// concreteAction expands a wildcard action of the policy into the names the simulator accepts.
func concreteAction(action string) []string {
	if concrete, ok := concreteActions[action]; ok {
		return concrete
	}
	return []string{action}
}

// SimulateRole asks IAM's policy simulator whether the role may perform each
// check and returns those it may not, in the order given. The simulation
// covers the role's identity policies and permissions boundary, not trust.
func (c *Client) SimulateRole(ctx context.Context, roleARN string, checks []ActionCheck) ([]Denial, error) {
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
	decisions := map[ActionCheck]string{}
	parts := make([]map[ActionCheck]string, len(resources))
	errs := make([]error, len(resources))
	var wg sync.WaitGroup
	for i, res := range resources {
		parts[i] = map[ActionCheck]string{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.simulate(ctx, roleARN, res, actionsBy[res], parts[i]); err != nil {
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
		if d != string(iamtypes.PolicyEvaluationDecisionTypeAllowed) {
			denials = append(denials, Denial{Action: ch.Action, Resource: ch.Resource, Decision: d})
		}
	}
	return denials, nil
}

// simulate evaluates actions on one resource and records each decision.
func (c *Client) simulate(ctx context.Context, roleARN, resource string, actions []string, into map[ActionCheck]string) error {
	pages := iam.NewSimulatePrincipalPolicyPaginator(c.iam, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: &roleARN,
		ActionNames:     actions,
		ResourceArns:    []string{resource},
		MaxItems:        listPageSize,
	})
	for pages.HasMorePages() {
		page, err := call(ctx, c, func(ctx context.Context) (*iam.SimulatePrincipalPolicyOutput, error) {
			return pages.NextPage(ctx)
		})
		if err != nil {
			return err
		}
		for _, r := range page.EvaluationResults {
			key := ActionCheck{Action: sdkaws.ToString(r.EvalActionName), Resource: resource}
			into[key] = string(resourceDecision(r, resource))
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
