package awstest

import (
	"fmt"
	"net/http"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// AddMFADevice gives IAM user name in account a virtual MFA device whose one-time code is always
// code (six digits), and returns its serial number, arn:<partition>:iam::<account>:mfa/<name>, as a
// profile's mfa_serial names it. AssumeRole with that SerialNumber and TokenCode, called with the
// user's keys, sets aws:MultiFactorAuthPresent to true for the role's trust policy. It panics when
// the account or the user is unknown or the code is not six digits.
func (e *Emulator) AddMFADevice(accountID, name, code string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	u := a.users[nameKey(name)]
	if u == nil {
		panic(fmt.Sprintf("awstest: AddMFADevice: no user %s in %s", name, accountID))
	}
	if !tokenCodePattern.MatchString(code) {
		panic(fmt.Sprintf("awstest: AddMFADevice: code %q is not six digits", code))
	}
	u.mfaSerial = fmt.Sprintf("arn:%s:iam::%s:mfa/%s", a.partition, a.id, name)
	u.mfaCode = code
	return u.mfaSerial
}

var (
	tokenCodePattern    = lazyre.New(`^[0-9]{6}$`)
	serialNumberPattern = lazyre.New(`^[\w+=/:,.@-]{9,256}$`)
)

// checkMFA reads AssumeRole's SerialNumber and TokenCode and reports whether they prove MFA, with
// STS's answers: a malformed value is a ValidationError; a serial that is not the caller's device,
// or a code without a serial, is AccessDenied "unable to validate MFA code"; a wrong code is
// AccessDenied "invalid MFA one time pass code". Caller holds e.mu.
func checkMFA(q *request) (bool, *apiError) {
	serial, code := q.params.Get("SerialNumber"), q.params.Get("TokenCode")
	hasSerial, hasCode := q.params.Has("SerialNumber"), q.params.Has("TokenCode")
	switch {
	case !hasSerial && !hasCode:
		return false, nil
	case hasSerial && !serialNumberPattern.MatchString(serial):
		return false, validationError("Value '%s' at 'serialNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]*", serial)
	case hasCode && !tokenCodePattern.MatchString(code):
		return false, validationError("Value '%s' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*", code)
	}
	u := q.caller.user
	if !hasSerial || !hasCode || u == nil || u.mfaSerial == "" || u.mfaSerial != serial {
		return false, newError(http.StatusForbidden, "AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code.")
	}
	if code != u.mfaCode {
		return false, newError(http.StatusForbidden, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")
	}
	return true, nil
}
