package awstest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// iamSimulatePrincipalPolicy evaluates the identity policies of a role or user (attached managed,
// inline, permissions boundary) with the same engine that authorizes real calls. It returns one
// EvaluationResult per action and resource, each with its ResourceSpecificResults.
func (e *Emulator) iamSimulatePrincipalPolicy(q *request) (any, *apiError) {
	p := q.params
	source := p.Get("PolicySourceArn")
	if aerr := checkARN(source); aerr != nil {
		return nil, aerr
	}
	actions := memberList(p, "ActionNames")
	if len(actions) == 0 {
		return nil, validationError("Value null at 'actionNames' failed to satisfy constraint: Member must not be null")
	}
	resources := memberList(p, "ResourceArns")
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	if aerr := e.authorize(q, "iam:SimulatePrincipalPolicy", source, nil); aerr != nil {
		return nil, aerr
	}
	u, r, aerr := e.simulationSubject(q.callerAccount(), source)
	if aerr != nil {
		return nil, aerr
	}
	ctx := simulationContext(p)
	rp, spans, sameAccount, aerr := e.simulationResourcePolicy(q, u, r)
	if aerr != nil {
		return nil, aerr
	}
	var results []xmlEvaluationResult
	for _, action := range actions {
		if strings.ContainsAny(action, "*?") || !strings.Contains(action, ":") {
			return nil, newError(http.StatusBadRequest, "InvalidInput", "Actions must be fully qualified names without wildcards: %s", action)
		}
		for _, resource := range resources {
			req := evalRequest{Action: action, Resource: resource, Context: ctx}
			d, matched := e.evaluatePolicies(u, r, nil, req)
			missing := e.missingContext(u, r, req)
			if rp != nil {
				rd, rm := evalResourcePolicy(rp, simulatedPrincipal(u, r, e.subjectAccount(u, r)), req)
				d, matched = combineResourcePolicy(d, matched, rd, rm, sameAccount)
				missing = append(missing, missingKeys(rp, req, missing)...)
			}
			ms := matchedXMLAt(matched, spans)
			var org *xmlOrganizationsDecision
			if a := e.subjectAccount(u, r); a != nil && len(a.scps) > 0 {
				scp, _ := e.scpDecision(u, r, req)
				org = &xmlOrganizationsDecision{AllowedByOrganizations: scp == allowed}
			}
			results = append(results, xmlEvaluationResult{
				EvalActionName: action, EvalResourceName: resource, EvalDecision: d.String(),
				MatchedStatements: ms, MissingContextValues: missing, OrganizationsDecisionDetail: org,
				ResourceSpecificResults: []xmlResourceResult{{
					EvalResourceName: resource, EvalResourceDecision: d.String(),
					MatchedStatements: ms, MissingContextValues: missing,
				}},
			})
		}
	}
	start, end, truncated, next, aerr := paginate(p, len(results))
	if aerr != nil {
		return nil, aerr
	}
	return xmlSimulateResult{EvaluationResults: results[start:end], IsTruncated: truncated, Marker: next}, nil
}

// simulationSubject resolves PolicySourceArn to a user or role of the caller's account.
func (e *Emulator) simulationSubject(a *account, source string) (*user, *role, *apiError) {
	p, err := arn.Parse(source)
	if err != nil || p.Service != "iam" {
		return nil, nil, newError(http.StatusBadRequest, "InvalidInput", "Invalid ARN: %s. Simulation supports IAM users, groups and roles only.", source)
	}
	if p.AccountID != a.id {
		return nil, nil, newError(http.StatusBadRequest, "InvalidInput", "The PolicySourceArn %s is not in the caller's account.", source)
	}
	switch {
	case strings.HasPrefix(p.Resource, "role/"):
		path, name := splitPathName(strings.TrimPrefix(p.Resource, "role"))
		r := a.role(name)
		if r == nil || r.path != path {
			return nil, nil, newError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", name)
		}
		return nil, r, nil
	case strings.HasPrefix(p.Resource, "user/"):
		_, name := splitPathName(strings.TrimPrefix(p.Resource, "user"))
		u := a.users[nameKey(name)]
		if u == nil {
			return nil, nil, newError(http.StatusNotFound, "NoSuchEntity", "The user with name %s cannot be found.", name)
		}
		return u, nil, nil
	}
	return nil, nil, newError(http.StatusBadRequest, "InvalidInput", "Invalid ARN: %s. Simulation supports IAM users, groups and roles only.", source)
}

// simulationContext reads ContextEntries.member.N.{ContextKeyName, ContextKeyValues.member.M}.
func simulationContext(p map[string][]string) condContext {
	ctx := condContext{}
	for i := 1; ; i++ {
		base := "ContextEntries.member." + strconv.Itoa(i)
		name := first(p[base+".ContextKeyName"])
		if name == "" {
			return ctx
		}
		ctx.set(name, memberList(p, base+".ContextKeyValues")...)
	}
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// missingContext lists condition keys of statements relevant to req that the context lacks.
func (e *Emulator) missingContext(u *user, r *role, req evalRequest) []string {
	policies, boundary := e.identityPolicies(u, r)
	if boundary != nil {
		policies = append(policies, *boundary)
	}
	if a := e.subjectAccount(u, r); a != nil {
		for _, scp := range a.scps {
			policies = append(policies, sourcedPolicy{ID: "scp", Type: "scp", Doc: scp})
		}
	}
	var out []string
	for _, p := range policies {
		out = append(out, missingKeys(p.Doc, req, out)...)
	}
	return out
}

// matchedXMLAt is the MatchedStatements of ms, with the StartPosition and EndPosition of the resource
// policy's statements (spans, from statementSpans).
func matchedXMLAt(ms []matchedStatement, spans [][2]position) []xmlMatchedStatement {
	out := make([]xmlMatchedStatement, len(ms))
	for i, m := range ms {
		out[i] = xmlMatchedStatement{SourcePolicyId: m.PolicyID, SourcePolicyType: m.PolicyType}
		if m.PolicyID == resourcePolicyID && m.Index < len(spans) {
			start, end := spans[m.Index][0], spans[m.Index][1]
			out[i].StartPosition, out[i].EndPosition = &start, &end
		}
	}
	return out
}
