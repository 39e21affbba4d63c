package iampolicy

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// knownStatementKeys are the elements of the IAM policy grammar.
var knownStatementKeys = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
	"Resource", "NotResource", "Condition"}

// view is what a trust statement means, read from its node. Only statements
// that are clean (see clean) take part in equivalence.
type view struct {
	sid          string
	effect       string
	principals   map[string][]string // principal type ("AWS", "Service", ...) → values
	anyPrincipal bool                // "Principal": "*" or "AWS": "*"
	notPrincipal bool
	actions      []string // lower case; IAM action names are case-insensitive
	notAction    bool
	resource     bool                           // Resource or NotResource: not allowed in trust policies
	conditions   map[string]map[string][]string // operator → lower-case key → values
	unknown      bool                           // a key outside the IAM grammar
	malformed    bool                           // a known key with a value of the wrong shape
}

func viewOf(st *node) view {
	v := view{effect: textOf(st.get("Effect")), principals: map[string][]string{}}
	if sid := st.get("Sid"); sid != nil {
		v.sid = sid.text
	}
	for _, k := range st.keys {
		if !slices.Contains(knownStatementKeys, k) {
			v.unknown = true
		}
	}
	if p := st.get("Principal"); p != nil {
		v.readPrincipal(p)
	}
	v.notPrincipal = st.get("NotPrincipal") != nil
	v.notAction = st.get("NotAction") != nil
	v.resource = st.get("Resource") != nil || st.get("NotResource") != nil
	if a := st.get("Action"); a != nil {
		actions, ok := stringsOf(a)
		v.malformed = v.malformed || !ok
		for _, s := range actions {
			v.actions = append(v.actions, strings.ToLower(s))
		}
	}
	if c := st.get("Condition"); c != nil {
		v.readConditions(c)
	}
	return v
}

func textOf(n *node) string {
	if n == nil || n.kind != kindString {
		return ""
	}
	return n.text
}

func (v *view) readPrincipal(p *node) {
	switch p.kind {
	case kindString:
		if p.text == "*" {
			v.anyPrincipal = true
			v.principals["AWS"] = []string{"*"}
			return
		}
		v.malformed = true
	case kindObject:
		for i, typ := range p.keys {
			values, ok := stringsOf(p.vals[i])
			if !ok {
				v.malformed = true
				continue
			}
			v.principals[typ] = values
			if typ == "AWS" && slices.Contains(values, "*") {
				v.anyPrincipal = true
			}
		}
	default:
		v.malformed = true
	}
}

func (v *view) readConditions(c *node) {
	if c.kind != kindObject {
		v.malformed = true
		return
	}
	v.conditions = map[string]map[string][]string{}
	for i, op := range c.keys {
		block := c.vals[i]
		if block.kind != kindObject {
			v.malformed = true
			continue
		}
		keys := map[string][]string{}
		for j, key := range block.keys {
			values, ok := scalarsOf(block.vals[j])
			if !ok {
				v.malformed = true
				continue
			}
			lk := strings.ToLower(key) // condition keys are case-insensitive
			keys[lk] = append(keys[lk], values...)
		}
		if len(keys) > 0 {
			v.conditions[op] = keys
		}
	}
}

// scalarsOf returns the values of a condition: a scalar or an array of
// scalars, as text (IAM compares condition values as strings).
func scalarsOf(n *node) ([]string, bool) {
	switch n.kind {
	case kindString, kindNumber, kindBool:
		return []string{n.text}, true
	case kindArray:
		out := make([]string, 0, len(n.elems))
		for _, e := range n.elems {
			if e.kind != kindString && e.kind != kindNumber && e.kind != kindBool {
				return nil, false
			}
			out = append(out, e.text)
		}
		return out, true
	}
	return nil, false
}

// cleanAllow reports whether the statement is a plain Allow whose meaning
// this package fully understands: no NotPrincipal, NotAction, Resource or
// unknown keys, and every known key well formed.
func (v view) cleanAllow() bool {
	return v.effect == "Allow" && !v.notPrincipal && !v.notAction && !v.resource && !v.unknown && !v.malformed
}

// grantsAssumeRole reports whether Action covers sts:AssumeRole, wildcards
// included.
func (v view) grantsAssumeRole() bool {
	for _, a := range v.actions {
		if wildcardMatch(a, "sts:assumerole") {
			return true
		}
	}
	return false
}

// wildcardMatch matches s against an IAM pattern with '*' (any run) and '?'
// (one character).
func wildcardMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
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

// unconditional reports whether the statement has no condition that could
// keep it from applying.
func (v view) unconditional() bool { return len(v.conditions) == 0 }

// requiresOnlyExternalID reports whether the only condition is StringEquals
// sts:ExternalId and it admits externalID and nothing else: a statement that
// also admits another tenant's external ID lets that tenant in too.
func (v view) requiresOnlyExternalID(externalID string) bool {
	if len(v.conditions) != 1 {
		return false
	}
	block, ok := v.conditions["StringEquals"]
	if !ok || len(block) != 1 {
		return false
	}
	ids := block["sts:externalid"]
	return len(ids) > 0 && !slices.ContainsFunc(ids, func(id string) bool { return id != externalID })
}

// requiresExternalID reports whether a StringEquals sts:ExternalId condition
// with a non-empty value guards the statement: the confused-deputy defence.
func (v view) requiresExternalID() bool {
	for _, id := range v.conditions["StringEquals"]["sts:externalid"] {
		if id != "" {
			return true
		}
	}
	return false
}

// narrowsPrincipal reports whether a condition names who may use the trust
// beyond the Principal element: an external ID, or the principal's ARN or
// organization.
func (v view) narrowsPrincipal() bool {
	if v.requiresExternalID() {
		return true
	}
	for _, block := range v.conditions {
		for key := range block {
			switch key {
			case "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths":
				return true
			}
		}
	}
	return false
}

// trustsAccount reports whether an AWS principal of the statement is the
// account itself: its 12-digit ID or its root ARN in the partition.
func (v view) trustsAccount(partition, account string) bool {
	for _, p := range v.principals["AWS"] {
		if p == account || p == rootARN(partition, account) {
			return true
		}
	}
	return false
}

func rootARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}

// principalAccount returns the account an AWS principal belongs to and
// whether the principal is the whole account (ID or root ARN) rather than a
// role, user or session in it. ok is false for "*" and unique IDs.
func principalAccount(p string) (account string, whole, ok bool) {
	if isAccountID(p) {
		return p, true, true
	}
	a, err := arn.Parse(p)
	if err != nil || !isAccountID(a.AccountID) || a.Service != "iam" && a.Service != "sts" {
		return "", false, false
	}
	return a.AccountID, a.Service == "iam" && a.Resource == "root", true
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
