package iampolicy

import (
	"encoding/json"
	"slices"
	"strings"
)

// Equivalent reports whether two policy documents mean the same, for the
// read-modify-write check before UpdateAssumeRolePolicy. It ignores
// whitespace, key order, statement order, the URL encoding of GetRole,
// duplicates and order within Action, Resource, principal and condition value
// lists, a string versus a one-element array, the case of action names and
// condition keys, "Principal": "*" versus {"AWS": "*"}, and an account ID
// versus its root ARN (IAM stores the latter). Everything else counts,
// including Sids and unknown keys. A document that does not parse is
// equivalent to nothing.
func Equivalent(a, b string) bool {
	na, err := loadDocument(a)
	if err != nil {
		return false
	}
	nb, err := loadDocument(b)
	if err != nil {
		return false
	}
	return semanticKey(na) == semanticKey(nb)
}

// semanticKey renders the normalized meaning of a document as a string;
// equal keys mean equivalent documents.
func semanticKey(doc *node) string {
	out, err := json.Marshal(normalizeDocument(doc))
	if err != nil { // cannot happen: the tree holds only maps, slices, strings and numbers
		return "\x00" + doc.compact()
	}
	return string(out)
}

func normalizeDocument(doc *node) map[string]any {
	m := map[string]any{}
	for i, k := range doc.keys {
		v := doc.vals[i]
		if k != "Statement" {
			m[k] = generic(v)
			continue
		}
		stmts := v.elems
		if v.kind == kindObject {
			stmts = []*node{v}
		} else if v.kind != kindArray {
			m[k] = generic(v)
			continue
		}
		var keys []string
		for _, st := range stmts {
			b, _ := json.Marshal(normalizeStatement(st))
			keys = append(keys, string(b))
		}
		slices.Sort(keys)
		m[k] = slices.Compact(keys)
	}
	return m
}

func normalizeStatement(st *node) any {
	if st.kind != kindObject {
		return generic(st)
	}
	m := map[string]any{}
	for i, k := range st.keys {
		v := st.vals[i]
		m[k] = generic(v)
		switch k {
		case "Action", "NotAction":
			if s, ok := stringsOf(v); ok {
				m[k] = set(s, strings.ToLower)
			}
		case "Resource", "NotResource":
			if s, ok := stringsOf(v); ok {
				m[k] = set(s, nil)
			}
		case "Principal", "NotPrincipal":
			if p := normalizePrincipal(v); p != nil {
				m[k] = p
			}
		case "Condition":
			if c := normalizeCondition(v); c != nil {
				m[k] = c
			}
		}
	}
	return m
}

// normalizePrincipal returns nil when the principal has a shape IAM does not
// define; generic then keeps it exactly.
func normalizePrincipal(p *node) map[string][]string {
	if p.kind == kindString && p.text == "*" {
		return map[string][]string{"AWS": {"*"}}
	}
	if p.kind != kindObject {
		return nil
	}
	m := map[string][]string{}
	for i, typ := range p.keys {
		values, ok := stringsOf(p.vals[i])
		if !ok {
			return nil
		}
		if typ == "AWS" {
			m[typ] = set(values, rootToAccount)
		} else {
			m[typ] = set(values, nil)
		}
	}
	return m
}

// rootToAccount maps arn:<partition>:iam::<account>:root to <account>.
func rootToAccount(p string) string {
	if account, whole, ok := principalAccount(p); ok && whole {
		return account
	}
	return p
}

func normalizeCondition(c *node) map[string]map[string][]string {
	if c.kind != kindObject {
		return nil
	}
	m := map[string]map[string][]string{}
	for i, op := range c.keys {
		block := c.vals[i]
		if block.kind != kindObject {
			return nil
		}
		keys := map[string][]string{}
		for j, key := range block.keys {
			values, ok := scalarsOf(block.vals[j])
			if !ok {
				return nil
			}
			lk := strings.ToLower(key)
			keys[lk] = set(append(keys[lk], values...), nil)
		}
		m[op] = keys
	}
	return m
}

// set returns the sorted, de-duplicated values, mapped by f when f is set.
func set(values []string, f func(string) string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		if f != nil {
			v = f(v)
		}
		out[i] = v
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// generic converts a node to plain Go values (object key order dropped,
// array order kept); numbers stay json.Number so that 1 and "1" differ.
func generic(n *node) any {
	switch n.kind {
	case kindNull:
		return nil
	case kindBool:
		return n.text == "true"
	case kindNumber:
		return json.Number(n.text)
	case kindString:
		return n.text
	case kindArray:
		out := make([]any, len(n.elems))
		for i, e := range n.elems {
			out[i] = generic(e)
		}
		return out
	}
	m := make(map[string]any, len(n.keys))
	for i, k := range n.keys {
		m[k] = generic(n.vals[i])
	}
	return m
}
