package awstest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// countCalls counts recorded calls of one action with a status.
func countCalls(e *awstest.Emulator, action string, status int) int {
	n := 0
	for _, c := range e.Calls() {
		if c.Action == action && c.Status == status {
			n++
		}
	}
	return n
}

func TestFaultsAreRetriedByTheStandardRetryer(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.createRole(t, backupRole, paletteTrust())
	tests := []struct {
		name   string
		op     string
		fault  awstest.Fault
		call   func() error
		action string
		status int
	}{
		{"IAM throttling", "iam:GetRole", awstest.Fault{Throttle: 2}, func() error {
			_, err := w.iam(w.adminB).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(backupRole)})
			return err
		}, "GetRole", 400},
		{"IAM server error", "iam:GetRole", awstest.Fault{ServerError: 2}, func() error {
			_, err := w.iam(w.adminB).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(backupRole)})
			return err
		}, "GetRole", 500},
		{"STS throttling on every operation", "*", awstest.Fault{Throttle: 1}, func() error {
			_, err := w.sts(w.adminB).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		}, "GetCallerIdentity", 400},
		{"S3 slow down", "s3:HeadBucket", awstest.Fault{Throttle: 1}, func() error {
			_, err := w.s3(w.adminB, bucketRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
			return err
		}, "HeadBucket", 503},
		{"S3 internal error", "s3:PutObject", awstest.Fault{ServerError: 2}, func() error {
			_, err := w.s3(w.adminB, bucketRegion).PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("k"), Body: strings.NewReader("v")})
			return err
		}, "PutObject", 500},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.emu.ResetCalls()
			w.emu.SetFault(tc.op, tc.fault)
			defer w.emu.SetFault(tc.op, awstest.Fault{})
			if err := tc.call(); err != nil {
				t.Fatalf("call failed despite retries: %v", err)
			}
			want := tc.fault.Throttle + tc.fault.ServerError
			if got := countCalls(w.emu, tc.action, tc.status); got != want {
				t.Errorf("%d failed attempts with status %d, want %d (calls %+v)", got, tc.status, want, w.emu.Calls())
			}
			if got := countCalls(w.emu, tc.action, 200); got != 1 {
				t.Errorf("%d successful attempts, want 1", got)
			}
		})
	}
}

func TestFaultOutlastingRetries(t *testing.T) {
	w := newWorld(t)
	w.emu.SetFault("iam:CreateRole", awstest.Fault{Throttle: 10})
	_, err := w.iam(w.adminB).CreateRole(context.Background(), &iam.CreateRoleInput{
		RoleName: sdkaws.String("r"), AssumeRolePolicyDocument: sdkaws.String(paletteTrust()),
	})
	if apiCode(err) != "Throttling" || apiMessage(err) != "Rate exceeded" || httpStatus(err) != 400 {
		t.Fatalf("CreateRole after exhausting retries: %v", err)
	}
	if n := countCalls(w.emu, "CreateRole", 400); n != 3 {
		t.Errorf("%d attempts, want the standard retryer's 3", n)
	}
	for _, c := range w.emu.Calls() {
		if c.Action == "CreateRole" && (!c.Mutating || c.Caller != "arn:aws:iam::111122223333:user/b-admin" || c.Account != accountB) {
			t.Errorf("call record %+v", c)
		}
	}
	snap, _ := w.emu.Snapshot().Account(accountB)
	if _, exists := snap.Role("r"); exists {
		t.Error("a throttled CreateRole created the role")
	}
}

func TestLatency(t *testing.T) {
	w := newWorld(t)
	const delay = 150 * time.Millisecond
	w.emu.SetFault("sts:GetCallerIdentity", awstest.Fault{Latency: delay})
	start := time.Now()
	if _, err := w.sts(w.adminB).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if elapsed := time.Since(start); elapsed < delay {
		t.Errorf("call took %v, want at least %v", elapsed, delay)
	}
	// A caller's deadline shorter than the latency fails the call.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := w.sts(w.adminB).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err == nil {
		t.Error("call succeeded within a deadline shorter than the injected latency")
	}
	// Other operations are not slowed down.
	start = time.Now()
	if _, err := w.iam(w.adminB).GetUser(context.Background(), &iam.GetUserInput{}); err != nil || time.Since(start) >= delay {
		t.Errorf("GetUser took %v (%v)", time.Since(start), err)
	}
}

func TestPropagationDelay(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.emu.SetPropagationDelay(20 * time.Second)

	// A new role cannot be assumed until it has propagated.
	roleARN := w.createRole(t, backupRole, paletteTrust())
	if _, err := w.assume(ctx, w.palette, roleARN, externalID); apiCode(err) != "AccessDenied" {
		t.Fatalf("AssumeRole right after CreateRole: %v, want AccessDenied", err)
	}
	// IAM itself reads the new role at once.
	if _, err := w.iam(w.adminB).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(backupRole)}); err != nil {
		t.Fatalf("GetRole right after CreateRole: %v", err)
	}
	w.clock.Advance(19 * time.Second)
	if _, err := w.assume(ctx, w.palette, roleARN, externalID); apiCode(err) != "AccessDenied" {
		t.Fatalf("AssumeRole after 19s: %v, want AccessDenied", err)
	}
	w.clock.Advance(time.Second)
	if _, err := w.assume(ctx, w.palette, roleARN, externalID); err != nil {
		t.Fatalf("AssumeRole after 20s: %v", err)
	}

	// A trust change: AssumeRole evaluates the previous document until it propagates.
	withA := paletteTrust(`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`)
	if _, err := w.iam(w.adminB).UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyDocument: sdkaws.String(withA)}); err != nil {
		t.Fatalf("UpdateAssumeRolePolicy: %v", err)
	}
	if _, err := w.assume(ctx, w.clusterA, roleARN, ""); apiCode(err) != "AccessDenied" {
		t.Fatalf("Account A right after the trust change: %v, want AccessDenied", err)
	}
	if _, err := w.assume(ctx, w.palette, roleARN, externalID); err != nil {
		t.Fatalf("Palette keeps access under the previous trust document: %v", err)
	}
	w.clock.Advance(20 * time.Second)
	if _, err := w.assume(ctx, w.clusterA, roleARN, ""); err != nil {
		t.Fatalf("Account A after propagation: %v", err)
	}

	// A just-created role used as a principal elsewhere is an invalid principal until propagated.
	w.emu.AddAccount("555566667777")
	otherAdmin := w.emu.AddUser("555566667777", "admin", awstest.AdminPolicy())
	newPrincipal := w.createRole(t, "new-principal", paletteTrust())
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + newPrincipal + `"},"Action":"sts:AssumeRole"}]}`
	create := func() error {
		_, err := w.iam(otherAdmin).CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String("trusts-new"), AssumeRolePolicyDocument: sdkaws.String(trust)})
		return err
	}
	if err := create(); apiCode(err) != "MalformedPolicyDocument" || apiMessage(err) != `Invalid principal in policy: "AWS":"`+newPrincipal+`"` {
		t.Fatalf("CreateRole trusting a role that has not propagated: %v", err)
	}
	w.clock.Advance(20 * time.Second)
	if err := create(); err != nil {
		t.Fatalf("CreateRole trusting the propagated role: %v", err)
	}
}
