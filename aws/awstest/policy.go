package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// policyDoc is a parsed IAM policy document (identity, boundary, session or trust policy).
type policyDoc struct {
	Version    string
	Statements []statement
}

// statement is one parsed policy statement. Absent elements are nil slices with the has* flag false.
type statement struct {
	Sid            string
	Effect         string
	Principal      *principalSpec
	NotPrincipal   *principalSpec
	Action         []string
	NotAction      []string
	Resource       []string
	NotResource    []string
	hasAction      bool
	hasNotAction   bool
	hasResource    bool
	hasNotResource bool
	Conditions     []condition
}

// principalSpec is a Principal or NotPrincipal element.
type principalSpec struct {
	Any       bool // "Principal": "*"
	AWS       []string
	Service   []string
	Federated []string
	Canonical []string
}

// condition is one operator/key/values triple of a Condition block.
type condition struct {
	Operator string
	Key      string
	Values   []string
}

// policySyntaxError is a document that is not a valid policy; Message is IAM's wording.
type policySyntaxError struct{ Message string }

func (e *policySyntaxError) Error() string { return e.Message }

func syntaxErr(format string, args ...any) error {
	return &policySyntaxError{Message: fmt.Sprintf(format, args...)}
}

const msgSyntax = "Syntax errors in policy."

// parsePolicy parses a policy document leniently about shapes AWS accepts (Statement as object or
// array, string-or-array values) and strictly about element names, which are case-sensitive in IAM.
// A bare statement object (no "Statement" key but an "Effect") is accepted as a one-statement policy.
func parsePolicy(doc string) (*policyDoc, error) {
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var top map[string]json.RawMessage
	if err := dec.Decode(&top); err != nil || top == nil {
		return nil, syntaxErr(msgSyntax)
	}
	if dec.More() {
		return nil, syntaxErr(msgSyntax)
	}
	p := &policyDoc{}
	if raw, ok := top["Version"]; ok {
		if err := json.Unmarshal(raw, &p.Version); err != nil {
			return nil, syntaxErr(msgSyntax)
		}
		if p.Version != "2012-10-17" && p.Version != "2008-10-17" {
			return nil, syntaxErr("The policy failed legacy parsing")
		}
	}
	rawStatements, ok := top["Statement"]
	if !ok {
		if _, bare := top["Effect"]; bare {
			st, err := parseStatement(json.RawMessage(doc))
			if err != nil {
				return nil, err
			}
			p.Statements = []statement{st}
			return p, nil
		}
		return nil, syntaxErr(msgSyntax)
	}
	for k := range top {
		switch k {
		case "Version", "Statement", "Id":
		default:
			return nil, syntaxErr(msgSyntax)
		}
	}
	var list []json.RawMessage
	trimmed := bytes.TrimSpace(rawStatements)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		list = []json.RawMessage{trimmed}
	} else if err := json.Unmarshal(trimmed, &list); err != nil {
		return nil, syntaxErr(msgSyntax)
	}
	for _, raw := range list {
		st, err := parseStatement(raw)
		if err != nil {
			return nil, err
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

func parseStatement(raw json.RawMessage) (statement, error) {
	var st statement
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return st, syntaxErr(msgSyntax)
	}
	for k, v := range m {
		var err error
		switch k {
		case "Sid":
			err = json.Unmarshal(v, &st.Sid)
		case "Effect":
			err = json.Unmarshal(v, &st.Effect)
		case "Principal":
			st.Principal, err = parsePrincipal(v)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipal(v)
		case "Action":
			st.Action, err = stringOrList(v)
			st.hasAction = true
		case "NotAction":
			st.NotAction, err = stringOrList(v)
			st.hasNotAction = true
		case "Resource":
			st.Resource, err = stringOrList(v)
			st.hasResource = true
		case "NotResource":
			st.NotResource, err = stringOrList(v)
			st.hasNotResource = true
		case "Condition":
			st.Conditions, err = parseConditions(v)
		default:
			return st, syntaxErr(msgSyntax)
		}
		if err != nil {
			if _, ok := err.(*policySyntaxError); ok {
				return st, err
			}
			return st, syntaxErr(msgSyntax)
		}
	}
	if st.Effect != "Allow" && st.Effect != "Deny" {
		return st, syntaxErr(msgSyntax)
	}
	if st.hasAction == st.hasNotAction {
		return st, syntaxErr("Policy statement must contain actions.")
	}
	if st.hasResource && st.hasNotResource {
		return st, syntaxErr(msgSyntax)
	}
	for _, a := range append(append([]string{}, st.Action...), st.NotAction...) {
		if a != "*" && !strings.Contains(a, ":") {
			return st, syntaxErr("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
		}
	}
	for _, r := range append(append([]string{}, st.Resource...), st.NotResource...) {
		if r != "*" && !strings.HasPrefix(r, "arn:") {
			return st, syntaxErr("Resource %s must be in ARN format or \"*\".", r)
		}
	}
	return st, nil
}

// stringOrList decodes a JSON string or array of strings (numbers and booleans are stringified).
func stringOrList(raw json.RawMessage) ([]string, error) {
	var one any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&one); err != nil {
		return nil, err
	}
	switch v := one.(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := scalarString(x)
			if !ok {
				return nil, syntaxErr(msgSyntax)
			}
			out = append(out, s)
		}
		return out, nil
	default:
		s, ok := scalarString(v)
		if !ok {
			return nil, syntaxErr(msgSyntax)
		}
		return []string{s}, nil
	}
}

func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func parsePrincipal(raw json.RawMessage) (*principalSpec, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if s != "*" {
			return nil, syntaxErr("Invalid principal in policy: %q", s)
		}
		return &principalSpec{Any: true}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || len(m) == 0 {
		return nil, syntaxErr(msgSyntax)
	}
	p := &principalSpec{}
	for k, v := range m {
		vals, err := stringOrList(v)
		if err != nil {
			return nil, err
		}
		switch k {
		case "AWS":
			p.AWS = vals
		case "Service":
			p.Service = vals
		case "Federated":
			p.Federated = vals
		case "CanonicalUser":
			p.Canonical = vals
		default:
			return nil, syntaxErr("Invalid principal in policy: %q", k)
		}
	}
	return p, nil
}

// knownConditionOperators lists the base operators IAM accepts (before IfExists / set qualifiers).
var knownConditionOperators = map[string]bool{
	"StringEquals": true, "StringNotEquals": true, "StringEqualsIgnoreCase": true, "StringNotEqualsIgnoreCase": true,
	"StringLike": true, "StringNotLike": true,
	"NumericEquals": true, "NumericNotEquals": true, "NumericLessThan": true, "NumericLessThanEquals": true,
	"NumericGreaterThan": true, "NumericGreaterThanEquals": true,
	"DateEquals": true, "DateNotEquals": true, "DateLessThan": true, "DateLessThanEquals": true,
	"DateGreaterThan": true, "DateGreaterThanEquals": true,
	"Bool": true, "BinaryEquals": true, "IpAddress": true, "NotIpAddress": true,
	"ArnEquals": true, "ArnLike": true, "ArnNotEquals": true, "ArnNotLike": true, "Null": true,
}

func parseConditions(raw json.RawMessage) ([]condition, error) {
	var ops map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ops); err != nil {
		return nil, syntaxErr(msgSyntax)
	}
	var out []condition
	for op, keys := range ops {
		base := strings.TrimSuffix(op, "IfExists")
		base = strings.TrimPrefix(strings.TrimPrefix(base, "ForAnyValue:"), "ForAllValues:")
		if !knownConditionOperators[base] {
			return nil, syntaxErr("Invalid Condition type : %s", op)
		}
		for key, v := range keys {
			vals, err := stringOrList(v)
			if err != nil {
				return nil, err
			}
			out = append(out, condition{Operator: op, Key: key, Values: vals})
		}
	}
	// Map iteration order is random; keep evaluation and any reporting deterministic.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Operator != out[j].Operator {
			return out[i].Operator < out[j].Operator
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// policyKind selects the validation rules that depend on where a document is used.
type policyKind int

const (
	kindIdentity policyKind = iota // managed, inline, boundary and session policies
	kindTrust                      // a role's AssumeRolePolicyDocument (a resource policy)
)

// validatePolicy parses doc and applies the rules IAM enforces when it is stored as kind.
func validatePolicy(doc string, kind policyKind) (*policyDoc, error) {
	p, err := parsePolicy(doc)
	if err != nil {
		return nil, err
	}
	if len(p.Statements) == 0 {
		return nil, syntaxErr(msgSyntax)
	}
	for _, st := range p.Statements {
		switch kind {
		case kindIdentity:
			if st.Principal != nil || st.NotPrincipal != nil {
				return nil, syntaxErr("Policy document should not specify a principal.")
			}
			if !st.hasResource && !st.hasNotResource {
				return nil, syntaxErr("Policy statement must contain resources.")
			}
		case kindTrust:
			if st.Principal == nil && st.NotPrincipal == nil {
				return nil, syntaxErr("Missing required field Principal")
			}
			if st.hasResource || st.hasNotResource {
				return nil, syntaxErr("Has prohibited field Resource")
			}
			for _, a := range st.Action {
				if a != "*" && !strings.HasPrefix(strings.ToLower(a), "sts:") {
					return nil, syntaxErr("AssumeRole policy may only specify STS AssumeRole actions.")
				}
			}
		}
	}
	return p, nil
}

// nonWhitespaceLen counts the characters IAM counts against its size quotas.
func nonWhitespaceLen(doc string) int {
	n := 0
	for _, r := range doc {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}
