package rules

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

const exampleRoleARN = "arn:aws:iam::111122223333:role/NAME"

// RoleARN parses an IAM role ARN, arn:<partition>:iam::<account>:role<path><name>,
// for example arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access.
// The partition must be known, the region empty, the account 12 digits, and
// the path and name must follow RolePath and RoleName.
func RoleARN(s string) (arn.ARN, error) {
	a, err := roleARN("role ARN", s)
	if err != nil {
		return arn.ARN{}, err
	}
	return a, nil
}

func roleARN(field, s string) (arn.ARN, error) {
	a, err := iamARN(field, s)
	if err != nil {
		return arn.ARN{}, err
	}
	fail := func(rule string) (arn.ARN, error) { return arn.ARN{}, &Error{Field: field, Value: s, Rule: rule} }
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if !ok {
		return fail(fmt.Sprintf("must name a role (role/NAME), not %q", a.Resource))
	}
	cut := strings.LastIndexByte(rest, '/') + 1
	path, name := "/"+rest[:cut], rest[cut:]
	if err := RoleName(name); err != nil {
		return fail("role name " + ruleOf(err))
	}
	if err := RolePath(path); err != nil {
		return fail("role path " + ruleOf(err))
	}
	return a, nil
}

// iamARN parses s as an ARN of the IAM service in a known partition with an
// empty region and a 12-digit account.
func iamARN(field, s string) (arn.ARN, error) {
	fail := func(rule string) (arn.ARN, error) { return arn.ARN{}, &Error{Field: field, Value: s, Rule: rule} }
	switch {
	case s == "":
		return fail("must not be empty")
	case hasOuterSpace(s):
		return fail(ruleOuterSpace)
	case !strings.HasPrefix(s, "arn:"):
		return fail(`must begin with "arn:" (for example ` + exampleRoleARN + ")")
	}
	a, err := arn.Parse(s)
	if err != nil {
		return fail("must have six parts separated by ':' (for example " + exampleRoleARN + ")")
	}
	switch {
	case !KnownPartition(a.Partition):
		return fail(fmt.Sprintf("partition %q is not a known AWS partition (%s)", a.Partition, strings.Join(Partitions(), ", ")))
	case a.Service == "sts" && strings.HasPrefix(a.Resource, "assumed-role/"):
		role := "NAME"
		if parts := strings.Split(a.Resource, "/"); len(parts) > 1 && parts[1] != "" {
			role = parts[1]
		}
		return fail(fmt.Sprintf("is an STS session ARN; give the role's IAM ARN, arn:%s:iam::%s:role/%s (with its path, if it has one)",
			a.Partition, a.AccountID, role))
	case a.Service != "iam":
		return fail(fmt.Sprintf("service must be iam, not %q", a.Service))
	case a.Region != "":
		return fail(fmt.Sprintf("must have an empty region (IAM is global), not %q", a.Region))
	}
	if err := AccountID(a.AccountID); err != nil {
		return fail("account ID " + ruleOf(err))
	}
	return a, nil
}

// ruleOf returns the rule of a *Error prefixed by its field and value, or the
// message of any other error; it nests one rule inside another's message.
func ruleOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return quoteShort(e.Value) + " " + e.Rule
	}
	return err.Error()
}

// AccountAPrincipal checks how Account A, where the clusters run, is named in
// the trust policy: a 12-digit account ID, the account's root ARN
// (arn:<partition>:iam::<account>:root), or a role ARN, which is tighter.
func AccountAPrincipal(s string) error {
	const field = "Account A principal"
	if s == "" {
		return &Error{Field: field, Value: s, Rule: "must not be empty"}
	}
	if strings.Trim(s, "0123456789- ") == "" {
		return accountID(field, s)
	}
	if !strings.HasPrefix(s, "arn:") {
		return &Error{Field: field, Value: s, Rule: "must be a 12-digit account ID or a role ARN (" + exampleRoleARN + ")"}
	}
	a, err := iamARN(field, s)
	if err != nil {
		return err
	}
	if a.Resource == "root" {
		return nil
	}
	_, err = roleARN(field, s)
	return err
}

// PrincipalAccount returns the account an AWS principal belongs to, whatever
// form names it: a 12-digit account ID, the account's root ARN, or the ARN
// of a role, user, or STS session in it (arn:<partition>:{iam,sts}::<account>:...).
// It reports false for anything else. Rules that refuse an account (Palette's
// own, Account B's) use it, so no form of that account slips past them.
func PrincipalAccount(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if AccountID(s) == nil {
		return s, true
	}
	a, err := arn.Parse(s)
	if err != nil || (a.Service != "iam" && a.Service != "sts") || AccountID(a.AccountID) != nil {
		return "", false
	}
	return a.AccountID, true
}
