package iampolicy

import "fmt"

// Revert takes a trust change back out of a policy that others edited
// since: base is the document the change started from, after what it
// wrote, and now what the role has. The statements the change added (in
// after, not in base, compared by meaning) are removed from now, and the
// statements it replaced (in base, not in after) that now lacks are put
// back; every statement someone else added or kept stays as it is. It
// returns the document to write, how many statements it removed and how
// many it put back (both 0: now holds nothing of the change, and nothing is
// to be written).
func Revert(base, after, now string) (doc string, removed, restored int, err error) {
	b, err := ParseTrust(base)
	if err != nil {
		return "", 0, 0, fmt.Errorf("revert: the document before: %w", err)
	}
	a, err := ParseTrust(after)
	if err != nil {
		return "", 0, 0, fmt.Errorf("revert: the document written: %w", err)
	}
	n, err := ParseTrust(now)
	if err != nil {
		return "", 0, 0, fmt.Errorf("revert: the document now: %w", err)
	}
	had, wrote := statementKeys(b), statementKeys(a)
	kept := n.stmts[:0:0]
	for _, st := range n.stmts {
		if k := statementKey(st); wrote[k] && !had[k] {
			removed++
			continue
		}
		kept = append(kept, st)
	}
	n.stmts = kept
	has := statementKeys(n)
	for _, st := range b.stmts {
		k := statementKey(st)
		if wrote[k] || has[k] {
			continue
		}
		n.stmts = append(n.stmts, st.clone())
		has[k] = true
		restored++
	}
	n.sync()
	return n.JSON(), removed, restored, nil
}
