package iampolicy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Severity ranks a lint finding.
type Severity int

// Severities, in increasing order.
const (
	// Warning is a trust that works but is broader than it needs to be.
	Warning Severity = iota + 1
	// Error is a trust that must not be saved: anyone could have Palette, or
	// anyone at all, assume the role.
	Error
)

// String returns "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Finding is one lint result. Statement is the 0-based index of the
// statement; Message names it for people (1-based, with its Sid).
type Finding struct {
	Severity  Severity
	Statement int
	Message   string
}

// String renders the finding as "<severity>: <message>".
func (f Finding) String() string { return f.Severity.String() + ": " + f.Message }

// Lint checks the Allow statements of the trust policy:
//
//   - Error: the Palette SaaS account (paletteAccountID, as ID, root ARN or
//     any principal in it) is trusted without a StringEquals sts:ExternalId
//     condition, the confused-deputy hole of aws-facts §7; likewise every
//     AWS principal ("*") or NotPrincipal with Allow.
//   - Warning: another account is trusted as a whole (bare ID or :root)
//     without an external ID or a condition naming the principal. This is the
//     guide's documented pattern for Account A, but a role ARN is tighter.
//   - Warning: a principal is the unique ID of a deleted role or user
//     (Orphans): it lets no one in, and IAM refuses to save the policy
//     until it is removed (DropOrphans).
//
// Deny statements and service or federated principals are not reported.
func (t *Trust) Lint(paletteAccountID string) []Finding {
	var fs []Finding
	orphans := t.Orphans()
	for i, st := range t.stmts {
		v := viewOf(st)
		if v.effect != "Allow" {
			continue
		}
		name := statementName(i, v.sid)
		add := func(sev Severity, format string, args ...any) {
			fs = append(fs, Finding{Severity: sev, Statement: i, Message: name + " " + fmt.Sprintf(format, args...)})
		}
		switch {
		case v.notPrincipal && !v.requiresExternalID():
			add(Error, "uses NotPrincipal with Allow: it trusts every principal not listed, Palette's account included, "+
				"without an sts:ExternalId condition")
		case v.anyPrincipal && !v.narrowsPrincipal():
			add(Error, `trusts every AWS principal ("*") without a condition that names who may assume the role`)
		}
		paletteSeen := false
		for _, p := range v.principals["AWS"] {
			account, whole, ok := principalAccount(p)
			if !ok {
				continue
			}
			if account == paletteAccountID {
				if !paletteSeen && !v.requiresExternalID() {
					add(Error, "trusts the Palette account %s without a StringEquals sts:ExternalId condition: "+
						"any Palette customer who learns this role's ARN could have Palette assume it (the confused deputy problem); "+
						"require the external ID Palette shows for your tenant", account)
				}
				paletteSeen = true
				continue
			}
			if whole && !v.narrowsPrincipal() {
				add(Warning, "trusts all of account %s (%s) without an external ID; to trust one role only, "+
					"name its ARN instead (%s)", account, p, roleARNExample(p, account))
			}
		}
		for _, o := range orphans {
			if o.Statement == i {
				add(Warning, "names %s: IAM shows a principal's unique ID once it is deleted, and refuses to save "+
					"the policy until it is removed", o)
			}
		}
	}
	return fs
}

func statementName(i int, sid string) string {
	if sid == "" {
		return fmt.Sprintf("statement %d", i+1)
	}
	return fmt.Sprintf("statement %d (Sid %q)", i+1, sid)
}

// roleARNExample suggests a role ARN in the partition of a root ARN.
func roleARNExample(principal, account string) string {
	partition := "<partition>"
	if a, err := arn.Parse(principal); err == nil {
		partition = a.Partition
	}
	return "arn:" + partition + ":iam::" + account + ":role/NAME"
}

// OtherTenants finds the Allow statements that let Palette's account in
// (paletteAccountID, in any form) with an external ID other than
// externalID, the tenant's: any Palette customer whose external ID it is
// could have Palette assume the role. They are findings of Error severity.
func (t *Trust) OtherTenants(paletteAccountID, externalID string) []Finding {
	var fs []Finding
	for i, st := range t.stmts {
		v := viewOf(st)
		if v.effect != "Allow" || externalID == "" || !v.namesAccount(paletteAccountID) {
			continue
		}
		var others []string
		for _, id := range v.conditions["StringEquals"]["sts:externalid"] {
			if id != externalID && !slices.Contains(others, id) {
				others = append(others, id)
			}
		}
		if len(others) > 0 {
			fs = append(fs, Finding{Severity: Error, Statement: i, Message: statementName(i, v.sid) +
				fmt.Sprintf(" lets the Palette account %s in with external ID %s, not only yours: the Palette tenant "+
					"that has it could assume the role; remove it from the condition", paletteAccountID, strings.Join(quoteAll(others), ", "))})
		}
	}
	return fs
}

// namesAccount reports whether an AWS principal of the statement is in
// account (its ID, root ARN, or a role or user ARN in it).
func (v view) namesAccount(account string) bool {
	for _, p := range v.principals["AWS"] {
		if a, _, ok := principalAccount(p); ok && a == account {
			return true
		}
	}
	return false
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
