package iampolicy

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Trust is a role trust policy (AssumeRolePolicyDocument) held without loss:
// statement order, Sids, unknown keys at every level, principals of every
// kind, NotPrincipal, conditions and the single-object form of Statement are
// all kept, and a statement this package does not change re-renders with
// exactly its meaning. The zero value is not usable; use NewTrust or
// ParseTrust.
type Trust struct {
	doc    *node   // the document; its Statement value is rebuilt by sync
	stmts  []*node // the statements, each a JSON object
	single bool    // Statement was a single object rather than an array
}

// NewTrust returns an empty trust policy, {"Version":"2012-10-17","Statement":[]}.
func NewTrust() *Trust {
	t := &Trust{doc: objectNode("Version", stringNode("2012-10-17"), "Statement", arrayNode())}
	t.sync()
	return t
}

// ParseTrust parses a trust policy. The URL-encoded form that GetRole
// returns is accepted too. Statement may be one object or an array of
// objects. A document with duplicate keys is refused: which value IAM uses
// is not documented, so its meaning is ambiguous.
func ParseTrust(doc string) (*Trust, error) {
	n, err := loadDocument(doc)
	if err != nil {
		return nil, fmt.Errorf("parse trust policy: %w", err)
	}
	t := &Trust{doc: n}
	st := n.get("Statement")
	switch {
	case st == nil:
		return nil, errors.New("parse trust policy: it has no Statement")
	case st.kind == kindObject:
		t.stmts, t.single = []*node{st}, true
	case st.kind == kindArray:
		for i, e := range st.elems {
			if e.kind != kindObject {
				return nil, fmt.Errorf("parse trust policy: statement %d is not a JSON object", i+1)
			}
			t.stmts = append(t.stmts, e)
		}
	default:
		return nil, errors.New("parse trust policy: Statement must be an object or an array of objects")
	}
	return t, nil
}

// urlDecode undoes the RFC 3986 encoding of GetRole's policy documents.
// AWS encodes spaces as %20 and '+' as %2B, so QueryUnescape (which also
// reads '+' as a space, as Go's url.QueryEscape writes it) decodes both the
// real service and emulators built on net/url.
func urlDecode(s string) (string, error) {
	d, err := url.QueryUnescape(s)
	if err != nil {
		return "", fmt.Errorf("URL-decode: %w", err)
	}
	return d, nil
}

// sync stores the statements back into the document, keeping the
// single-object form while there is exactly one statement.
func (t *Trust) sync() {
	if t.single && len(t.stmts) == 1 {
		t.doc.set("Statement", t.stmts[0])
		return
	}
	t.single = false
	t.doc.set("Statement", arrayNode(slices.Clone(t.stmts)...))
}

// Len returns the number of statements.
func (t *Trust) Len() int { return len(t.stmts) }

// JSON returns the policy as compact JSON, in document order: what is sent
// to IAM.
func (t *Trust) JSON() string { return t.doc.compact() }

// Canonical returns the policy in canonical display form (see Canonicalize).
func (t *Trust) Canonical() string { return canonicalDocument(t.doc) }

// Clone returns an independent copy, for example to preview a change.
func (t *Trust) Clone() *Trust {
	c := &Trust{doc: t.doc.clone(), single: t.single}
	st := c.doc.get("Statement")
	if t.single {
		c.stmts = []*node{st}
	} else {
		c.stmts = st.elems
	}
	return c
}

// append adds a statement, giving it sid or, when another statement already
// uses that Sid (IAM wants them unique), sid followed by a number.
func (t *Trust) append(sid string, st *node) {
	used := map[string]bool{}
	for _, s := range t.stmts {
		used[strings.ToLower(textOf(s.get("Sid")))] = true
	}
	unique := sid
	for i := 2; used[strings.ToLower(unique)]; i++ {
		unique = sid + strconv.Itoa(i)
	}
	st.keys = append([]string{"Sid"}, st.keys...)
	st.vals = append([]*node{stringNode(unique)}, st.vals...)
	t.stmts = append(t.stmts, st)
	t.sync()
}
