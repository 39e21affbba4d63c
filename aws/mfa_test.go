package aws_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bslaws "github.com/bslwiz/bslwiz/aws"
)

// mfaProfile writes a shared config whose profile "admin-mfa" assumes role mfa-admin in
// Account B, which trusts user alice only with MFA, from alice's keys and her MFA device.
func mfaProfile(t *testing.T, w *world, code string) (serial string) {
	t.Helper()
	alice := w.emu.AddUser(accountB, "alice")
	serial = w.emu.AddMFADevice(accountB, "alice", code)
	w.emu.AddRole(accountB, "mfa-admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+accountB+`:user/alice"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	// The SDK builds the role's STS client before it reads AWS_ENDPOINT_URL: only the
	// service-specific variable reaches it.
	t.Setenv("AWS_ENDPOINT_URL", w.srv.URL)
	t.Setenv("AWS_ENDPOINT_URL_STS", w.srv.URL)
	home := os.Getenv("HOME")
	writeFile(t, filepath.Join(home, "config"), `[profile alice]
region = `+bucketRegion+`

[profile admin-mfa]
role_arn = arn:aws:iam::`+accountB+`:role/mfa-admin
source_profile = alice
mfa_serial = `+serial+`
region = `+bucketRegion+`
`)
	writeFile(t, filepath.Join(home, "credentials"), "[alice]\naws_access_key_id = "+alice.AccessKeyID+"\naws_secret_access_key = "+alice.SecretAccessKey+"\n")
	return serial
}

func mfaOptions(code func(string) (string, error)) bslaws.Options {
	return bslaws.Options{Profile: "admin-mfa", CallTimeout: 5 * time.Second, MaxBackoff: 5 * time.Millisecond, MFACode: code}
}

func TestAnMFAProfileSignsInWithTheCodeItIsAskedFor(t *testing.T) {
	w := newWorld(t)
	serial := mfaProfile(t, w, "314159")
	var asked []string
	c, err := bslaws.Connect(context.Background(), mfaOptions(func(s string) (string, error) {
		asked = append(asked, s)
		return "314159", nil
	}))
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	if got := c.Identity().ARN; !strings.HasPrefix(got, "arn:aws:sts::"+accountB+":assumed-role/mfa-admin/") {
		t.Errorf("signed in as %s", got)
	}
	if len(asked) != 1 || asked[0] != serial {
		t.Errorf("asked for codes of %q, want once for %s", asked, serial)
	}
}

func TestAWrongMFACodeIsAccessDeniedAndNeverInTheError(t *testing.T) {
	w := newWorld(t)
	mfaProfile(t, w, "314159")
	_, err := bslaws.Connect(context.Background(), mfaOptions(func(string) (string, error) { return "271828", nil }))
	if err == nil || !strings.Contains(err.Error(), "invalid MFA one time pass code") || strings.Contains(err.Error(), "271828") {
		t.Fatalf("Connect = %v, want STS's AccessDenied for the code, without the code", err)
	}
}

func TestAnMFAProfileWithNobodyToAskNamesTheWaysOut(t *testing.T) {
	w := newWorld(t)
	mfaProfile(t, w, "314159")
	_, err := bslaws.Connect(context.Background(), mfaOptions(nil))
	var mfa *bslaws.MFARequiredError
	if !errors.As(err, &mfa) || mfa.Profile != "admin-mfa" {
		t.Fatalf("Connect = %v, want *MFARequiredError for admin-mfa", err)
	}
	for _, want := range []string{"run bslwiz in a terminal", "aws sts get-session-token"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestAnMFAProfileIsKnownBeforeSigningIn(t *testing.T) {
	w := newWorld(t)
	mfaProfile(t, w, "314159")
	ctx := context.Background()
	if !bslaws.ProfileNeedsMFA(ctx, bslaws.Options{Profile: "admin-mfa"}) {
		t.Error("admin-mfa has mfa_serial, yet needs no code")
	}
	if bslaws.ProfileNeedsMFA(ctx, bslaws.Options{Profile: "alice"}) {
		t.Error("alice has keys and no mfa_serial, yet needs a code")
	}
	if bslaws.ProfileNeedsMFA(ctx, bslaws.Options{Profile: "admin-mfa", Credentials: w.options(w.admin).Credentials}) {
		t.Error("explicit credentials read no profile, yet a code is needed")
	}
}

func TestOnlyAWrongCodeIsARefusedCode(t *testing.T) {
	w := newWorld(t)
	mfaProfile(t, w, "314159")
	_, err := bslaws.Connect(context.Background(), mfaOptions(func(string) (string, error) { return "271828", nil }))
	if !bslaws.IsMFACodeRefused(err) {
		t.Errorf("IsMFACodeRefused(%v) = false for a wrong code", err)
	}
	if bslaws.IsMFACodeRefused(errors.New("AccessDenied: not authorized to perform sts:AssumeRole")) {
		t.Error("a plain error is a refused code")
	}
}

// A person slower to type the code than the call timeout still signs in:
// the timeout bounds the AssumeRole call after the answer, not the person.
// (It once bounded both, so a code typed after 30 s failed the sign-in.)
func TestAnMFACodeTypedAfterTheCallTimeoutStillSignsIn(t *testing.T) {
	w := newWorld(t)
	mfaProfile(t, w, "314159")
	o := mfaOptions(func(string) (string, error) {
		<-time.After(1500 * time.Millisecond) // the person, slower than the call timeout
		return "314159", nil
	})
	o.CallTimeout = time.Second
	if _, err := bslaws.Connect(context.Background(), o); err != nil {
		t.Fatalf("Connect with a code typed after the call timeout: %v", err)
	}
}
