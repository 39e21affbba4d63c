package awstest

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// identityPolicies returns the identity-based policies of a user, or of a role (for sessions and
// simulation), plus the permissions boundary if any. Caller holds e.mu.
func (e *Emulator) identityPolicies(u *user, r *role) (policies []sourcedPolicy, boundary *sourcedPolicy) {
	if u != nil {
		for _, np := range u.inline {
			if doc, err := parsePolicy(np.doc); err == nil {
				policies = append(policies, sourcedPolicy{ID: np.name, Type: "user", Doc: doc})
			}
		}
		return policies, nil
	}
	if r == nil {
		return nil, nil
	}
	a := e.accounts[accountOfARN(r.arn)]
	for _, arn := range r.attached {
		mp := e.managedPolicy(a, arn)
		if mp == nil {
			continue
		}
		typ := "user-managed"
		if mp.awsManaged {
			typ = "aws-managed"
		}
		if doc, err := parsePolicy(mp.defaultDoc()); err == nil {
			policies = append(policies, sourcedPolicy{ID: mp.name, Type: typ, Doc: doc})
		}
	}
	for _, np := range r.inline {
		if doc, err := parsePolicy(np.doc); err == nil {
			policies = append(policies, sourcedPolicy{ID: np.name, Type: "role", Doc: doc})
		}
	}
	if r.boundary != "" {
		if mp := e.managedPolicy(a, r.boundary); mp != nil {
			if doc, err := parsePolicy(mp.defaultDoc()); err == nil {
				boundary = &sourcedPolicy{ID: mp.name, Type: "permissionsBoundary", Doc: doc}
			}
		}
	}
	return policies, boundary
}

// evaluatePolicies decides req for the identity of a user or a role, optionally narrowed by a
// session policy: identity policies must allow, and the boundary and session policy must too.
// Caller holds e.mu.
func (e *Emulator) evaluatePolicies(u *user, r *role, session *policyDoc, req evalRequest) (decision, []matchedStatement) {
	scp, scpMatched := e.scpDecision(u, r, req)
	if scp == explicitDeny {
		return scp, scpMatched
	}
	policies, boundary := e.identityPolicies(u, r)
	d, matched := evalIdentity(policies, req)
	if d != allowed {
		return d, matched
	}
	if scp != allowed {
		return scp, scpMatched
	}
	for _, limit := range []*sourcedPolicy{boundary, sessionSource(session)} {
		if limit == nil {
			continue
		}
		ld, lm := evalIdentity([]sourcedPolicy{*limit}, req)
		if ld != allowed {
			return ld, lm
		}
	}
	return allowed, matched
}

func sessionSource(p *policyDoc) *sourcedPolicy {
	if p == nil {
		return nil
	}
	return &sourcedPolicy{ID: "session", Type: "session", Doc: p}
}

// evaluateCaller decides req for an authenticated caller.
func (e *Emulator) evaluateCaller(p *principal, req evalRequest) decision {
	d, _ := e.evaluatePolicies(p.user, p.role, p.sessionPolicy, req)
	return d
}

// callerContext returns the global condition keys of a request by p.
func callerContext(p *principal, q *request) condContext {
	ctx := condContext{}
	now := q.now
	if now.IsZero() {
		now = time.Now()
	}
	ctx.set("aws:CurrentTime", now.UTC().Format(time.RFC3339))
	ctx.set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	ctx.set("aws:SecureTransport", strconv.FormatBool(q.r.TLS != nil))
	ctx.set("aws:RequestedRegion", q.region())
	if host, _, err := net.SplitHostPort(q.r.RemoteAddr); err == nil {
		ctx.set("aws:SourceIp", host)
	}
	if p == nil {
		return ctx
	}
	ctx.set("aws:PrincipalAccount", p.account.id)
	ctx.set("aws:userid", p.userID)
	if p.user != nil {
		ctx.set("aws:PrincipalArn", p.arn)
		ctx.set("aws:username", p.user.name)
		ctx.set("aws:PrincipalType", "User")
	} else {
		ctx.set("aws:PrincipalArn", p.role.arn)
		ctx.set("aws:PrincipalType", "AssumedRole")
	}
	return ctx
}

// authorize returns AccessDenied unless the caller may perform action on resource. extra context
// keys are added to the caller's. Caller holds e.mu.
func (e *Emulator) authorize(q *request, action, resource string, extra condContext) *apiError {
	if q.caller == nil {
		return newError(http.StatusForbidden, "AccessDenied", "Access Denied")
	}
	ctx := callerContext(q.caller, q)
	for k, v := range extra {
		ctx[k] = v
	}
	d := e.evaluateCaller(q.caller, evalRequest{Action: action, Resource: resource, Context: ctx})
	if d == allowed {
		return nil
	}
	return accessDenied(q.caller, action, resource, d)
}

// accessDenied is the AccessDenied error IAM and S3 return for an identity-policy denial.
func accessDenied(p *principal, action, resource string, d decision) *apiError {
	why := "because no identity-based policy allows the " + action + " action"
	if d == explicitDeny {
		why = "with an explicit deny in an identity-based policy"
	}
	return newError(http.StatusForbidden, "AccessDenied", "User: %s is not authorized to perform: %s on resource: %s %s",
		p.arn, action, resource, why)
}

// accountOfARN returns the account field of an ARN ("" when it is not an ARN).
func accountOfARN(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.AccountID
}

// roleARN builds a role ARN; path is "/" or "/a/b/".
func roleARN(partition, accountID, path, name string) string {
	return fmt.Sprintf("arn:%s:iam::%s:role%s%s", partition, accountID, path, name)
}

// policyARN builds a customer managed policy ARN.
func policyARN(partition, accountID, path, name string) string {
	return fmt.Sprintf("arn:%s:iam::%s:policy%s%s", partition, accountID, path, name)
}

// SetServiceControlPolicies attaches AWS Organizations service control policies (JSON
// documents) to an account, replacing any before: every principal of the account is then
// limited to what all of them allow, as for a member account of an organization. None
// removes them. It panics when a document is not a valid policy.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
func (e *Emulator) SetServiceControlPolicies(accountID string, docs ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	a.scps = nil
	for i, doc := range docs {
		p, err := validatePolicy(doc, kindIdentity)
		if err != nil {
			panic(fmt.Sprintf("awstest: SetServiceControlPolicies %s policy %d: %v", accountID, i, err))
		}
		a.scps = append(a.scps, p)
	}
}

// scpDecision is the verdict of the service control policies of the account of a user or
// role: allowed when there are none. Each SCP must allow the request. Caller holds e.mu.
func (e *Emulator) scpDecision(u *user, r *role, req evalRequest) (decision, []matchedStatement) {
	a := e.subjectAccount(u, r)
	if a == nil || len(a.scps) == 0 {
		return allowed, nil
	}
	verdict := allowed
	var matched []matchedStatement
	for i, p := range a.scps {
		d, m := evalIdentity([]sourcedPolicy{{ID: fmt.Sprintf("scp-%d", i+1), Type: "scp", Doc: p}}, req)
		switch {
		case d == explicitDeny:
			return d, m
		case d != allowed:
			verdict, matched = d, m
		}
	}
	return verdict, matched
}

// subjectAccount is the account of a user or role. Caller holds e.mu.
func (e *Emulator) subjectAccount(u *user, r *role) *account {
	switch {
	case u != nil:
		return e.accounts[accountOfARN(u.arn)]
	case r != nil:
		return e.accounts[accountOfARN(r.arn)]
	}
	return nil
}
