package awstest_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestReadOnlyCallsChangeNothing(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	roleARN, session := setupBackupRole(t, w)
	if _, err := w.s3(session, bucketRegion).PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String("k"), Body: strings.NewReader("v")}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	before := w.emu.Snapshot()
	w.emu.ResetCalls()
	w.clock.Advance(time.Minute)

	c := w.iam(w.adminB)
	readOnly := []func() error{
		func() error {
			_, err := w.sts(w.adminB).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		},
		func() error {
			_, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(backupRole)})
			return err
		},
		func() error { _, err := c.ListRoles(ctx, &iam.ListRolesInput{}); return err },
		func() error { _, err := c.ListPolicies(ctx, &iam.ListPoliciesInput{}); return err },
		func() error {
			_, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: sdkaws.String(backupRole)})
			return err
		},
		func() error {
			_, err := c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: &roleARN, ActionNames: []string{"s3:GetObject"}})
			return err
		},
		func() error { _, err := w.assume(ctx, w.palette, roleARN, externalID); return err },
		func() error {
			_, err := w.s3(session, bucketRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
			return err
		},
		func() error {
			_, err := w.s3(session, bucketRegion).ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: sdkaws.String(bucketName)})
			return err
		},
	}
	for i, call := range readOnly {
		if err := call(); err != nil {
			t.Fatalf("read-only call %d: %v", i, err)
		}
	}
	if after := w.emu.Snapshot(); !reflect.DeepEqual(before, after) {
		t.Errorf("read-only calls changed the state:\nbefore %+v\nafter  %+v", before, after)
	}
	if m := w.emu.MutatingCalls(); len(m) != 0 {
		t.Errorf("mutating calls recorded: %+v", m)
	}
	if n := len(w.emu.Calls()); n != len(readOnly) {
		t.Errorf("%d calls recorded, want %d", n, len(readOnly))
	}

	// A mutation shows up in both.
	if _, err := c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: sdkaws.String(backupRole), MaxSessionDuration: sdkaws.Int32(60)}); apiCode(err) != "ValidationError" {
		t.Errorf("UpdateRole with a 60s maximum: %v", err)
	}
	if !reflect.DeepEqual(before, w.emu.Snapshot()) {
		t.Error("a failed mutation changed the state")
	}
	if m := w.emu.MutatingCalls(); len(m) != 1 || m[0].Action != "UpdateRole" || m[0].Status != 400 {
		t.Errorf("mutating calls = %+v", m)
	}
	if _, err := c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: sdkaws.String(backupRole), Description: sdkaws.String("changed")}); err != nil {
		t.Fatalf("UpdateRole: %v", err)
	}
	if reflect.DeepEqual(before, w.emu.Snapshot()) {
		t.Error("UpdateRole did not change the snapshot")
	}
}

func TestSnapshotIsADeepCopyAndSerializable(t *testing.T) {
	w := newWorld(t)
	setupBackupRole(t, w)
	s := w.emu.Snapshot()
	a, _ := s.Account(accountB)
	r, ok := a.Role(backupRole)
	if !ok || len(r.AttachedPolicies) != 1 || r.TrustPolicy != paletteTrust() || r.ARN != "arn:aws:iam::111122223333:role/"+backupRole {
		t.Fatalf("role snapshot = %+v", r)
	}
	r.AttachedPolicies[0] = "mutated"
	if a2, _ := w.emu.Snapshot().Account(accountB); a2.Roles[0].AttachedPolicies[0] == "mutated" {
		t.Error("mutating a snapshot changed the emulator")
	}
	p, ok := a.Policy("bslwiz-velero")
	if !ok || p.DefaultVersion != "v1" || len(p.Versions) != 1 || p.Versions[0].Document != guidePolicy(bucketName) {
		t.Errorf("policy snapshot = %+v", p)
	}
	data, err := json.Marshal(w.emu.Snapshot())
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var back awstest.State
	if err := json.Unmarshal(data, &back); err != nil || !reflect.DeepEqual(back, w.emu.Snapshot()) {
		t.Errorf("JSON round trip differs (%v)", err)
	}
	for _, secret := range []string{w.adminB.SecretAccessKey, w.palette.SecretAccessKey} {
		if strings.Contains(string(data), secret) {
			t.Error("a secret key is part of the snapshot")
		}
	}
}
