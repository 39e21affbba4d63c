package iampolicy

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// Sids of the statements this package appends. When the policy already has
// a statement with that Sid for another purpose, a number is added.
const (
	PaletteSid  = "PaletteSaaSAssumeRole"
	AccountASid = "ClusterAccountAssumeRole"
)

// partitionPattern matches ARN partitions (aws, aws-cn, aws-us-gov, ...).
var partitionPattern = lazyre.New(`^aws(-[a-z0-9]+)*$`)

// HasPalette reports whether a statement already lets the Palette SaaS
// account assume the role with this external ID and nothing else required:
// Effect Allow, an AWS principal that is the account (its ID or
// arn:<partition>:iam::<account>:root, alone or among others), an Action
// covering sts:AssumeRole (string or array, wildcards included), and as its
// only condition StringEquals sts:ExternalId admitting externalID.
func (t *Trust) HasPalette(partition, accountID, externalID string) bool {
	for _, st := range t.stmts {
		v := viewOf(st)
		if v.cleanAllow() && v.grantsAssumeRole() && v.trustsAccount(partition, accountID) &&
			v.requiresOnlyExternalID(externalID) {
			return true
		}
	}
	return false
}

// EnsurePalette appends the statement of the Palette guide unless
// HasPalette: Allow, Principal AWS arn:<partition>:iam::<accountID>:root,
// Action sts:AssumeRole, Condition StringEquals sts:ExternalId. It never
// changes or removes an existing statement; a statement for the same account
// with another external ID stays (Lint does not flag it, the caller may).
// Validate the inputs first (rules.AccountID, rules.ExternalID).
func (t *Trust) EnsurePalette(partition, accountID, externalID string) (changed bool) {
	if t.HasPalette(partition, accountID, externalID) {
		return false
	}
	t.append(PaletteSid, objectNode(
		"Effect", stringNode("Allow"),
		"Principal", objectNode("AWS", stringNode(rootARN(partition, accountID))),
		"Action", stringNode("sts:AssumeRole"),
		"Condition", objectNode("StringEquals", objectNode("sts:ExternalId", stringNode(externalID))),
	))
	return true
}

// accountA is a parsed Account A principal.
type accountA struct {
	account string // the 12-digit account ID
	role    string // the role ARN, or "" for the whole account
}

// principal returns what the statement names: the role ARN or the root ARN.
func (a accountA) principal(partition string) string {
	if a.role != "" {
		return a.role
	}
	return rootARN(partition, a.account)
}

// parseAccountA reads an Account A principal: a 12-digit account ID, the
// account's root ARN, or a role ARN, all in partition.
func parseAccountA(partition, principal string) (accountA, error) {
	if !partitionPattern.MatchString(partition) {
		return accountA{}, fmt.Errorf("partition %q is not an AWS partition", partition)
	}
	if isAccountID(principal) {
		return accountA{account: principal}, nil
	}
	fail := func(format string, args ...any) (accountA, error) {
		return accountA{}, fmt.Errorf("Account A principal %q: "+format, append([]any{principal}, args...)...)
	}
	a, err := arn.Parse(principal)
	if err != nil {
		return fail("must be a 12-digit account ID or an IAM role ARN")
	}
	switch {
	case a.Partition != partition:
		return fail("is in partition %s but the role is in %s; trust cannot cross partitions", a.Partition, partition)
	case a.Service != "iam" || a.Region != "":
		return fail("must be an IAM ARN (arn:%s:iam::ACCOUNT:role/NAME)", partition)
	case !isAccountID(a.AccountID):
		return fail("account %q must be 12 digits", a.AccountID)
	case a.Resource == "root":
		return accountA{account: a.AccountID}, nil
	}
	name, ok := strings.CutPrefix(a.Resource, "role/")
	if !ok || name == "" || strings.HasSuffix(name, "/") || strings.ContainsAny(name, "*? \t\n\"") {
		return fail("must name a role (arn:%s:iam::ACCOUNT:role/NAME) or the account root", partition)
	}
	return accountA{account: a.AccountID, role: principal}, nil
}

// HasAccountA reports whether a statement already lets the principal assume
// the role unconditionally: Effect Allow, sts:AssumeRole, no condition, and
// an AWS principal that is this principal or, for a role ARN, the role's
// whole account (which already admits the role). An invalid principal is
// never present.
func (t *Trust) HasAccountA(partition, principal string) bool {
	a, err := parseAccountA(partition, principal)
	if err != nil {
		return false
	}
	return t.hasAccountA(partition, a)
}

func (t *Trust) hasAccountA(partition string, a accountA) bool {
	for _, st := range t.stmts {
		v := viewOf(st)
		if !v.cleanAllow() || !v.grantsAssumeRole() || !v.unconditional() {
			continue
		}
		if v.trustsAccount(partition, a.account) {
			return true
		}
		for _, p := range v.principals["AWS"] {
			if a.role != "" && p == a.role {
				return true
			}
		}
	}
	return false
}

// EnsureAccountA appends the statement of step 9 of the guide unless
// HasAccountA: Allow, Principal AWS (the root ARN of a 12-digit account ID,
// or the role ARN), Action sts:AssumeRole. principal is a 12-digit account
// ID, an account root ARN or a role ARN in partition; anything else, or an
// ARN of another partition, is an error and nothing changes.
func (t *Trust) EnsureAccountA(partition, principal string) (changed bool, err error) {
	a, err := parseAccountA(partition, principal)
	if err != nil {
		return false, fmt.Errorf("trust Account A: %w", err)
	}
	if t.hasAccountA(partition, a) {
		return false, nil
	}
	t.append(AccountASid, objectNode(
		"Effect", stringNode("Allow"),
		"Principal", objectNode("AWS", stringNode(a.principal(partition))),
		"Action", stringNode("sts:AssumeRole"),
	))
	return true, nil
}

// RetargetAccountA points bslwiz's own Account A statement at principal:
// the statement EnsureAccountA appends (Sid AccountASid, Allow, one AWS
// principal, sts:AssumeRole, no condition) names another principal when the
// plan's Account A has changed since it was written, say from the whole
// account to one of its roles. Left alone, the old principal would stay
// trusted and EnsureAccountA would find a narrower one already admitted by
// it. The caller knows the statement is bslwiz's (it created the role, or
// its journal recorded the append). It reports the statement's index, or -1
// when there is no such statement or it already names principal.
func (t *Trust) RetargetAccountA(partition, principal string) (index int, err error) {
	a, err := parseAccountA(partition, principal)
	if err != nil {
		return -1, fmt.Errorf("trust Account A: %w", err)
	}
	want := a.principal(partition)
	for i, st := range t.stmts {
		v := viewOf(st)
		if v.sid != AccountASid || !v.cleanAllow() || !v.grantsAssumeRole() || !v.unconditional() ||
			len(v.principals) != 1 || len(v.principals["AWS"]) != 1 {
			continue
		}
		if v.principals["AWS"][0] == want {
			return -1, nil
		}
		st.set("Principal", objectNode("AWS", stringNode(want)))
		t.sync()
		return i, nil
	}
	return -1, nil
}
