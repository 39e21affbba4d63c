package iampolicy

import (
	"fmt"
	"strconv"
)

// IAM quotas on policy size, in characters with whitespace not counted
// (aws-facts §3).
const (
	// TrustSizeDefault is the default quota ACLSizePerRole on a role trust policy.
	TrustSizeDefault = 2048
	// TrustSizeMax is the highest ACLSizePerRole Service Quotas grants.
	TrustSizeMax = 4096
	// ManagedPolicySize is the quota PolicySize on a managed policy; it cannot be raised.
	ManagedPolicySize = 6144
)

// SizeError is a policy over an IAM size quota. IAM would answer
// LimitExceeded (HTTP 409); this error is raised before any call.
type SizeError struct {
	Document string // "trust policy" or "managed policy"
	Size     int    // characters, whitespace not counted
	Limit    int
	Quota    string // the IAM quota name: ACLSizePerRole or PolicySize
	Hint     string // how to raise the quota, if it can be
}

// Error reads, for example, "trust policy is 2,131 characters (whitespace
// not counted); the IAM quota ACLSizePerRole is 2,048 (raise it to 4,096 in
// Service Quotas)".
func (e *SizeError) Error() string {
	return fmt.Sprintf("%s is %s characters (whitespace not counted); the IAM quota %s is %s (%s)",
		e.Document, thousands(e.Size), e.Quota, thousands(e.Limit), e.Hint)
}

// NonWhitespaceLen returns the size IAM charges a policy: its characters,
// not counting spaces, tabs, carriage returns and newlines.
func NonWhitespaceLen(doc string) int {
	n := 0
	for _, r := range doc {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// CheckTrustSize checks a trust policy against the account's ACLSizePerRole
// quota; limit <= 0 means TrustSizeDefault. The error is a *SizeError.
func CheckTrustSize(doc string, limit int) error {
	if limit <= 0 {
		limit = TrustSizeDefault
	}
	size := NonWhitespaceLen(doc)
	if size <= limit {
		return nil
	}
	hint := "raise it to " + thousands(TrustSizeMax) + " in Service Quotas"
	if limit >= TrustSizeMax {
		hint = "the maximum; remove or merge statements"
	}
	return &SizeError{Document: "trust policy", Size: size, Limit: limit, Quota: "ACLSizePerRole", Hint: hint}
}

// CheckManagedPolicySize checks a managed policy against the PolicySize
// quota of 6,144 characters. The error is a *SizeError.
func CheckManagedPolicySize(doc string) error {
	size := NonWhitespaceLen(doc)
	if size <= ManagedPolicySize {
		return nil
	}
	return &SizeError{Document: "managed policy", Size: size, Limit: ManagedPolicySize, Quota: "PolicySize",
		Hint: "it cannot be raised; split the policy"}
}

// thousands formats n with comma separators: 2131 → "2,131".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
