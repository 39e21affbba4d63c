package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// TrustEvaluation is who can assume the role, proven by evaluating its
// trust policy (aws/iampolicy's evaluator) rather than reading its text:
// for each caller that matters, the verdict before a change and after it.
type TrustEvaluation struct {
	// RoleARN is the role the trust policy belongs to ("" when unknown).
	RoleARN string
	// Policy is the trust policy the change leaves, as sent to IAM (JSON).
	Policy string
	// New is set when there is no policy before: the role is created.
	New bool
	// Current is set when nothing changes (status): before is after.
	Current bool
	// accountA is Account A's principal (a root or role ARN), if any.
	accountA string
	// Rows are the callers, in a fixed order: Palette with your external
	// ID, with a wrong one, with none; Account A's principal; every other
	// principal either document names; a stranger account.
	Rows []TrustAccess
}

// TrustAccess is one caller's verdict before and after.
type TrustAccess struct {
	// Caller is who it is, for people: "Palette, your external ID".
	Caller string
	// Principal is the caller's ARN (or service or provider name).
	Principal string
	// ExternalID is the sts:ExternalId the caller sends; HasExternalID
	// says whether it sends one.
	ExternalID    string
	HasExternalID bool
	Before, After TrustVerdict

	kind callerKind
}

// callerKind is which caller of the table a row is.
type callerKind int

const (
	callerPalette callerKind = iota // with your external ID
	callerPaletteWrongID
	callerPaletteNoID
	callerAccountA
	callerNamed // a principal the policy names
	callerStranger
)

// TrustVerdict is a decision and the statement that made it.
type TrustVerdict struct {
	Allowed bool
	Why     string
}

// Decision is "allowed" or "denied".
func (v TrustVerdict) Decision() string {
	if v.Allowed {
		return "allowed"
	}
	return "denied"
}

// Changed reports whether the change turns the caller's verdict.
func (r TrustAccess) Changed() bool { return r.Before.Allowed != r.After.Allowed }

// wrongExternalID is the external ID of "another Palette tenant" in the
// table: any value other than yours stands for all of them.
const wrongExternalID = "another-tenants-external-id"

// strangers are accounts a trust policy is unlikely to name; the first one
// it does not name is the stranger of the table.
var strangers = []string{"999999999999", "888888888888", "777777777777"}

// EvaluateTrust builds the table for a trust change from before ("" for a
// new role) to after, both JSON, in partition: the Palette account and
// external ID and Account A come from the plan.
func EvaluateTrust(partition, paletteAccount, externalID, accountA, roleARN, before, after string) (*TrustEvaluation, error) {
	ta, err := iampolicy.ParseTrust(after)
	if err != nil {
		return nil, err
	}
	tb := iampolicy.NewTrust()
	if before != "" {
		if tb, err = iampolicy.ParseTrust(before); err != nil {
			return nil, err
		}
	}
	ev := &TrustEvaluation{RoleARN: roleARN, Policy: ta.JSON(), New: before == ""}
	add := func(kind callerKind, label string, c iampolicy.Caller, action string) {
		r := TrustAccess{Caller: label, Principal: c.Principal, kind: kind}
		if id, ok := c.Context["sts:externalid"]; ok && len(id) == 1 {
			r.ExternalID, r.HasExternalID = id[0], true
		}
		b, a := tb.Evaluate(action, c), ta.Evaluate(action, c)
		r.Before, r.After = TrustVerdict{b.Allowed(), explainWhy(r, b.Why)}, TrustVerdict{a.Allowed(), explainWhy(r, a.Why)}
		if before == "" {
			r.Before = TrustVerdict{Why: "the role does not exist yet"}
		}
		ev.Rows = append(ev.Rows, r)
	}
	root := func(account string) string { return "arn:" + partition + ":iam::" + account + ":root" }

	palette := iampolicy.NewCaller(root(paletteAccount))
	add(callerPalette, "Palette, your external ID", palette.WithExternalID(externalID), iampolicy.ActionAssumeRole)
	add(callerPaletteWrongID, "Palette, a wrong external ID", palette.WithExternalID(wrongExternalID), iampolicy.ActionAssumeRole)
	add(callerPaletteNoID, "Palette, no external ID", palette, iampolicy.ActionAssumeRole)

	// AWS principals are keyed by their ARN (an account ID as its root).
	norm := func(np iampolicy.NamedPrincipal) string {
		if np.Type == iampolicy.PrincipalAWS && isDigits12(np.Value) {
			return "AWS " + root(np.Value)
		}
		return np.Type + " " + np.Value
	}
	covered := map[string]bool{"AWS " + root(paletteAccount): true, "AWS *": true}
	if accountA != "" {
		principal := accountA
		if isDigits12(accountA) {
			principal = root(accountA)
		}
		if _, err := arn.Parse(principal); err == nil {
			add(callerAccountA, "Account A", iampolicy.NewCaller(principal), iampolicy.ActionAssumeRole)
			covered["AWS "+principal] = true
			ev.accountA = principal
		}
	}
	named := map[string]bool{} // accounts the documents name
	for _, np := range append(tb.Principals(), ta.Principals()...) {
		if np.Type == iampolicy.PrincipalAWS {
			if isDigits12(np.Value) {
				named[np.Value] = true
			} else if a, err := arn.Parse(np.Value); err == nil {
				named[a.AccountID] = true
			}
		}
		key := norm(np)
		if covered[key] {
			continue
		}
		covered[key] = true
		switch np.Type {
		case iampolicy.PrincipalAWS:
			p := strings.TrimPrefix(key, "AWS ")
			label := "named in the policy"
			if iampolicy.IsUniqueID(p) {
				label = "named by unique ID (deleted)"
			}
			add(callerNamed, label, iampolicy.NewCaller(p), iampolicy.ActionAssumeRole)
		case iampolicy.PrincipalService:
			add(callerNamed, "service named in the policy", iampolicy.Caller{Type: np.Type, Principal: np.Value}, iampolicy.ActionAssumeRole)
		case iampolicy.PrincipalFederated:
			action := iampolicy.ActionAssumeRoleWithWebIdentity
			if strings.Contains(np.Value, ":saml-provider/") {
				action = "sts:AssumeRoleWithSAML"
			}
			add(callerNamed, "identity provider named in the policy", iampolicy.Caller{Type: np.Type, Principal: np.Value}, action)
		}
	}
	for _, s := range strangers {
		if !named[s] && s != paletteAccount {
			add(callerStranger, "a stranger account", iampolicy.NewCaller(root(s)), iampolicy.ActionAssumeRole)
			break
		}
	}
	return ev, nil
}

func isDigits12(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// refusals are the rows that make the change unsafe: Palette let in with a
// wrong external ID or none, a stranger let in, or any caller other than
// Palette (with your external ID) and Account A let in that was not before.
// It is the confused-deputy rule, proven on the evaluated document.
func (ev *TrustEvaluation) refusals() []iampolicy.Finding {
	var fs []iampolicy.Finding
	for i, r := range ev.Rows {
		if !r.After.Allowed {
			continue
		}
		var msg string
		switch {
		case r.kind == callerPaletteWrongID, r.kind == callerPaletteNoID:
			msg = fmt.Sprintf("lets Palette's account assume the role with %s: %s", externalIDWords(r), r.After.Why)
		case r.kind == callerStranger:
			msg = fmt.Sprintf("lets an account it does not name (%s) assume the role: %s", r.Principal, r.After.Why)
		case r.kind == callerAccountA, r.kind == callerPalette, r.Before.Allowed, ev.inAccountA(r.Principal):
			continue
		default:
			msg = fmt.Sprintf("lets %s in, which it did not before; bslwiz adds no principal other than Account A's: %s", r.Principal, r.After.Why)
		}
		fs = append(fs, iampolicy.Finding{Severity: iampolicy.Error, Statement: i, Message: "the new trust policy " + msg})
	}
	return fs
}

// inAccountA reports whether principal is Account A's when Account A is a
// whole account: its statement admits every principal in it.
func (ev *TrustEvaluation) inAccountA(principal string) bool {
	a, err := arn.Parse(ev.accountA)
	if err != nil || a.Resource != "root" {
		return false
	}
	p, err := arn.Parse(principal)
	return err == nil && p.Partition == a.Partition && p.AccountID == a.AccountID
}

// Unsafe is what makes the trust unsafe (see refusals), one line each:
// for status, where an edit made outside bslwiz shows.
func (ev *TrustEvaluation) Unsafe() []string {
	var out []string
	for _, f := range ev.refusals() {
		out = append(out, f.Message)
	}
	return out
}

func externalIDWords(r TrustAccess) string {
	if !r.HasExternalID {
		return "no external ID"
	}
	return "another tenant's external ID"
}

// trustChangeEvaluation evaluates a trust change for the session's plan
// and refuses it (a *TrustLintError, exit 3) when it lets in anyone it must
// not: see refusals.
func (s *Session) trustChangeEvaluation(partition, roleName, roleARN, before, after string) (*TrustEvaluation, error) {
	acct, ext := s.paletteForTrust()
	ev, err := EvaluateTrust(partition, acct, ext, s.Plan().AccountA, roleARN, before, after)
	if err != nil {
		return nil, err
	}
	if fs := ev.refusals(); len(fs) > 0 {
		return ev, &TrustLintError{Role: roleName, Findings: fs}
	}
	return ev, nil
}

// roleARNOfPlan is the role's ARN: the session's role, the journal's, or
// the one the plan's name and path make.
func (s *Session) roleARNOfPlan() string {
	if arn := s.RoleARN(); arn != "" {
		return arn
	}
	if want, err := Desired(s.Plan()); err == nil {
		return want.RoleARN
	}
	return ""
}

// paletteForTrust is Palette's account and external ID as far as they are
// known (fetched in step 5, or from the plan).
func (s *Session) paletteForTrust() (account, externalID string) {
	if sts, ok := s.Sts(); ok {
		return sts.AccountID, sts.ExternalID
	}
	p := s.Plan()
	return p.PaletteAccountID, p.ExternalID
}

// TrustNow is who can assume the plan's role as its trust policy is now,
// for status: no change, so before and after are the same.
func (s *Session) TrustNow(ctx context.Context) (*TrustEvaluation, error) {
	c := s.connectedAWS()
	if c == nil {
		return nil, fmt.Errorf("who can assume the role: %w (Account B)", ErrNotConnected)
	}
	p := s.Plan()
	role, err := c.GetRole(ctx, p.RoleName)
	if err != nil {
		return nil, fmt.Errorf("who can assume role %s: %w", p.RoleName, err)
	}
	acct, ext := s.paletteForTrust()
	if acct == "" {
		return nil, fmt.Errorf("who can assume role %s: Palette's account is not known (%s)", p.RoleName, s.stepRef(StepSTS))
	}
	ev, err := EvaluateTrust(c.Identity().Partition, acct, ext, p.AccountA, role.ARN, role.TrustPolicy, role.TrustPolicy)
	if err != nil {
		return nil, fmt.Errorf("who can assume role %s: %w", p.RoleName, err)
	}
	ev.Current = true
	return ev, nil
}

// Table renders the evaluation as text lines of at most width columns
// (0: no limit): who, the verdict before and after, and why (after). A long
// principal or reason is shortened in the middle with an ellipsis, never
// broken mid-token across lines.
func (ev *TrustEvaluation) Table(width int) []string {
	if ev == nil {
		return nil
	}
	w := 0
	for _, r := range ev.Rows {
		w = max(w, len([]rune(r.Who())))
	}
	if width > 0 {
		// The who column takes up to half the width; why gets the rest.
		w = min(w, max(12, width*2/5))
	}
	before, after := "before", "after"
	switch {
	case ev.New:
		before = "" // the role does not exist yet: one verdict, after
	case ev.Current:
		after = "now"
	}
	row := func(who, b, a, why string) string {
		line := fmt.Sprintf("%-*s  %-7s %-7s ", w, who, b, a)
		if ev.Current || ev.New { // one verdict: no before column
			line = fmt.Sprintf("%-*s  %-7s ", w, who, a)
		}
		if n := width - len([]rune(line)); width > 0 && len([]rune(why)) > n {
			// Prose: cut at the end, between words, never inside a token.
			cut := string([]rune(why)[:max(0, n-1)])
			if i := strings.LastIndex(cut, " "); i > 0 {
				cut = cut[:i+1]
			}
			why = cut + "…"
		}
		return strings.TrimRight(line+why, " ")
	}
	lines := []string{row("who can assume", before, after, "why")}
	for _, r := range ev.Rows {
		b := r.Before.Decision()
		if ev.New {
			b = "-"
		}
		lines = append(lines, row(r.WhoWithin(w), b, r.After.Decision(), r.After.Why))
	}
	return lines
}

// Who names the caller in a table: its label, and the account or
// principal where the label does not say it.
func (r TrustAccess) Who() string {
	switch {
	case r.kind <= callerPaletteNoID:
		return r.Caller
	case r.kind == callerAccountA, r.kind == callerStranger:
		return r.Caller + " " + accountOfPrincipal(r.Principal)
	}
	return r.Principal
}

// WhoWithin is Who in at most n runes: the principal shortened as Ellipsize
// does, the label kept.
func (r TrustAccess) WhoWithin(n int) string {
	who := r.Who()
	if len([]rune(who)) <= n {
		return who
	}
	if label, principal, ok := strings.Cut(who, " arn:"); ok {
		return label + " " + Ellipsize("arn:"+principal, max(5, n-len([]rune(label))-1))
	}
	return Ellipsize(who, n)
}

// Short names the caller in a summary line: "Palette (wrong ID)".
func (r TrustAccess) Short() string {
	switch r.kind {
	case callerPalette:
		return "Palette (your ID)"
	case callerPaletteWrongID:
		return "Palette (wrong ID)"
	case callerPaletteNoID:
		return "Palette (no ID)"
	case callerStranger:
		return "a stranger"
	}
	return r.Who()
}

func accountOfPrincipal(p string) string {
	if a, err := arn.Parse(p); err == nil {
		if a.Resource == "root" {
			return a.AccountID
		}
		return p
	}
	return p
}

// Ellipsize shortens s to at most n runes by replacing its middle with
// "…", so that both ends of an ARN stay: an ARN loses its path first
// (arn:aws:iam::444455556666:role/…/Name), then whatever the middle is.
func Ellipsize(s string, n int) string {
	r := []rune(s)
	if len(r) <= n || n < 5 {
		return s
	}
	if a, err := arn.Parse(s); err == nil {
		head := len(s) - len(a.Resource)
		first, last := strings.Index(a.Resource, "/"), strings.LastIndex(a.Resource, "/")
		if first >= 0 && last > first {
			short := s[:head+first+1] + "…" + s[head+last:]
			if len([]rune(short)) <= n {
				return short
			}
		}
		// The account stays whole, and the end of the name.
		if res := []rune(a.Resource); head+5 <= n {
			return s[:head] + "…" + string(res[len(res)-(n-head-1):])
		}
	}
	keep := n - 1
	head := keep / 2
	tail := keep - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// LastTrustEvaluation returns the evaluation of the last preview that
// carries one: the trust policy a plan leaves.
func LastTrustEvaluation(pvs []*Preview) *TrustEvaluation {
	for _, pv := range slices.Backward(pvs) {
		if pv != nil && pv.TrustEvaluation != nil {
			return pv.TrustEvaluation
		}
	}
	return nil
}
