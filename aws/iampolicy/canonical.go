package iampolicy

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Key orders of the canonical form; keys not listed follow, sorted.
var (
	documentKeyOrder  = []string{"Version", "Id", "Statement"}
	statementKeyOrder = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
		"Resource", "NotResource", "Condition"}
)

// orderedKeys returns the indexes of n's keys: first those of order, in that
// order, then the others sorted; order nil sorts all keys.
func orderedKeys(n *node, order []string) []int {
	idx := make([]int, len(n.keys))
	for i := range idx {
		idx[i] = i
	}
	rank := func(k string) int {
		if r := slices.Index(order, k); r >= 0 {
			return r
		}
		return len(order)
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ka, kb := n.keys[a], n.keys[b]
		if ra, rb := rank(ka), rank(kb); ra != rb {
			return ra - rb
		}
		return strings.Compare(ka, kb)
	})
	return idx
}

// canonicalDocument renders a policy document in canonical form: the keys
// of the document and of each statement in IAM order (unknown keys after,
// sorted), all other object keys sorted, Statement always an array, and a
// 2-space indent. Values, including arrays, keep their order and spelling.
func canonicalDocument(doc *node) string {
	var b bytes.Buffer
	writeCanonicalDocument(&b, doc)
	return b.String()
}

func writeCanonicalDocument(b *bytes.Buffer, doc *node) {
	if doc.kind != kindObject {
		writeCanonical(b, doc, 0, nil)
		return
	}
	writeObject(b, doc, 0, documentKeyOrder, func(key string, v *node) {
		if key != "Statement" {
			writeCanonical(b, v, 1, nil)
			return
		}
		stmts := v
		if v.kind == kindObject {
			stmts = arrayNode(v)
		}
		if stmts.kind != kindArray {
			writeCanonical(b, v, 1, nil)
			return
		}
		writeArray(b, stmts, 1, func(e *node) {
			if e.kind == kindObject {
				writeCanonical(b, e, 2, statementKeyOrder)
			} else {
				writeCanonical(b, e, 2, nil)
			}
		})
	})
}

// writeCanonical renders v at the given indent level; order applies to the
// keys of v itself when it is an object, nested objects sort their keys.
func writeCanonical(b *bytes.Buffer, v *node, level int, order []string) {
	switch v.kind {
	case kindObject:
		writeObject(b, v, level, order, func(_ string, e *node) { writeCanonical(b, e, level+1, nil) })
	case kindArray:
		writeArray(b, v, level, func(e *node) { writeCanonical(b, e, level+1, nil) })
	default:
		v.writeCompact(b)
	}
}

func writeObject(b *bytes.Buffer, v *node, level int, order []string, value func(string, *node)) {
	if len(v.keys) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{\n")
	for i, k := range orderedKeys(v, order) {
		if i > 0 {
			b.WriteString(",\n")
		}
		indent(b, level+1)
		writeString(b, v.keys[k])
		b.WriteString(": ")
		value(v.keys[k], v.vals[k])
	}
	b.WriteByte('\n')
	indent(b, level)
	b.WriteByte('}')
}

func writeArray(b *bytes.Buffer, v *node, level int, elem func(*node)) {
	if len(v.elems) == 0 {
		b.WriteString("[]")
		return
	}
	b.WriteString("[\n")
	for i, e := range v.elems {
		if i > 0 {
			b.WriteString(",\n")
		}
		indent(b, level+1)
		elem(e)
	}
	b.WriteByte('\n')
	indent(b, level)
	b.WriteByte(']')
}

func indent(b *bytes.Buffer, level int) {
	for range level {
		b.WriteString("  ")
	}
}

// Canonicalize returns the canonical display form of any JSON policy
// document (permissions or trust; the URL-encoded form GetRole returns is
// accepted): Version, Id, Statement first; in each statement Sid, Effect,
// Principal, NotPrincipal, Action, NotAction, Resource, NotResource,
// Condition, then unknown keys sorted; other objects sorted; Statement always
// an array; 2-space indent. Two documents that differ only in key order or
// whitespace have the same canonical form.
func Canonicalize(doc string) (string, error) {
	n, err := loadDocument(doc)
	if err != nil {
		return "", fmt.Errorf("canonicalize policy: %w", err)
	}
	return canonicalDocument(n), nil
}

// loadDocument parses a policy document, URL-decoding it first when it is in
// the form GetRole, GetRolePolicy and GetPolicyVersion return. The top level
// must be an object.
func loadDocument(doc string) (*node, error) {
	text := strings.TrimSpace(doc)
	if text == "" {
		return nil, errors.New("empty document")
	}
	n, err := parseJSON(text)
	if err != nil && (text[0] != '{' || strings.Contains(text, "%")) {
		decoded, uerr := urlDecode(text)
		if uerr != nil {
			if text[0] == '{' { // JSON that happens to contain '%': report the JSON error
				return nil, fmt.Errorf("not valid JSON: %w", err)
			}
			return nil, fmt.Errorf("neither JSON nor URL-encoded JSON: %w", uerr)
		}
		if n, err = parseJSON(strings.TrimSpace(decoded)); err != nil {
			return nil, fmt.Errorf("not valid JSON (after URL-decoding): %w", err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if n.kind != kindObject {
		return nil, errors.New("not a JSON object")
	}
	return n, nil
}
