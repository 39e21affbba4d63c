package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// This file keeps the live checks honest: a check asks nothing remote about
// a value that breaks a local rule (it shows the rule), a change IAM is
// still propagating is "waiting", not a failure, a resource that is missing
// is said to be missing, and each result is one line with its detail kept
// apart for a face to show on request.

// brokenRule returns the first rule that one of the plan's fields (by key)
// breaks, as a check's result, and true; the check then makes no call: an
// AWS or Palette answer about such a value (a 70-character role name sent
// to GetRole) says less than the rule does.
func (s *Session) brokenRule(keys ...string) (CheckResult, bool) {
	p := s.Plan()
	for _, k := range keys {
		f, ok := FieldByKey(k)
		if !ok {
			continue
		}
		if _, err := f.Check(&p); err != nil {
			reason := err.Error()
			var re *rules.Error
			if errors.As(err, &re) && re.Rule != "" {
				reason = f.Label + " " + re.Rule // the value is in the field, and in Detail
			}
			return CheckResult{Status: StatusFail, Reason: reason + "; not asked remotely",
				Detail: fmt.Sprintf("%v (--%s, $%s); no remote check runs until it follows the rule", err, f.Flag, f.Env)}, true
		}
	}
	return CheckResult{}, false
}

// propagating reports whether bslwiz changed IAM recently enough that a
// refusal may only be the change still reaching STS, and since when.
func (s *Session) propagating() (since string, ok bool) {
	j := s.journal()
	if j == nil {
		return "", false
	}
	last := j.Snapshot().LastIAMChange
	if last.IsZero() || s.now().Sub(last) > s.PropagationTimeout {
		return "", false
	}
	return last.Local().Format("15:04:05"), true
}

// waiting is a check that cannot pass yet and is not failing: IAM is
// propagating. It is pending, shown as waiting.
func waiting(reason string, a ...any) CheckResult {
	return CheckResult{Status: StatusPending, Reason: "waiting: " + fmt.Sprintf(reason, a...)}
}

// failErr is a failed check for err: a one-line reason (the service's code
// and message, without the SDK's wrapping), and the whole error as detail.
func failErr(what string, err error) CheckResult {
	r := fail("%s", shortReason(what, err))
	r.Detail = err.Error()
	return r
}

// shortReason is err in one short line.
func shortReason(what string, err error) string {
	prefix := ""
	if what != "" {
		prefix = what + ": "
	}
	var (
		ae smithy.APIError
		pe *palette.APIError
	)
	switch {
	case errors.As(err, &pe):
		msg := pe.Message
		if msg == "" {
			msg = pe.Code
		}
		return fmt.Sprintf("%sPalette answered %d: %s", prefix, pe.Status, msg)
	case errors.As(err, &ae):
		if m := strings.TrimSpace(ae.ErrorMessage()); m != "" {
			return fmt.Sprintf("%s%s: %s", prefix, ae.ErrorCode(), m)
		}
		return prefix + ae.ErrorCode()
	}
	return prefix + firstLine(err.Error())
}

// roleMissing is the result for a role GetRole or the simulator did not
// find: not made yet before the role step is done, and missing after it.
func (s *Session) roleMissing(name string) CheckResult {
	if !s.stepDone(StepRole) {
		return skip("role %s does not exist yet (%s creates it)", name, s.stepRef(StepRole))
	}
	r := fail("role %s is missing: %s made it, and it is gone; run bslwiz again to make it, or undo", name, s.stepRef(StepRole))
	r.Detail = "GetRole answered NoSuchEntity for " + name + ": the role was deleted after this run made or adopted it"
	return r
}

// isMissing reports whether err says the entity asked about does not exist.
func isMissing(err error) bool {
	var ae smithy.APIError
	return errors.Is(err, aws.ErrNotFound) || (errors.As(err, &ae) && ae.ErrorCode() == "NoSuchEntity")
}

// roleGone reports whether the plan's role is known to be missing (a
// GetRole after a refusal): a validate that fails for that is neither
// waiting for IAM nor Palette's fault.
func (s *Session) roleGone(ctx context.Context) bool {
	c := s.connectedAWS()
	if c == nil || s.Plan().RoleName == "" {
		return false
	}
	_, err := c.GetRole(ctx, s.Plan().RoleName)
	return isMissing(err)
}

// PermissionsDeniedError is the review of the role finding actions of the
// guide that its policies (or its permissions boundary) deny: the plan
// cannot work as it is, a failed check (exit 3), not an error.
type PermissionsDeniedError struct {
	Role   string
	Denied []string // "s3:PutObject on arn:aws:s3:::b/*: implicitDeny"
}

func (e *PermissionsDeniedError) Error() string {
	return fmt.Sprintf("the policies of role %s do not allow %s of the guide; attach the guide's policy, or lift the permissions boundary that denies them:\n  %s",
		e.Role, Plural(len(e.Denied), "action"), strings.Join(e.Denied, "\n  "))
}
