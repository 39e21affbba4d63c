package awstest

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// decision is the outcome of evaluating policies for one action on one resource.
type decision int

const (
	implicitDeny decision = iota
	allowed
	explicitDeny
)

// String returns the SimulatePrincipalPolicy spelling of the decision.
func (d decision) String() string {
	switch d {
	case allowed:
		return "allowed"
	case explicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// condContext holds the request's condition keys, lower-cased (IAM condition keys are case-insensitive).
type condContext map[string][]string

func (c condContext) set(key string, values ...string) { c[strings.ToLower(key)] = values }

func (c condContext) get(key string) ([]string, bool) {
	v, ok := c[strings.ToLower(key)]
	return v, ok
}

// evalRequest is one (action, resource) question asked of a set of identity policies.
type evalRequest struct {
	Action   string
	Resource string
	Context  condContext
}

// sourcedPolicy is a policy document with where it came from (for MatchedStatements).
type sourcedPolicy struct {
	ID   string // policy name or ARN
	Type string // SimulatePrincipalPolicy SourcePolicyType: user, role, aws-managed, user-managed
	Doc  *policyDoc
}

// matchedStatement identifies a statement that decided (or contributed to) a result.
type matchedStatement struct {
	PolicyID, PolicyType string
	Index                int
}

// evalIdentity evaluates identity-based policies: an explicit Deny wins, then any Allow, else implicit deny.
func evalIdentity(policies []sourcedPolicy, req evalRequest) (decision, []matchedStatement) {
	var allows, denies []matchedStatement
	for _, p := range policies {
		for i, st := range p.Doc.Statements {
			if !st.matchesAction(req.Action) || !st.matchesResource(req.Resource) || !conditionsHold(st.Conditions, req.Context) {
				continue
			}
			m := matchedStatement{PolicyID: p.ID, PolicyType: p.Type, Index: i}
			if st.Effect == "Deny" {
				denies = append(denies, m)
			} else {
				allows = append(allows, m)
			}
		}
	}
	return tally(denies, allows)
}

func (st *statement) matchesAction(action string) bool {
	if st.hasNotAction {
		return !anyGlob(st.NotAction, action, true)
	}
	return anyGlob(st.Action, action, true)
}

func (st *statement) matchesResource(resource string) bool {
	switch {
	case st.hasNotResource:
		return !anyGlob(st.NotResource, resource, false)
	case st.hasResource:
		return anyGlob(st.Resource, resource, false)
	}
	return true // trust policies have no Resource element
}

func anyGlob(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if globMatch(p, s, fold) {
			return true
		}
	}
	return false
}

// globMatch reports whether s matches an IAM wildcard pattern: '*' is any run of characters
// (including none, and across ':' and '/'), '?' is exactly one character.
func globMatch(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// conditionsHold reports whether every condition of a statement holds (conditions are ANDed;
// the values of one key are ORed, or NORed for negated operators).
func conditionsHold(conds []condition, ctx condContext) bool {
	for _, c := range conds {
		if !c.holds(ctx) {
			return false
		}
	}
	return true
}

func (c condition) holds(ctx condContext) bool {
	op := c.Operator
	ifExists := strings.HasSuffix(op, "IfExists")
	op = strings.TrimSuffix(op, "IfExists")
	forAll := strings.HasPrefix(op, "ForAllValues:")
	op = strings.TrimPrefix(strings.TrimPrefix(op, "ForAllValues:"), "ForAnyValue:")
	actual, present := ctx.get(c.Key)
	if op == "Null" {
		wantAbsent := len(c.Values) > 0 && strings.EqualFold(c.Values[0], "true")
		return wantAbsent != present
	}
	negated := strings.Contains(op, "Not")
	if !present || len(actual) == 0 {
		// ForAllValues holds with no values, ForAnyValue never, IfExists or not.
		switch {
		case forAll:
			return true
		case strings.HasPrefix(c.Operator, "ForAnyValue:"):
			return false
		}
		return ifExists || negated
	}
	positive := strings.Replace(strings.Replace(op, "NotEquals", "Equals", 1), "NotLike", "Like", 1)
	positive = strings.Replace(positive, "NotIpAddress", "IpAddress", 1)
	matchOne := func(a string) bool {
		for _, v := range c.Values {
			if compareCondition(positive, v, a) {
				return true
			}
		}
		return false
	}
	if forAll {
		for _, a := range actual {
			if matchOne(a) == negated {
				return false
			}
		}
		return true
	}
	if negated && strings.HasPrefix(c.Operator, "ForAnyValue:") {
		// At least one request value that matches none of the policy's.
		for _, a := range actual {
			if !matchOne(a) {
				return true
			}
		}
		return false
	}
	any := false
	for _, a := range actual {
		if matchOne(a) {
			any = true
			break
		}
	}
	return any != negated
}

// compareCondition applies a positive (non-negated) base operator to a policy value and a request value.
func compareCondition(op, policyValue, actual string) bool {
	switch op {
	case "StringEquals", "BinaryEquals":
		return policyValue == actual
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(policyValue, actual)
	case "StringLike":
		return globMatch(policyValue, actual, false)
	case "ArnEquals", "ArnLike":
		// The same operator in IAM: each of the six colon-separated parts is
		// matched on its own, case-sensitively, with wildcards.
		pp, ap := strings.SplitN(policyValue, ":", 6), strings.SplitN(actual, ":", 6)
		if len(pp) != 6 || len(ap) != 6 {
			return false
		}
		for i := range pp {
			if !globMatch(pp[i], ap[i], false) {
				return false
			}
		}
		return true
	case "Bool":
		return strings.EqualFold(policyValue, actual)
	case "IpAddress":
		ip := net.ParseIP(actual)
		if ip == nil {
			return false
		}
		if _, n, err := net.ParseCIDR(policyValue); err == nil {
			return n.Contains(ip)
		}
		return net.ParseIP(policyValue).Equal(ip)
	}
	if strings.HasPrefix(op, "Numeric") {
		a, err1 := strconv.ParseFloat(actual, 64)
		b, err2 := strconv.ParseFloat(policyValue, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		return compareOrdered(strings.TrimPrefix(op, "Numeric"), a, b)
	}
	if strings.HasPrefix(op, "Date") {
		a, ok1 := parseConditionTime(actual)
		b, ok2 := parseConditionTime(policyValue)
		if !ok1 || !ok2 {
			return false
		}
		return compareOrdered(strings.TrimPrefix(op, "Date"), float64(a.UnixNano()), float64(b.UnixNano()))
	}
	return false
}

func compareOrdered(rel string, a, b float64) bool {
	switch rel {
	case "Equals":
		return a == b
	case "LessThan":
		return a < b
	case "LessThanEquals":
		return a <= b
	case "GreaterThan":
		return a > b
	case "GreaterThanEquals":
		return a >= b
	}
	return false
}

func parseConditionTime(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

// tally is the decision of the statements that matched: an explicit deny
// wins, then an allow; nothing matched is an implicit deny.
func tally(denies, allows []matchedStatement) (decision, []matchedStatement) {
	switch {
	case len(denies) > 0:
		return explicitDeny, denies
	case len(allows) > 0:
		return allowed, allows
	}
	return implicitDeny, nil
}
