package iampolicy

import (
	"slices"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// uniqueIDPattern matches the unique ID of an IAM role (AROA…) or user
// (AIDA…). IAM stores a role or user ARN in a trust policy as that ID, and
// once the principal is deleted it can no longer map the ID back to an ARN,
// so the policy shows the ID (aws-facts §4: "If the role is deleted and
// recreated, the trust breaks"; IAM User Guide, "AWS JSON policy elements:
// Principal", IAM role principals). A unique ID is upper-case letters and
// digits after its prefix, 21 characters in AWS's examples; the length is
// not documented, so 16 to 128 are accepted.
var uniqueIDPattern = lazyre.New(`^(AROA|AIDA)[A-Z0-9]{12,124}$`)

// IsUniqueID reports whether an AWS principal is a role's or user's unique
// ID rather than an ARN or an account: the trace IAM leaves of a principal
// that was deleted. IAM refuses to save a policy naming one
// (MalformedPolicyDocument: Invalid principal in policy).
func IsUniqueID(principal string) bool { return uniqueIDPattern.MatchString(principal) }

// Orphan is a deleted principal a trust policy still shows by its unique ID.
type Orphan struct {
	Statement int    // the 0-based index of the statement that names it
	ID        string // AROA… or AIDA…
}

// Kind is "role" or "user", from the ID's prefix.
func (o Orphan) Kind() string {
	if len(o.ID) >= 4 && o.ID[:4] == "AIDA" {
		return "user"
	}
	return "role"
}

// String names the orphan for people: "AROA… (a deleted role)".
func (o Orphan) String() string { return o.ID + " (a deleted " + o.Kind() + ")" }

// Orphans lists the unique IDs of deleted principals in the Principal
// elements of the policy, in statement order. NotPrincipal is not read: a
// unique ID there excludes nobody who still exists, and the lint flags
// NotPrincipal with Allow already.
func (t *Trust) Orphans() []Orphan {
	var out []Orphan
	for i, st := range t.stmts {
		aws := st.get("Principal").get("AWS")
		values, ok := stringsOf(aws)
		if !ok {
			continue
		}
		for _, v := range values {
			if IsUniqueID(v) {
				out = append(out, Orphan{Statement: i, ID: v})
			}
		}
	}
	return out
}

// DropOrphans removes the unique IDs of deleted principals from every
// Principal, so that IAM accepts the document again, and returns them. A
// statement left with no principal at all trusted only deleted principals,
// so it grants nothing and goes too. Every other statement, and every other
// principal of a statement it edits, stays exactly as it was.
func (t *Trust) DropOrphans() []Orphan {
	orphans := t.Orphans()
	if len(orphans) == 0 {
		return nil
	}
	kept := t.stmts[:0:0]
	for i, st := range t.stmts {
		if !slices.ContainsFunc(orphans, func(o Orphan) bool { return o.Statement == i }) {
			kept = append(kept, st)
			continue
		}
		if principal := withoutUniqueIDs(st.get("Principal")); principal != nil {
			st.set("Principal", principal)
			kept = append(kept, st)
		}
	}
	t.stmts = kept
	t.sync()
	return orphans
}

// withoutUniqueIDs returns the Principal object without the unique IDs in
// its AWS value, or nil when nothing is left of it.
func withoutUniqueIDs(p *node) *node {
	out := &node{kind: kindObject}
	for i, typ := range p.keys {
		v := p.vals[i]
		if typ == "AWS" {
			switch {
			case v.kind == kindString && IsUniqueID(v.text):
				continue
			case v.kind == kindArray:
				elems := slices.DeleteFunc(slices.Clone(v.elems), func(e *node) bool { return IsUniqueID(e.text) })
				if len(elems) == 0 {
					continue
				}
				v = arrayNode(elems...)
			}
		}
		out.keys = append(out.keys, typ)
		out.vals = append(out.vals, v)
	}
	if len(out.keys) == 0 {
		return nil
	}
	return out
}
