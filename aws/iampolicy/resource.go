package iampolicy

import (
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"strings"
)

// ResourceStatement is one statement of a resource-based policy (a bucket
// policy, a key policy), as the posture checks read it.
type ResourceStatement struct {
	Index     int // 0-based place in the Statement array
	Sid       string
	Effect    string
	Principal principalSet
	NotPrin   bool // NotPrincipal instead of Principal
	Actions   []string
	NotAction bool
	Resources []string
	NotRes    bool
	// Cond is the Condition block: operator → lower-case key → values.
	Cond map[string]map[string][]string
}

// Name is the statement's Sid in quotes, else "statement N" (1-based).
func (st ResourceStatement) Name() string {
	if st.Sid != "" {
		return fmt.Sprintf("statement %q", st.Sid)
	}
	return fmt.Sprintf("statement %d", st.Index+1)
}

type principalSet struct {
	Any bool
	AWS []string
}

// ParseResourcePolicy reads the statements of a resource-based policy. It is
// lenient about shapes AWS accepts (string or list; one statement object).
func ParseResourcePolicy(doc string) ([]ResourceStatement, error) {
	var top struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &top); err != nil {
		return nil, fmt.Errorf("resource policy: %w", err)
	}
	var raws []json.RawMessage
	if t := strings.TrimSpace(string(top.Statement)); strings.HasPrefix(t, "{") {
		raws = []json.RawMessage{top.Statement}
	} else if err := json.Unmarshal(top.Statement, &raws); err != nil {
		return nil, fmt.Errorf("resource policy: Statement: %w", err)
	}
	out := make([]ResourceStatement, 0, len(raws))
	for i, raw := range raws {
		var st struct {
			Sid, Effect                                string
			Principal, NotPrincipal, Action, NotAction json.RawMessage
			Resource, NotResource                      json.RawMessage
			Condition                                  map[string]map[string]json.RawMessage
		}
		if err := json.Unmarshal(raw, &st); err != nil {
			return nil, fmt.Errorf("resource policy: statement %d: %w", i+1, err)
		}
		rs := ResourceStatement{Index: i, Sid: st.Sid, Effect: st.Effect, Cond: map[string]map[string][]string{}}
		prin := st.Principal
		if prin == nil {
			prin, rs.NotPrin = st.NotPrincipal, true
		}
		rs.Principal = readPrincipalSet(prin)
		rs.Actions = flexStrings(st.Action)
		if st.Action == nil {
			rs.Actions, rs.NotAction = flexStrings(st.NotAction), true
		}
		rs.Resources = flexStrings(st.Resource)
		if st.Resource == nil {
			rs.Resources, rs.NotRes = flexStrings(st.NotResource), true
		}
		for op, keys := range st.Condition {
			rs.Cond[op] = map[string][]string{}
			for k, v := range keys {
				rs.Cond[op][strings.ToLower(k)] = flexStrings(v)
			}
		}
		out = append(out, rs)
	}
	return out, nil
}

func flexStrings(raw json.RawMessage) []string {
	if raw == nil {
		return nil
	}
	var one any
	if json.Unmarshal(raw, &one) != nil {
		return nil
	}
	scalar := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case bool:
			return fmt.Sprint(x)
		case float64:
			return fmt.Sprint(x)
		}
		return ""
	}
	if list, ok := one.([]any); ok {
		out := make([]string, 0, len(list))
		for _, v := range list {
			out = append(out, scalar(v))
		}
		return out
	}
	return []string{scalar(one)}
}

func readPrincipalSet(raw json.RawMessage) principalSet {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return principalSet{Any: s == "*"}
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return principalSet{}
	}
	ps := principalSet{AWS: flexStrings(m["AWS"])}
	for _, a := range ps.AWS {
		if a == "*" {
			ps.Any = true
		}
	}
	return ps
}

// Covers reports whether the statement's principal covers the role (an
// assumed-role session of roleARN in account): "*", the account, the role.
func (st ResourceStatement) Covers(roleARN, account string) bool {
	m := st.Principal.Any
	for _, a := range st.Principal.AWS {
		if a == account || strings.HasSuffix(a, ":iam::"+account+":root") || strings.EqualFold(a, roleARN) {
			m = true
		}
	}
	return m != st.NotPrin
}

// Names reports whether the statement names the role itself (not only "*" or its account).
func (st ResourceStatement) Names(roleARN string) bool {
	for _, a := range st.Principal.AWS {
		if strings.EqualFold(a, roleARN) {
			return true
		}
	}
	return false
}

// Matches reports whether the statement applies to action on resource.
func (st ResourceStatement) Matches(action, resource string) bool {
	a := anyWildcard(st.Actions, action, true) != st.NotAction
	r := len(st.Resources) == 0 && !st.NotRes || anyWildcard(st.Resources, resource, false) != st.NotRes
	return a && r
}

func anyWildcard(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if wildcard(p, s, fold) {
			return true
		}
	}
	return false
}

// wildcard matches IAM's '*' and '?' wildcards.
func wildcard(p, s string, fold bool) bool {
	if fold {
		p, s = strings.ToLower(p), strings.ToLower(s)
	}
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// ConditionVerdict is what a statement's conditions say of a request: they hold, they
// do not, or they depend on keys the request context lacks.
type ConditionVerdict int

// The verdicts.
const (
	ConditionsFail ConditionVerdict = iota
	ConditionsHold
	ConditionsUnknown
)

// Conditions evaluates the statement's conditions against ctx (lower-case
// keys). A key ctx lacks decides a condition when its operator settles it
// without a value: a negated operator (StringNotEquals, NotIpAddress, …) and
// IfExists hold, Null answers; a positive operator then fails. Keys listed in
// unknowable may be present on the real call with a value bslwiz cannot know
// (aws:PrincipalOrgID, aws:PrincipalTag/…): a condition on one is Unknown.
func (st ResourceStatement) Conditions(ctx map[string][]string, unknowable func(key string) bool) (ConditionVerdict, []string) {
	verdict := ConditionsHold
	var depends []string
	ops := make([]string, 0, len(st.Cond))
	for op := range st.Cond {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		for key, values := range st.Cond[op] {
			actual, present := ctx[key]
			if !present && unknowable != nil && unknowable(key) {
				verdict = max(verdict, ConditionsUnknown)
				depends = append(depends, key)
				continue
			}
			if !conditionHolds(op, values, actual, present) {
				return ConditionsFail, nil
			}
		}
	}
	sort.Strings(depends)
	return verdict, depends
}

func conditionHolds(op string, values, actual []string, present bool) bool {
	ifExists := strings.HasSuffix(op, "IfExists")
	base := strings.TrimSuffix(op, "IfExists")
	base = strings.TrimPrefix(strings.TrimPrefix(base, "ForAllValues:"), "ForAnyValue:")
	if base == "Null" {
		want := len(values) > 0 && strings.EqualFold(values[0], "true")
		return want != present
	}
	negated := strings.Contains(base, "Not")
	if !present {
		return ifExists || negated
	}
	pos := strings.NewReplacer("NotEquals", "Equals", "NotLike", "Like", "NotIpAddress", "IpAddress").Replace(base)
	match := false
	for _, a := range actual {
		for _, v := range values {
			if compareValue(pos, v, a) {
				match = true
			}
		}
	}
	return match != negated
}

func compareValue(op, policy, actual string) bool {
	switch op {
	case "StringEquals", "ArnEquals":
		return policy == actual
	case "StringEqualsIgnoreCase":
		return strings.EqualFold(policy, actual)
	case "StringLike", "ArnLike":
		return wildcard(policy, actual, false)
	case "Bool":
		return strings.EqualFold(policy, actual)
	case "IpAddress":
		ip := net.ParseIP(actual)
		if _, n, err := net.ParseCIDR(policy); err == nil && ip != nil {
			return n.Contains(ip)
		}
		return ip != nil && ip.Equal(net.ParseIP(policy))
	}
	return false
}

// MatchesAction reports whether the statement applies to action, on any resource.
func (st ResourceStatement) MatchesAction(action string) bool {
	return anyWildcard(st.Actions, action, true) != st.NotAction
}
