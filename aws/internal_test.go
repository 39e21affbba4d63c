package aws

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go/logging"

	"github.com/bslwiz/bslwiz/internal/fakeclock"
)

func TestDecodeDocument(t *testing.T) {
	tests := []struct{ in, want string }{
		{"%7B%22Version%22%3A%222012-10-17%22%7D", `{"Version":"2012-10-17"}`},
		{"%7B%22a%22%3A%22x%2By%20z%22%7D", `{"a":"x+y z"}`},
		{"%7B%22a%22%3A%22x+y%22%7D", `{"a":"x y"}`}, // form encoding of a space
		{` {"a":"100%"}`, ` {"a":"100%"}`},           // already plain JSON
	}
	for _, tt := range tests {
		got, err := decodeDocument(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("decodeDocument(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := decodeDocument("%7B%zz"); err == nil {
		t.Error("a broken escape was accepted")
	}
}

func TestOlderVersion(t *testing.T) {
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	v := func(id string, at time.Time) iamtypes.PolicyVersion {
		return iamtypes.PolicyVersion{VersionId: sdkaws.String(id), CreateDate: sdkaws.Time(at)}
	}
	versions := []iamtypes.PolicyVersion{
		v("v12", day), v("v3", day), v("v2", day.Add(time.Hour)), v("v1", day.Add(-time.Hour)),
	}
	sort.Slice(versions, func(i, j int) bool { return olderVersion(versions[i], versions[j]) })
	var got []string
	for _, x := range versions {
		got = append(got, *x.VersionId)
	}
	if want := []string{"v1", "v3", "v12", "v2"}; !slices.Equal(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}
}

// invalidPrincipal is the SDK's typed error for IAM's propagation answer.
func invalidPrincipal() error {
	return &iamtypes.MalformedPolicyDocumentException{
		Message: sdkaws.String(`Invalid principal in policy: "AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"`),
	}
}

func TestUntilPropagatedBacksOffUntilTheDeadline(t *testing.T) {
	clock := fakeclock.New(time.Unix(0, 0))
	c := &Client{opts: Options{PropagationTimeout: 30 * time.Second, Sleep: clock.Sleep, Now: clock.Now}.withDefaults()}
	var statuses []RetryStatus
	attempts := 0
	err := c.untilPropagated(context.Background(), func(s RetryStatus) { statuses = append(statuses, s) },
		func(context.Context) error { attempts++; return invalidPrincipal() })
	if !isInvalidPrincipal(err) {
		t.Fatalf("err = %v, want the last Invalid principal error", err)
	}
	// Waits 1, 2, 4, 8, 10 (cap), then the 5s left: attempts at 0, 1, 3, 7, 15, 25 and 30.
	var waits []time.Duration
	for i, s := range statuses {
		waits = append(waits, s.Wait)
		if s.Attempt != i+1 || s.Elapsed+s.Remaining != 30*time.Second || s.Err == nil {
			t.Errorf("status %d = %+v", i, s)
		}
	}
	want := []time.Duration{1, 2, 4, 8, 10, 5}
	for i := range want {
		want[i] *= time.Second
	}
	if attempts != 7 || !slices.Equal(waits, want) {
		t.Errorf("attempts = %d, waits = %v; want 7 attempts, waits %v", attempts, waits, want)
	}
}

func TestUntilPropagatedStopsOnOtherErrors(t *testing.T) {
	clock := fakeclock.New(time.Unix(0, 0))
	c := &Client{opts: Options{Sleep: clock.Sleep, Now: clock.Now}.withDefaults()}
	other := errors.New("AccessDenied")
	attempts := 0
	err := c.untilPropagated(context.Background(), nil, func(context.Context) error {
		attempts++
		if attempts < 3 {
			return invalidPrincipal()
		}
		return other
	})
	if !errors.Is(err, other) || attempts != 3 {
		t.Errorf("err = %v after %d attempts; want AccessDenied after 3", err, attempts)
	}
}

func TestUntilPropagatedHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := &Client{opts: Options{}.withDefaults()}
	err := c.untilPropagated(ctx, nil, func(context.Context) error { return invalidPrincipal() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestSDKWarningsGoOnlyWhereAsked(t *testing.T) {
	if _, ok := (Options{}).logger().(logging.Nop); !ok {
		t.Fatal("with no Log the SDK's warnings must be dropped, not written to stderr under the TUI")
	}
	var b strings.Builder
	(Options{Log: &b}).logger().Logf(logging.Warn, "falling back to IMDSv1")
	if !strings.Contains(b.String(), "falling back to IMDSv1") {
		t.Fatalf("Log got %q", b.String())
	}
}

func TestUntilPropagatedDoesNotRetryAnInvalidPrincipalThatIsAUniqueID(t *testing.T) {
	clock := fakeclock.New(time.Unix(0, 0))
	c := &Client{opts: Options{Sleep: clock.Sleep, Now: clock.Now}.withDefaults()}
	deleted := &iamtypes.MalformedPolicyDocumentException{
		Message: sdkaws.String(`Invalid principal in policy: "AWS":"AROA3XFRBF535PLBIFPI4"`),
	}
	attempts := 0
	err := c.untilPropagated(context.Background(), nil, func(context.Context) error { attempts++; return deleted })
	if !errors.Is(err, deleted) || attempts != 1 {
		t.Errorf("err = %v after %d attempts; want the MalformedPolicyDocument after 1", err, attempts)
	}
}
