package awstest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Resource-based policies (bucket policies, and the ResourcePolicy a simulation is given) are
// evaluated beside the caller's identity policies, as AWS does
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// an explicit Deny in either wins; within one account an Allow in either suffices; across
// accounts both must allow. An Allow naming only the caller's account (its root) delegates
// to the account's IAM policies rather than granting by itself.

// resourcePolicyID is the SourcePolicyId IAM's simulator gives the ResourcePolicy's statements.
const resourcePolicyID = "ResourcePolicy"

// evalResourcePolicy evaluates a resource policy for caller. Allows count only when the
// statement names the caller itself (or "*"); a Deny counts when it covers the caller at all.
func evalResourcePolicy(doc *policyDoc, caller *principal, req evalRequest) (decision, []matchedStatement) {
	if doc == nil {
		return implicitDeny, nil
	}
	var allows, denies []matchedStatement
	for i, st := range doc.Statements {
		if !st.matchesAction(req.Action) || !st.matchesResource(req.Resource) || !conditionsHold(st.Conditions, req.Context) {
			continue
		}
		var match, specific bool
		switch {
		case caller == nil:
			match = st.Principal != nil && st.Principal.Any
			specific = match
		case st.Principal != nil:
			match, specific = principalMatches(st.Principal, caller)
		case st.NotPrincipal != nil:
			m, _ := principalMatches(st.NotPrincipal, caller)
			match, specific = !m, !m
		}
		if !match {
			continue
		}
		m := matchedStatement{PolicyID: resourcePolicyID, PolicyType: "resource", Index: i}
		switch {
		case st.Effect == "Deny":
			denies = append(denies, m)
		case specific:
			allows = append(allows, m)
		}
	}
	return tally(denies, allows)
}

// combineResourcePolicy merges the identity decision with a resource policy's: sameAccount
// says whether the resource belongs to the principal's account.
func combineResourcePolicy(id decision, idm []matchedStatement, res decision, resm []matchedStatement, sameAccount bool) (decision, []matchedStatement) {
	switch {
	case res == explicitDeny:
		return explicitDeny, resm
	case id == explicitDeny:
		return explicitDeny, idm
	case sameAccount && id == allowed:
		return allowed, append(idm, resm...)
	case sameAccount && res == allowed:
		return allowed, resm
	case id == allowed && res == allowed:
		return allowed, append(idm, resm...)
	case !sameAccount && id == allowed:
		return implicitDeny, nil
	}
	return implicitDeny, idm
}

// bucketPolicy returns the parsed bucket policy of b, or nil. Caller holds e.mu.
func (b *bucket) bucketPolicy() *policyDoc {
	if b.cfg.policy == "" {
		return nil
	}
	p, err := parsePolicy(b.cfg.policy)
	if err != nil {
		return nil
	}
	return p
}

// authorizeBucket decides a request on a resource of bucket b with the caller's identity
// policies and the bucket policy. Caller holds e.mu.
func (e *Emulator) authorizeBucket(q *request, b *bucket, action, resource string, extra condContext) *apiError {
	ctx := callerContext(q.caller, q)
	for k, v := range extra {
		ctx[k] = v
	}
	req := evalRequest{Action: action, Resource: resource, Context: ctx}
	rd, _ := evalResourcePolicy(b.bucketPolicy(), q.caller, req)
	if q.caller == nil {
		if rd == allowed {
			return nil
		}
		return newError(http.StatusForbidden, "AccessDenied", "Access Denied")
	}
	id, idm := e.evaluatePolicies(q.caller.user, q.caller.role, q.caller.sessionPolicy, req)
	same := q.caller.account.id == b.account
	d, _ := combineResourcePolicy(id, idm, rd, nil, same)
	switch {
	case d == allowed:
		return nil
	case rd == explicitDeny:
		return newError(http.StatusForbidden, "AccessDenied", "User: %s is not authorized to perform: %s on resource: %q with an explicit deny in a resource-based policy",
			q.caller.arn, action, resource)
	case !same && id == allowed:
		return newError(http.StatusForbidden, "AccessDenied",
			"User: %s is not authorized to perform: %s on resource: %q because no resource-based policy allows the %s action",
			q.caller.arn, action, resource, action)
	}
	return accessDenied(q.caller, action, resource, id)
}

// putObjectContext is the S3 condition keys a PutObject carries.
func putObjectContext(q *request) condContext {
	ctx := condContext{}
	if v := q.r.Header.Get("X-Amz-Server-Side-Encryption"); v != "" {
		ctx.set("s3:x-amz-server-side-encryption", v)
	}
	if v := q.r.Header.Get("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"); v != "" {
		ctx.set("s3:x-amz-server-side-encryption-aws-kms-key-id", v)
	}
	return ctx
}

// position is a place in a policy document, as IAM's simulator reports StartPosition and
// EndPosition: 1-based line, 1-based column.
type position struct{ Line, Column int }

// statementSpans returns where each statement of a policy document starts and ends, in the
// order of its Statement array (one span for a single statement object). It returns nil when
// the document does not parse.
func statementSpans(doc string) [][2]position {
	dec := json.NewDecoder(strings.NewReader(doc))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	at := func(off int) position {
		line := 1 + strings.Count(doc[:off], "\n")
		return position{Line: line, Column: off - strings.LastIndex(doc[:off], "\n")}
	}
	skipTo := func(off int64) int {
		i := int(off)
		for i < len(doc) && strings.IndexByte(" \t\r\n,:", doc[i]) >= 0 {
			i++
		}
		return i
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		if key, _ := tok.(string); key != "Statement" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		start := skipTo(dec.InputOffset())
		if start < len(doc) && doc[start] == '{' {
			var one json.RawMessage
			if dec.Decode(&one) != nil {
				return nil
			}
			return [][2]position{{at(start), at(int(dec.InputOffset()))}}
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return nil
		}
		var spans [][2]position
		for dec.More() {
			s := skipTo(dec.InputOffset())
			var st json.RawMessage
			if dec.Decode(&st) != nil {
				return nil
			}
			spans = append(spans, [2]position{at(s), at(int(dec.InputOffset()))})
		}
		return spans
	}
	return nil
}

// simulationResourcePolicy reads SimulatePrincipalPolicy's ResourcePolicy and ResourceOwner:
// the parsed policy (nil when none), its statements' spans, and whether the resource's owner
// (the caller's account unless ResourceOwner names another) is the subject's account.
func (e *Emulator) simulationResourcePolicy(q *request, u *user, r *role) (*policyDoc, [][2]position, bool, *apiError) {
	doc := q.params.Get("ResourcePolicy")
	subject := e.subjectAccount(u, r)
	owner := q.params.Get("ResourceOwner")
	if doc == "" {
		if owner != "" {
			return nil, nil, false, newError(http.StatusBadRequest, "InvalidInput", "ResourceOwner requires a ResourcePolicy.")
		}
		return nil, nil, true, nil
	}
	p, err := parsePolicy(doc)
	if err != nil {
		return nil, nil, false, newError(http.StatusBadRequest, "MalformedPolicyDocument", "%v", err)
	}
	same := true
	if owner != "" {
		acct := owner
		if !isAccountID(owner) {
			acct = accountOfARN(owner)
			if acct == "" {
				return nil, nil, false, newError(http.StatusBadRequest, "InvalidInput", "Invalid ResourceOwner: %s", owner)
			}
		}
		same = subject != nil && acct == subject.id
	}
	return p, statementSpans(doc), same, nil
}

// simulatedPrincipal is the subject of a simulation as a resource policy sees it.
func simulatedPrincipal(u *user, r *role, a *account) *principal {
	switch {
	case u != nil:
		return &principal{account: a, arn: u.arn, userID: u.id, user: u}
	case r != nil:
		return &principal{account: a, arn: r.arn, userID: r.id, role: r}
	}
	return nil
}

// missingKeys lists condition keys of a resource policy's statements relevant to req that the
// context lacks, beyond those already listed.
func missingKeys(p *policyDoc, req evalRequest, have []string) []string {
	seen := map[string]bool{}
	for _, k := range have {
		seen[strings.ToLower(k)] = true
	}
	var out []string
	for _, st := range p.Statements {
		if !st.matchesAction(req.Action) || !st.matchesResource(req.Resource) {
			continue
		}
		for _, c := range st.Conditions {
			if _, ok := req.Context.get(c.Key); !ok && !seen[strings.ToLower(c.Key)] {
				seen[strings.ToLower(c.Key)] = true
				out = append(out, c.Key)
			}
		}
	}
	return out
}
