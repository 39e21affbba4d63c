package awstest

import (
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

var stsOps = map[string]queryOp{
	"GetCallerIdentity": {handle: (*Emulator).stsGetCallerIdentity},
	"AssumeRole":        {handle: (*Emulator).stsAssumeRole},
}

type xmlCallerIdentity struct {
	Account string
	Arn     string
	UserId  string
}

// stsGetCallerIdentity needs no permission and works even under an explicit Deny, as in AWS.
func (e *Emulator) stsGetCallerIdentity(q *request) (any, *apiError) {
	return xmlCallerIdentity{Account: q.caller.account.id, Arn: q.caller.arn, UserId: q.caller.userID}, nil
}

type xmlAssumeRoleResult struct {
	Credentials struct {
		AccessKeyId     string
		SecretAccessKey string
		SessionToken    string
		Expiration      string
	}
	AssumedRoleUser struct {
		AssumedRoleId string
		Arn           string
	}
	PackedPolicySize *int `xml:",omitempty"`
}

var (
	sessionNamePattern = lazyre.New(`^[\w+=,.@-]{2,64}$`)
	externalIDPattern  = lazyre.New(`^[\w+=,.@:/-]+$`)
)

// stsAssumeRole evaluates the role's trust policy (as propagated) for the real caller, and the
// caller's own identity policies where AWS requires them, then issues temporary credentials.
func (e *Emulator) stsAssumeRole(q *request) (any, *apiError) {
	p := q.params
	roleArn, session := p.Get("RoleArn"), p.Get("RoleSessionName")
	if len(roleArn) < 20 || len(roleArn) > 2048 {
		return nil, validationError("Value '%s' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20", roleArn)
	}
	if !sessionNamePattern.MatchString(session) {
		return nil, validationError("Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", session)
	}
	externalID, hasExternalID := p.Get("ExternalId"), p.Has("ExternalId")
	if hasExternalID && (len(externalID) < 2 || len(externalID) > 1224 || !externalIDPattern.MatchString(externalID)) {
		return nil, validationError("Value '%s' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*", externalID)
	}
	mfa, aerr := checkMFA(q)
	if aerr != nil {
		return nil, aerr
	}
	duration, hasDuration, aerr := intParam(p, "DurationSeconds")
	if aerr != nil {
		return nil, aerr
	}
	if !hasDuration {
		duration = 3600
	}
	if duration < 900 || duration > 43200 {
		return nil, validationError("Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200", duration)
	}
	var sessionPolicy *policyDoc
	if p.Has("Policy") {
		doc, err := validatePolicy(p.Get("Policy"), kindIdentity)
		if err != nil {
			return nil, newError(http.StatusBadRequest, "MalformedPolicyDocument", "%v", err)
		}
		if nonWhitespaceLen(p.Get("Policy")) > 2048 {
			return nil, newError(http.StatusBadRequest, "PackedPolicyTooLarge", "Packed size of the policy exceeds the limit")
		}
		sessionPolicy = doc
	}

	denied := newError(http.StatusForbidden, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", q.caller.arn, roleArn)
	target, r := e.roleByARN(roleArn)
	if r == nil {
		return nil, denied
	}
	trustDoc, visible := r.effectiveTrust(q.now)
	if !visible {
		return nil, denied
	}
	trust, err := parsePolicy(trustDoc)
	if err != nil {
		return nil, denied
	}
	ctx := callerContext(q.caller, q)
	if hasExternalID {
		ctx.set("sts:ExternalId", externalID)
	}
	ctx.set("sts:RoleSessionName", session)
	if mfa {
		ctx.set("aws:MultiFactorAuthPresent", "true")
		ctx.set("aws:MultiFactorAuthAge", "0")
	}
	tr := evalTrust(trust, q.caller, ctx)
	identity := e.evaluateCaller(q.caller, evalRequest{Action: "sts:AssumeRole", Resource: r.arn, Context: ctx})
	switch {
	case tr.explicitDeny, identity == explicitDeny, !tr.allowed:
		return nil, denied
	case q.caller.account == target && tr.specific:
		// Same account and the trust names this principal: the resource policy alone suffices.
	case identity != allowed:
		return nil, denied
	}

	if duration > r.maxSession {
		return nil, validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	if q.caller.isSession() && duration > 3600 {
		return nil, validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assuming other roles.")
	}
	k := e.issueSession(target, r, session, sessionPolicy, time.Duration(duration)*time.Second)
	var out xmlAssumeRoleResult
	out.Credentials.AccessKeyId = k.id
	out.Credentials.SecretAccessKey = k.secret
	out.Credentials.SessionToken = k.token
	out.Credentials.Expiration = isoTime(k.expires)
	out.AssumedRoleUser.AssumedRoleId = k.principal.userID
	out.AssumedRoleUser.Arn = k.principal.arn
	if sessionPolicy != nil {
		n := nonWhitespaceLen(p.Get("Policy")) * 100 / 2048
		out.PackedPolicySize = &n
	}
	return out, nil
}

// roleByARN finds a role by ARN (name case-insensitive, path exact). Caller holds e.mu.
func (e *Emulator) roleByARN(s string) (*account, *role) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return nil, nil
	}
	acct := e.accounts[a.AccountID]
	if acct == nil || acct.partition != a.Partition {
		return nil, nil
	}
	path, name := splitPathName(strings.TrimPrefix(a.Resource, "role"))
	r := acct.role(name)
	if r == nil || r.path != path {
		return nil, nil
	}
	return acct, r
}

// splitPathName splits "/a/b/Name" into "/a/b/" and "Name".
func splitPathName(s string) (path, name string) {
	i := strings.LastIndex(s, "/")
	if i < 0 {
		return "/", s
	}
	return s[:i+1], s[i+1:]
}

// trustResult is the outcome of evaluating a trust policy for a caller.
type trustResult struct {
	allowed      bool // some Allow statement matched the caller and its conditions held
	specific     bool // that statement named the caller itself (ARN or "*"), not its account
	explicitDeny bool
}

// evalTrust evaluates a role trust policy for an sts:AssumeRole request by caller.
func evalTrust(doc *policyDoc, caller *principal, ctx condContext) trustResult {
	var res trustResult
	for _, st := range doc.Statements {
		if !st.matchesAction("sts:AssumeRole") || !conditionsHold(st.Conditions, ctx) {
			continue
		}
		var match, specific bool
		switch {
		case st.Principal != nil:
			match, specific = principalMatches(st.Principal, caller)
		case st.NotPrincipal != nil:
			m, _ := principalMatches(st.NotPrincipal, caller)
			match = !m
		}
		if !match {
			continue
		}
		if st.Effect == "Deny" {
			res.explicitDeny = true
			continue
		}
		res.allowed = true
		res.specific = res.specific || specific
	}
	return res
}

// principalMatches reports whether a Principal element covers caller, and whether it names the
// caller specifically (its ARN, its role's ARN, or "*") rather than its whole account.
func principalMatches(spec *principalSpec, caller *principal) (match, specific bool) {
	if spec.Any {
		return true, true
	}
	for _, v := range spec.AWS {
		switch {
		case v == "*":
			return true, true
		case isAccountID(v):
			if v == caller.account.id {
				match = true
			}
			continue
		}
		a, err := arn.Parse(v)
		if err != nil || a.Partition != caller.account.partition || a.AccountID != caller.account.id {
			continue
		}
		switch {
		case a.Service == "iam" && a.Resource == "root":
			match = true
		case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/") && caller.role != nil:
			if strings.EqualFold(v, caller.role.arn) {
				return true, true
			}
		case a.Service == "iam" && strings.HasPrefix(a.Resource, "user/") && caller.user != nil:
			if strings.EqualFold(v, caller.arn) {
				return true, true
			}
		case a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"):
			if strings.EqualFold(v, caller.arn) {
				return true, true
			}
		}
	}
	return match, false
}
