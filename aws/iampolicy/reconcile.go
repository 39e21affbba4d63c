package iampolicy

import (
	"encoding/json"
	"fmt"
)

// Reconcile is what a trust change looks like once someone else wrote the
// policy right after it: base is the document the change started from,
// after what it wrote, and now what the role has. The statements the change
// added (in after, not in base, compared by meaning) that now lacks are
// appended to now; everything now has of its own stays as it is, so the
// other writer's edit and the change both survive. It returns the document
// to write and how many statements it restored (0: now already holds the
// change, and nothing is to be written).
func Reconcile(base, after, now string) (string, int, error) {
	b, err := ParseTrust(base)
	if err != nil {
		return "", 0, fmt.Errorf("reconcile: the document before: %w", err)
	}
	a, err := ParseTrust(after)
	if err != nil {
		return "", 0, fmt.Errorf("reconcile: the document written: %w", err)
	}
	n, err := ParseTrust(now)
	if err != nil {
		return "", 0, fmt.Errorf("reconcile: the document now: %w", err)
	}
	had := statementKeys(b)
	has := statementKeys(n)
	restored := 0
	for _, st := range a.stmts {
		k := statementKey(st)
		if had[k] || has[k] {
			continue
		}
		cp := st.clone()
		sid := textOf(cp.get("Sid"))
		if i := indexOf(cp.keys, "Sid"); i >= 0 {
			cp.keys = append(cp.keys[:i:i], cp.keys[i+1:]...)
			cp.vals = append(cp.vals[:i:i], cp.vals[i+1:]...)
		}
		if sid == "" {
			sid = "Restored"
		}
		n.append(sid, cp)
		has[k] = true
		restored++
	}
	return n.JSON(), restored, nil
}

// statementKey is a statement by meaning (Sid aside): the same grant spelt
// another way has the same key.
func statementKey(st *node) string {
	m, ok := normalizeStatement(st).(map[string]any)
	if ok {
		delete(m, "Sid")
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func statementKeys(t *Trust) map[string]bool {
	keys := map[string]bool{}
	for _, st := range t.stmts {
		keys[statementKey(st)] = true
	}
	return keys
}

func indexOf(keys []string, k string) int {
	for i, x := range keys {
		if x == k {
			return i
		}
	}
	return -1
}
