package aws

import (
	"errors"
	"fmt"
	"strings"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/internal/shellquote"
)

// ErrNoCredentials reports that the SDK's credential chain found nothing.
var ErrNoCredentials = errors.New("no AWS credentials found: set AWS_PROFILE or use --aws-profile, " +
	"export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance role is available")

// ErrNotFound matches (errors.Is) errors for IAM entities that do not exist.
// The SDK's error stays reachable with errors.As.
var ErrNotFound = errors.New("not found")

// SSOExpiredError reports that the profile uses IAM Identity Center (SSO) and
// its cached token is missing or expired. The fix is a device-code login,
// which works on a bastion without a browser; its form depends on the
// installed aws CLI, which Connect asks.
type SSOExpiredError struct {
	Profile string
	Err     error // the SDK's cause, for errors.As; never printed
	cli     deviceCodeFlag
}

func (e *SSOExpiredError) Error() string {
	if e.cli == deviceCodeUnknown {
		return fmt.Sprintf("the AWS SSO session for profile %q has expired or was never started; sign in with:  %s  (aws CLI 2.22 or later), or:  %s  (earlier versions)",
			e.Profile, e.deviceCodeCommand(), e.plainCommand())
	}
	return fmt.Sprintf("the AWS SSO session for profile %q has expired or was never started; sign in with:  %s",
		e.Profile, e.LoginCommand())
}

// LoginCommand is the exact command that renews the session without opening
// a browser, in the form the installed aws CLI accepts: --use-device-code
// from 2.22 on, none before (where a device code is the default). When the
// version is unknown it is the current form; Error then names both.
func (e *SSOExpiredError) LoginCommand() string {
	if e.cli == deviceCodeRefused {
		return e.plainCommand()
	}
	return e.deviceCodeCommand()
}

func (e *SSOExpiredError) deviceCodeCommand() string { return e.plainCommand() + " --use-device-code" }

func (e *SSOExpiredError) plainCommand() string {
	return "aws sso login --profile " + shellquote.Quote(e.Profile)
}

func (e *SSOExpiredError) Unwrap() error { return e.Err }

// WrongAccountError reports that the credentials belong to another account
// than the one the wizard works in.
type WrongAccountError struct {
	Got, Want  string
	IsAccountA bool
	ARN        string // the caller, as GetCallerIdentity answered
}

func (e *WrongAccountError) Error() string {
	who := e.ARN
	if who == "" {
		who = "account " + e.Got
	}
	switch {
	case e.IsAccountA && e.Want != "":
		return fmt.Sprintf("signed in as %s, which is Account A (%s); the role and policy belong in Account B (%s): choose Account B's profile",
			who, e.Got, e.Want)
	case e.IsAccountA:
		return fmt.Sprintf("signed in as %s, which is Account A (%s); the role and policy belong in Account B: choose Account B's profile",
			who, e.Got)
	default:
		return fmt.Sprintf("signed in as %s in account %s, but Account B is %s: choose the profile for %s", who, e.Got, e.Want, e.Want)
	}
}

// TrustChangedError refuses a trust-policy update because the role's trust
// policy changed after the preview was shown. Diff goes from Current to the
// document that would have been written, so it can be shown and confirmed again.
type TrustChangedError struct {
	Role    string
	Current string
	Diff    iampolicy.Diff
}

func (e *TrustChangedError) Error() string {
	return fmt.Sprintf("someone changed the trust policy of role %s after it was previewed (%d lines added, %d removed) and nothing was written; preview the step again (retry, or run again) to see the policy as it is now and confirm that",
		e.Role, e.Diff.Added, e.Diff.Removed)
}

// RoleNotEmptyError refuses to delete a role that still has policies bslwiz
// did not detach: deleting would need their removal, which is the caller's call.
type RoleNotEmptyError struct {
	Role               string
	AttachedPolicyARNs []string
	InlinePolicies     []string
}

func (e *RoleNotEmptyError) Error() string {
	var parts []string
	if len(e.AttachedPolicyARNs) > 0 {
		parts = append(parts, "attached policies "+strings.Join(e.AttachedPolicyARNs, ", "))
	}
	if len(e.InlinePolicies) > 0 {
		parts = append(parts, "inline policies "+strings.Join(e.InlinePolicies, ", "))
	}
	return fmt.Sprintf("role %s still has %s; detach or delete them first (bslwiz removes only what it attached)",
		e.Role, strings.Join(parts, " and "))
}

// PolicyInUseError refuses to delete a managed policy still attached somewhere.
type PolicyInUseError struct {
	ARN         string
	Attachments int32
}

func (e *PolicyInUseError) Error() string {
	return fmt.Sprintf("policy %s is still attached to %d users, groups or roles; detach it first", e.ARN, e.Attachments)
}

// notFoundError marks an SDK error as ErrNotFound without hiding it.
type notFoundError struct{ err error }

func (e notFoundError) Error() string        { return e.err.Error() }
func (e notFoundError) Unwrap() error        { return e.err }
func (e notFoundError) Is(target error) bool { return target == ErrNotFound }

// apiErrorCode returns the AWS error code ("NoSuchEntity", ...) or "".
func apiErrorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func isNoSuchEntity(err error) bool {
	var nse *iamtypes.NoSuchEntityException
	return errors.As(err, &nse) || apiErrorCode(err) == "NoSuchEntity"
}

func isConcurrentModification(err error) bool {
	var cm *iamtypes.ConcurrentModificationException
	return errors.As(err, &cm) || apiErrorCode(err) == "ConcurrentModification"
}

func isEntityAlreadyExists(err error) bool {
	var eae *iamtypes.EntityAlreadyExistsException
	return errors.As(err, &eae) || apiErrorCode(err) == "EntityAlreadyExists"
}

// isInvalidPrincipal matches the error IAM gives while a principal named in a
// trust policy is still propagating (or does not exist at all).
func isInvalidPrincipal(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "MalformedPolicyDocument" &&
		strings.Contains(ae.ErrorMessage(), "Invalid principal in policy")
}
