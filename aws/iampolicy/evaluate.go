package iampolicy

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Actions a trust policy is evaluated for.
const (
	ActionAssumeRole                = "sts:AssumeRole"
	ActionAssumeRoleWithWebIdentity = "sts:AssumeRoleWithWebIdentity"
)

// Principal types of a Caller, as the Principal element spells them.
const (
	PrincipalAWS       = "AWS"
	PrincipalService   = "Service"
	PrincipalFederated = "Federated"
)

// Caller is who asks to assume a role, with the request's condition keys.
type Caller struct {
	// Type is PrincipalAWS (the default when empty), PrincipalService or
	// PrincipalFederated.
	Type string
	// Principal is who the caller is. For AWS: an account's root
	// (arn:aws:iam::111122223333:root), a role (its ARN, standing for a
	// session of it), a user, or an assumed-role session
	// (arn:aws:sts::111122223333:assumed-role/NAME/SESSION). For Service a
	// service principal (ec2.amazonaws.com); for Federated an identity
	// provider (an oidc-provider ARN, or accounts.google.com).
	Principal string
	// Role is the ARN of the role of an assumed-role session (which the
	// session ARN does not spell in full: it has no path). Empty otherwise.
	Role string
	// Context holds the request's condition keys and their values; key
	// names are case-insensitive, as in IAM. NewCaller fills in the global
	// keys AWS sets for a principal.
	Context map[string][]string
}

// NewCaller returns an AWS caller for principal (an account's root, a role,
// standing for a session of it, or a user) with the global condition keys
// AWS puts in every request: aws:PrincipalArn, aws:PrincipalAccount and
// aws:PrincipalType. For a session whose ARN matters, use NewRoleSession.
func NewCaller(principal string) Caller {
	c := Caller{Type: PrincipalAWS, Principal: principal, Context: map[string][]string{}}
	p, ok := parseCallerARN(principal)
	if !ok {
		return c
	}
	c.Context["aws:principalaccount"] = []string{p.account}
	if p.kind != "session" {
		c.Context["aws:principalarn"] = []string{principal}
	}
	switch p.kind {
	case "root":
		c.Context["aws:principaltype"] = []string{"Account"}
	case "user":
		c.Context["aws:principaltype"] = []string{"User"}
	case "role", "session":
		c.Context["aws:principaltype"] = []string{"AssumedRole"}
	}
	return c
}

// NewRoleSession returns the caller that is session of the role roleARN:
// its principal is the assumed-role ARN, and aws:PrincipalArn the role's
// ARN, as AWS sets it for a session.
func NewRoleSession(roleARN, session string) Caller {
	c := NewCaller(roleARN)
	if a, err := arn.Parse(roleARN); err == nil {
		name := a.Resource[strings.LastIndex(a.Resource, "/")+1:]
		c.Principal = "arn:" + a.Partition + ":sts::" + a.AccountID + ":assumed-role/" + name + "/" + session
		c.Role = roleARN
	}
	return c
}

// WithExternalID returns the caller asking with sts:ExternalId set to id.
func (c Caller) WithExternalID(id string) Caller {
	ctx := make(map[string][]string, len(c.Context)+1)
	for k, v := range c.Context {
		ctx[k] = v
	}
	ctx["sts:externalid"] = []string{id}
	c.Context = ctx
	return c
}

// Decision is the outcome of evaluating a trust policy for one caller.
type Decision int

// Decisions. Only Allowed lets the caller assume the role.
const (
	// ImplicitDeny: no statement allows the caller.
	ImplicitDeny Decision = iota
	// Allowed: an Allow statement applies and no Deny does.
	Allowed
	// ExplicitDeny: a Deny statement applies; it wins over every Allow.
	ExplicitDeny
)

// String returns "allowed", "denied" (implicitly) or "explicitly denied".
func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "denied"
	case Allowed:
		return "allowed"
	case ExplicitDeny:
		return "explicitly denied"
	}
	return fmt.Sprintf("Decision(%d)", int(d))
}

// Verdict is a decision and why: the statement that decided it, or, for an
// implicit deny, the statement that came closest (it names the caller but a
// condition does not hold).
type Verdict struct {
	Decision Decision
	// Statement is the 0-based index of the deciding statement, -1 if none.
	Statement int
	// Why says it for people: "statement 2 (Sid "AccountA") allows it".
	Why string
}

// Allowed reports whether the caller may assume the role.
func (v Verdict) Allowed() bool { return v.Decision == Allowed }

// Evaluate decides whether caller may perform action (ActionAssumeRole or
// ActionAssumeRoleWithWebIdentity) on the role, by this trust policy alone,
// as IAM evaluates a resource-based policy: a Deny statement that applies
// wins; otherwise an Allow statement that applies allows; otherwise the
// caller is implicitly denied. A statement applies when its Action (or
// NotAction) covers the action, its Principal covers the caller (or its
// NotPrincipal does not), and every condition holds.
//
// Principals: "*"; an account ID or root ARN (any principal in that account,
// in the same partition); a role ARN (sessions of that role), user ARN and
// assumed-role session ARN, compared case-insensitively as IAM resolves
// them; service and federated principals exactly. A unique ID (AROA…,
// AIDA…) matches no one: IAM shows a principal as its unique ID only once it
// is deleted. Conditions: the string, ARN, Null and Bool operators with their
// IfExists forms and the ForAnyValue:/ForAllValues: qualifiers; condition
// keys are case-insensitive, values case-sensitive except for Bool and the
// IgnoreCase operators. A statement with an operator outside these (Numeric,
// Date, IpAddress, Binary) is treated as not applying, and Why says so.
//
// Cross-account callers also need an identity policy of their own that
// allows sts:AssumeRole on the role; that is their account's side and not
// evaluated here.
func (t *Trust) Evaluate(action string, caller Caller) Verdict {
	if caller.Type == "" {
		caller.Type = PrincipalAWS
	}
	ctx := make(map[string][]string, len(caller.Context))
	for k, v := range caller.Context {
		ctx[strings.ToLower(k)] = v
	}
	allow, near := -1, -1
	nearWhy := ""
	for i, st := range t.stmts {
		effect := textOf(st.get("Effect"))
		if effect != "Allow" && effect != "Deny" {
			continue
		}
		if !actionCovered(st, action) || !principalCovered(st, caller) {
			continue
		}
		holds, failed := conditionsHoldFor(st.get("Condition"), ctx)
		if !holds {
			if near < 0 && effect == "Allow" {
				near, nearWhy = i, failed
			}
			continue
		}
		if effect == "Deny" {
			return Verdict{Decision: ExplicitDeny, Statement: i, Why: statementName(i, sidOf(st)) + " denies it (an explicit Deny wins)"}
		}
		if allow < 0 {
			allow = i
		}
	}
	if allow >= 0 {
		return Verdict{Decision: Allowed, Statement: allow, Why: statementName(allow, sidOf(t.stmts[allow])) + " allows it"}
	}
	if near >= 0 {
		return Verdict{Decision: ImplicitDeny, Statement: near, Why: statementName(near, sidOf(t.stmts[near])) + " names it; " + nearWhy}
	}
	return Verdict{Decision: ImplicitDeny, Statement: -1, Why: "no statement allows it"}
}

func sidOf(st *node) string { return textOf(st.get("Sid")) }

// actionCovered reports whether the statement's Action covers action, or its
// NotAction leaves it out. Action names are case-insensitive.
func actionCovered(st *node, action string) bool {
	action = strings.ToLower(action)
	match := func(n *node) bool {
		patterns, ok := stringsOf(n)
		if !ok {
			return false
		}
		for _, p := range patterns {
			if wildcardMatch(strings.ToLower(p), action) {
				return true
			}
		}
		return false
	}
	a, na := st.get("Action"), st.get("NotAction")
	switch {
	case a != nil && na != nil:
		return false // not a valid statement
	case a != nil:
		return match(a)
	case na != nil:
		if _, ok := stringsOf(na); !ok {
			return false
		}
		return !match(na)
	}
	return false
}

// principalCovered reports whether the statement's Principal covers the
// caller, or its NotPrincipal does not.
func principalCovered(st *node, c Caller) bool {
	p, np := st.get("Principal"), st.get("NotPrincipal")
	switch {
	case p != nil && np != nil:
		return false
	case p != nil:
		m, ok := principalElementCovers(p, c)
		return ok && m
	case np != nil:
		m, ok := principalElementCovers(np, c)
		return ok && !m
	}
	return false
}

// principalElementCovers reports whether a Principal (or NotPrincipal)
// element names the caller; ok is false for an element of the wrong shape.
func principalElementCovers(p *node, c Caller) (match, ok bool) {
	switch p.kind {
	case kindString:
		return p.text == "*", p.text == "*"
	case kindObject:
	default:
		return false, false
	}
	for i, typ := range p.keys {
		values, good := stringsOf(p.vals[i])
		if !good {
			return false, false
		}
		if typ != c.Type {
			continue
		}
		for _, v := range values {
			if principalValueCovers(typ, v, c) {
				match = true
			}
		}
	}
	return match, true
}

func principalValueCovers(typ, v string, c Caller) bool {
	if typ != PrincipalAWS {
		return v == c.Principal
	}
	if v == "*" {
		return true
	}
	who, ok := parseCallerARN(c.Principal)
	if !ok {
		return false
	}
	if isAccountID(v) {
		return v == who.account
	}
	a, err := arn.Parse(v)
	if err != nil || a.Partition != who.partition || a.AccountID != who.account {
		return false
	}
	switch {
	case a.Service == "iam" && a.Resource == "root":
		return true
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/"):
		role := c.Principal
		if who.kind == "session" {
			role = c.Role
		}
		return (who.kind == "role" || who.kind == "session") && strings.EqualFold(v, role)
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "user/"):
		return who.kind == "user" && strings.EqualFold(v, c.Principal)
	case a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"):
		return who.kind == "session" && strings.EqualFold(v, c.Principal)
	}
	return false
}

// callerARN is an AWS caller's principal, taken apart.
type callerARN struct {
	partition, account string
	kind               string // root, role, user, session
}

func parseCallerARN(s string) (callerARN, bool) {
	a, err := arn.Parse(s)
	if err != nil || !isAccountID(a.AccountID) {
		return callerARN{}, false
	}
	p := callerARN{partition: a.Partition, account: a.AccountID}
	switch {
	case a.Service == "iam" && a.Resource == "root":
		p.kind = "root"
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/"):
		p.kind = "role"
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "user/"):
		p.kind = "user"
	case a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"):
		p.kind = "session"
	default:
		return callerARN{}, false
	}
	return p, true
}

// conditionsHoldFor reports whether every condition of a Condition element
// holds in ctx (lower-case keys); failed names the first that does not.
// Operators are ANDed, so are the keys of one operator; the values of one
// key are ORed (for the negated operators: none may match).
func conditionsHoldFor(c *node, ctx map[string][]string) (holds bool, failed string) {
	if c == nil {
		return true, ""
	}
	if c.kind != kindObject {
		return false, "Condition is not an object"
	}
	for i, op := range c.keys {
		block := c.vals[i]
		if block.kind != kindObject {
			return false, "Condition " + op + " is not an object"
		}
		o, ok := parseOperator(op)
		if !ok {
			return false, "condition operator " + op + " is not one bslwiz evaluates"
		}
		for j, key := range block.keys {
			values, ok := scalarsOf(block.vals[j])
			if !ok {
				return false, op + " " + key + " has a value of the wrong shape"
			}
			if !o.holds(values, ctx[strings.ToLower(key)], hasKey(ctx, key)) {
				return false, op + " " + key + " does not hold"
			}
		}
	}
	return true, ""
}

func hasKey(ctx map[string][]string, key string) bool {
	_, ok := ctx[strings.ToLower(key)]
	return ok
}

// operator is a condition operator taken apart: ForAnyValue:StringLikeIfExists
// is set "any", base "StringLike", ifExists.
type operator struct {
	set      string // "", "any" or "all"
	base     string // a positive base operator: StringEquals, StringLike, ArnLike, Bool, Null ...
	negated  bool
	fold     bool // IgnoreCase
	ifExists bool
}

func parseOperator(op string) (operator, bool) {
	var o operator
	rest := op
	switch {
	case strings.HasPrefix(rest, "ForAnyValue:"):
		o.set, rest = "any", strings.TrimPrefix(rest, "ForAnyValue:")
	case strings.HasPrefix(rest, "ForAllValues:"):
		o.set, rest = "all", strings.TrimPrefix(rest, "ForAllValues:")
	}
	if r, ok := strings.CutSuffix(rest, "IfExists"); ok && r != "Null" {
		o.ifExists, rest = true, r
	}
	switch rest {
	case "StringEquals", "StringLike", "ArnEquals", "ArnLike", "Bool", "Null":
		o.base = rest
	case "StringEqualsIgnoreCase":
		o.base, o.fold = "StringEquals", true
	case "StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike":
		o.base, o.negated = strings.Replace(rest, "Not", "", 1), true
	case "StringNotEqualsIgnoreCase":
		o.base, o.negated, o.fold = "StringEquals", true, true
	default:
		return o, false
	}
	if o.base == "Null" && (o.set != "" || o.ifExists) {
		return o, false
	}
	return o, true
}

// holds evaluates the operator for one key: policy values against the
// request's values (present says whether the key is in the request at all).
func (o operator) holds(policy, request []string, present bool) bool {
	if o.base == "Null" {
		// "true": the key must be absent; "false": present (either case,
		// as Bool). Other values match neither.
		for _, v := range policy {
			if strings.EqualFold(v, "true") && !present || strings.EqualFold(v, "false") && present {
				return true
			}
		}
		return false
	}
	if !present || len(request) == 0 {
		// The set qualifiers decide first, IfExists or not: ForAllValues
		// holds vacuously, ForAnyValue has no value that could match.
		switch {
		case o.set == "all":
			return true
		case o.set == "any":
			return false
		case o.ifExists:
			return true
		}
		return o.negated
	}
	matches := func(r string) bool { // r matches some policy value (positive form)
		for _, v := range policy {
			if o.compare(v, r) {
				return true
			}
		}
		return false
	}
	switch o.set {
	case "all":
		for _, r := range request {
			if matches(r) == o.negated {
				return false
			}
		}
		return true
	case "any":
		for _, r := range request {
			if matches(r) != o.negated {
				return true
			}
		}
		return false
	}
	// A single-valued key: with several values, any of them decides.
	for _, r := range request {
		if matches(r) {
			return !o.negated
		}
	}
	return o.negated
}

func (o operator) compare(policy, request string) bool {
	switch o.base {
	case "StringEquals":
		if o.fold {
			return strings.EqualFold(policy, request)
		}
		return policy == request
	case "StringLike":
		return wildcardMatch(policy, request)
	case "ArnEquals", "ArnLike":
		return arnMatch(policy, request)
	case "Bool":
		return strings.EqualFold(policy, request)
	}
	return false
}

// arnMatch compares an ARN with an ARN pattern as ArnEquals and ArnLike do
// (the two are the same operator): case-sensitively, each of the six
// colon-separated parts on its own, each allowing '*' and '?'. A value with
// fewer than six parts is not an ARN and matches nothing.
func arnMatch(pattern, s string) bool {
	pp, sp := strings.SplitN(pattern, ":", 6), strings.SplitN(s, ":", 6)
	if len(pp) != 6 || len(sp) != 6 {
		return false
	}
	for i := range pp {
		if !wildcardMatch(pp[i], sp[i]) {
			return false
		}
	}
	return true
}

// NamedPrincipal is a principal a trust policy names, in Principal or
// NotPrincipal: its type ("AWS", "Service", "Federated", ...) and value.
type NamedPrincipal struct {
	Type, Value string
}

// Principals returns every principal the policy names, once each, in
// document order ("*" included).
func (t *Trust) Principals() []NamedPrincipal {
	var out []NamedPrincipal
	seen := map[NamedPrincipal]bool{}
	add := func(np NamedPrincipal) {
		if !seen[np] {
			seen[np] = true
			out = append(out, np)
		}
	}
	for _, st := range t.stmts {
		for _, key := range []string{"Principal", "NotPrincipal"} {
			p := st.get(key)
			switch {
			case p == nil:
			case p.kind == kindString:
				add(NamedPrincipal{PrincipalAWS, p.text})
			case p.kind == kindObject:
				for i, typ := range p.keys {
					values, _ := stringsOf(p.vals[i])
					for _, v := range values {
						add(NamedPrincipal{typ, v})
					}
				}
			}
		}
	}
	return out
}
