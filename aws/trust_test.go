package aws_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

func TestUpdateTrustPolicyReadModifyWrite(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	ensureRole(t, c, roleSpec())

	before, err := c.GetTrustPolicy(ctx, roleName)
	if err != nil || !iampolicy.Equivalent(before, paletteTrust()) {
		t.Fatalf("GetTrustPolicy = %q, %v", before, err)
	}
	after := withAccountA(t, before, accountA)
	if err := c.UpdateTrustPolicy(ctx, roleName, before, after, nil); err != nil {
		t.Fatalf("UpdateTrustPolicy: %v", err)
	}
	if got, _ := c.GetTrustPolicy(ctx, roleName); !iampolicy.Equivalent(got, after) {
		t.Errorf("trust after the update = %s", got)
	}

	// Applying the same change again (a resumed run) writes nothing.
	w.emu.ResetCalls()
	if err := c.UpdateTrustPolicy(ctx, roleName, before, after, nil); err != nil {
		t.Fatalf("repeated UpdateTrustPolicy: %v", err)
	}
	if m := w.mutations(); len(m) != 0 {
		t.Errorf("the repeated update wrote: %+v", m)
	}

	// Undo: the same call with the documents swapped restores the original.
	if err := c.UpdateTrustPolicy(ctx, roleName, after, before, nil); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got, _ := c.GetTrustPolicy(ctx, roleName); !iampolicy.Equivalent(got, before) {
		t.Errorf("trust after the restore = %s", got)
	}
}

func TestUpdateTrustPolicyRefusesAConcurrentChange(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	ensureRole(t, c, roleSpec())
	previewed, _ := c.GetTrustPolicy(ctx, roleName)
	after := withAccountA(t, previewed, accountA)

	// Someone else appends another principal after the preview was shown.
	colleague := w.connect()
	theirs := withAccountA(t, previewed, paletteAccount)
	if err := colleague.UpdateTrustPolicy(ctx, roleName, previewed, theirs, nil); err != nil {
		t.Fatal(err)
	}

	w.emu.ResetCalls()
	err := c.UpdateTrustPolicy(ctx, roleName, previewed, after, nil)
	var changed *bslaws.TrustChangedError
	if !errors.As(err, &changed) {
		t.Fatalf("UpdateTrustPolicy = %v, want *TrustChangedError", err)
	}
	if !iampolicy.Equivalent(changed.Current, theirs) || changed.Diff.Empty() || changed.Role != roleName {
		t.Errorf("TrustChangedError = %+v", changed)
	}
	if want := iampolicy.LineDiff(theirs, after, 3); changed.Diff.Unified() != want.Unified() {
		t.Errorf("diff is not current → after:\n%s\nwant:\n%s", changed.Diff.Unified(), want.Unified())
	}
	if m := w.mutations(); len(m) != 0 {
		t.Errorf("the refused update wrote: %+v", m)
	}
}

func TestUpdateTrustPolicyChecksTheSizeQuota(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.connect()
	ensureRole(t, c, roleSpec())
	before, _ := c.GetTrustPolicy(ctx, roleName)
	// Trust Account A's roles one by one until the document passes the default quota.
	big := before
	for i := 0; iampolicy.NonWhitespaceLen(big) <= iampolicy.TrustSizeDefault; i++ {
		name := fmt.Sprintf("ClusterNodeRole%02d", i)
		w.emu.AddRole(accountA, name, paletteTrust())
		big = withAccountA(t, big, "arn:aws:iam::"+accountA+":role/"+name)
	}

	w.emu.ResetCalls()
	err := c.UpdateTrustPolicy(ctx, roleName, before, big, nil)
	if err == nil || !strings.Contains(err.Error(), "2,048") {
		t.Fatalf("UpdateTrustPolicy of %d characters = %v, want the quota error", iampolicy.NonWhitespaceLen(big), err)
	}
	if calls := statusesOf(w.emu.Calls(), "iam:UpdateAssumeRolePolicy"); len(calls) != 0 {
		t.Errorf("an oversized document was sent: %v", calls)
	}

	// With the quota raised in the client but not in the account, IAM says no.
	raised := w.connect(func(o *bslaws.Options) { o.TrustSizeLimit = iampolicy.TrustSizeMax })
	err = raised.UpdateTrustPolicy(ctx, roleName, before, big, nil)
	var limit *iamtypes.LimitExceededException
	if !errors.As(err, &limit) || !strings.Contains(err.Error(), "ACLSizePerRole") {
		t.Errorf("UpdateTrustPolicy over the account quota = %v, want LimitExceeded", err)
	}
	w.emu.SetTrustPolicySizeLimit(accountB, iampolicy.TrustSizeMax)
	if err := raised.UpdateTrustPolicy(ctx, roleName, before, big, nil); err != nil {
		t.Errorf("UpdateTrustPolicy within a raised quota: %v", err)
	}
}

// accountARole creates Account A's SpectroCloudRole through IAM, so that it is
// subject to the emulator's propagation delay, and returns its ARN.
func accountARole(t *testing.T, w *world) string {
	t.Helper()
	aAdmin := w.emu.AddUser(accountA, "admin", awstest.AdminPolicy())
	ca, err := bslaws.Connect(context.Background(), w.options(aAdmin))
	if err != nil {
		t.Fatal(err)
	}
	spec := bslaws.RoleSpec{Name: "SpectroCloudRole", TrustPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}
	r, err := ca.EnsureRole(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return r.ARN
}

func TestUpdateTrustPolicyWaitsForPrincipalPropagation(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	ensureRole(t, c, roleSpec())
	w.emu.SetPropagationDelay(20 * time.Second)
	principal := accountARole(t, w) // invisible as a principal for 20s

	before, _ := c.GetTrustPolicy(ctx, roleName)
	after := withAccountA(t, before, principal)
	start := w.clock.Now()
	var statuses []bslaws.RetryStatus
	err := c.UpdateTrustPolicy(ctx, roleName, before, after, func(s bslaws.RetryStatus) { statuses = append(statuses, s) })
	if err != nil {
		t.Fatalf("UpdateTrustPolicy: %v", err)
	}
	if waited := w.clock.Now().Sub(start); waited < 20*time.Second || waited > 40*time.Second {
		t.Errorf("waited %s for a 20s propagation", waited)
	}
	if len(statuses) < 2 {
		t.Fatalf("progress statuses = %+v, want several retries", statuses)
	}
	for i, s := range statuses {
		var ae smithy.APIError
		if s.Attempt != i+1 || s.Remaining+s.Elapsed != bslaws.DefaultPropagationTimeout || !errors.As(s.Err, &ae) ||
			!strings.Contains(ae.ErrorMessage(), "Invalid principal in policy") {
			t.Errorf("status %d = %+v", i, s)
		}
	}
	if got, _ := c.GetTrustPolicy(ctx, roleName); !iampolicy.Equivalent(got, after) {
		t.Errorf("trust after propagation = %s", got)
	}
	failed := 0
	for _, st := range statusesOf(w.emu.Calls(), "iam:UpdateAssumeRolePolicy") {
		if st == 400 {
			failed++
		}
	}
	if failed != len(statuses) {
		t.Errorf("%d rejected updates, %d progress reports", failed, len(statuses))
	}
}

func TestEnsureRoleWaitsForPrincipalPropagation(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	w.emu.SetPropagationDelay(5 * time.Second)
	principal := accountARole(t, w)
	spec := roleSpec()
	spec.TrustPolicy = withAccountA(t, spec.TrustPolicy, principal)
	retries := 0
	spec.Progress = func(bslaws.RetryStatus) { retries++ }
	r := ensureRole(t, c, spec)
	if !r.Created || retries == 0 || !iampolicy.Equivalent(r.TrustPolicy, spec.TrustPolicy) {
		t.Errorf("role = %+v after %d retries", r, retries)
	}
}

func TestInvalidPrincipalGivesUpAtThePropagationTimeout(t *testing.T) {
	w := newWorld(t)
	c := w.connect(func(o *bslaws.Options) { o.PropagationTimeout = 30 * time.Second })
	ctx := context.Background()
	ensureRole(t, c, roleSpec())
	before, _ := c.GetTrustPolicy(ctx, roleName)
	after := withAccountA(t, before, "arn:aws:iam::"+accountA+":role/DoesNotExist")
	start := w.clock.Now()
	err := c.UpdateTrustPolicy(ctx, roleName, before, after, nil)
	var malformed *iamtypes.MalformedPolicyDocumentException
	if !errors.As(err, &malformed) || !strings.Contains(err.Error(), "principal still invalid after") {
		t.Fatalf("err = %v, want the last MalformedPolicyDocument after the timeout", err)
	}
	if waited := w.clock.Now().Sub(start); waited != 30*time.Second {
		t.Errorf("gave up after %s, want 30s", waited)
	}
}

func TestUpdateTrustPolicyOfAMissingRole(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	err := c.UpdateTrustPolicy(context.Background(), "absent", paletteTrust(), withAccountA(t, paletteTrust(), accountA), nil)
	if !errors.Is(err, bslaws.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestUpdateTrustPolicyRereadsOnEveryPropagationRetry(t *testing.T) {
	w := newWorld(t)
	c := w.connect()
	ctx := context.Background()
	ensureRole(t, c, roleSpec())
	w.emu.SetPropagationDelay(20 * time.Second)
	principal := accountARole(t, w) // invisible as a principal for 20s

	before, _ := c.GetTrustPolicy(ctx, roleName)
	after := withAccountA(t, before, principal)
	colleague := withStatement(t, before, `{"Sid":"Lambda","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}`)
	added := false
	err := c.UpdateTrustPolicy(ctx, roleName, before, after, func(bslaws.RetryStatus) {
		if !added { // while bslwiz waits, a colleague edits the trust policy
			added = true
			if err := c.UpdateTrustPolicy(ctx, roleName, before, colleague, nil); err != nil {
				t.Errorf("colleague's edit: %v", err)
			}
		}
	})
	var changed *bslaws.TrustChangedError
	if !errors.As(err, &changed) {
		t.Fatalf("err = %v, want *TrustChangedError", err)
	}
	if got, _ := c.GetTrustPolicy(ctx, roleName); !strings.Contains(got, "lambda.amazonaws.com") {
		t.Fatalf("the colleague's statement was overwritten:\n%s", got)
	}
}

func withStatement(t *testing.T, doc, stmt string) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	var s any
	if err := json.Unmarshal([]byte(stmt), &s); err != nil {
		t.Fatal(err)
	}
	list, ok := d["Statement"].([]any)
	if !ok {
		list = []any{d["Statement"]}
	}
	d["Statement"] = append(list, s)
	b, _ := json.Marshal(d)
	return string(b)
}

// colleague is an HTTP transport that, once, right after bslwiz's trust
// write has been answered, writes the trust policy as another admin would
// from the document they read before it: without bslwiz's statement.
type colleague struct {
	next  http.RoundTripper
	once  sync.Once
	write func()
}

func (c *colleague) RoundTrip(r *http.Request) (*http.Response, error) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	res, err := c.next.RoundTrip(r)
	if err == nil && bytes.Contains(body, []byte("Action=UpdateAssumeRolePolicy")) {
		c.once.Do(c.write)
	}
	return res, err
}

func TestATrustWriteThatRacesAnotherKeepsBothEdits(t *testing.T) {
	w := newWorld(t)
	admin := w.connect()
	ctx := context.Background()
	ensureRole(t, admin, roleSpec())
	before, err := admin.GetTrustPolicy(ctx, roleName)
	if err != nil {
		t.Fatal(err)
	}
	ops := `{"Sid":"Ops","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
	theirs := strings.Replace(before, `]}`, ","+ops+`]}`, 1)
	tr := &colleague{next: http.DefaultTransport, write: func() {
		if err := admin.UpdateTrustPolicy(ctx, roleName, mustRead(t, admin), theirs, nil); err != nil {
			t.Errorf("the colleague's write: %v", err)
		}
	}}
	c := w.connect(func(o *bslaws.Options) { o.HTTPClient = &http.Client{Transport: tr} })
	after := withAccountA(t, before, accountA)
	if err := c.UpdateTrustPolicy(ctx, roleName, before, after, nil); err != nil {
		t.Fatalf("UpdateTrustPolicy: %v", err)
	}
	// The colleague's write lands after bslwiz's: Account A's statement is gone.
	if got := mustRead(t, admin); strings.Contains(got, accountA) {
		t.Fatalf("the race did not happen: %s", got)
	}
	restored, base, err := c.ReconcileTrust(ctx, roleName, before, after, nil)
	if err != nil || restored != 1 || !iampolicy.Equivalent(base, theirs) {
		t.Fatalf("ReconcileTrust = %d, %v (base %s)", restored, err, base)
	}
	got := mustRead(t, admin)
	for _, want := range []string{accountA, "ec2.amazonaws.com", "210987654321"} {
		if !strings.Contains(got, want) {
			t.Errorf("after reconciling, the trust lacks %s: %s", want, got)
		}
	}
	if n, _, err := c.ReconcileTrust(ctx, roleName, before, after, nil); n != 0 || err != nil {
		t.Fatalf("a second reconcile restored %d (%v)", n, err)
	}
}

func mustRead(t *testing.T, c *bslaws.Client) string {
	t.Helper()
	doc, err := c.GetTrustPolicy(context.Background(), roleName)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
