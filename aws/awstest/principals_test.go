package awstest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestSessionPermissionsFollowTheRole(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	roleARN, session := setupBackupRole(t, w)
	put := func(c awstest.Credentials, key string) error {
		_, err := w.s3(c, bucketRegion).PutObject(ctx, &s3.PutObjectInput{Bucket: sdkaws.String(bucketName), Key: sdkaws.String(key), Body: strings.NewReader("x")})
		return err
	}
	if err := put(session, "a"); err != nil {
		t.Fatalf("PutObject: %v", err)
	}

	t.Run("session policy narrows the role", func(t *testing.T) {
		out, err := w.sts(w.palette).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: &roleARN, RoleSessionName: sdkaws.String("narrow"), ExternalId: sdkaws.String(externalID),
			Policy: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`)})
		if err != nil {
			t.Fatalf("AssumeRole with a session policy: %v", err)
		}
		narrow := awstest.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey, SessionToken: *out.Credentials.SessionToken}
		if err := put(narrow, "b"); apiCode(err) != "AccessDenied" {
			t.Errorf("PutObject outside the session policy: %v", err)
		}
		if status, _ := headBucket(t, w.s3(narrow, bucketRegion), bucketName); status != 200 {
			t.Errorf("HeadBucket inside both policies = %d", status)
		}
	})

	t.Run("permissions boundary caps the role", func(t *testing.T) {
		c := w.iam(w.adminB)
		b, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("read-only-boundary"),
			PolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}`)})
		if err != nil {
			t.Fatalf("CreatePolicy: %v", err)
		}
		if _, err := c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: sdkaws.String(backupRole), PermissionsBoundary: b.Policy.Arn}); err != nil {
			t.Fatalf("PutRolePermissionsBoundary: %v", err)
		}
		if err := put(session, "c"); apiCode(err) != "AccessDenied" {
			t.Errorf("PutObject outside the boundary: %v", err)
		}
		if _, err := c.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: sdkaws.String(backupRole)}); err != nil {
			t.Fatalf("DeleteRolePermissionsBoundary: %v", err)
		}
		if err := put(session, "c"); err != nil {
			t.Errorf("PutObject after the boundary is removed: %v", err)
		}
	})

	t.Run("a recreated role does not revive old sessions", func(t *testing.T) {
		c := w.iam(w.adminB)
		attached, _ := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: sdkaws.String(backupRole)})
		for _, p := range attached.AttachedPolicies {
			if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyArn: p.PolicyArn}); err != nil {
				t.Fatalf("DetachRolePolicy: %v", err)
			}
		}
		if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: sdkaws.String(backupRole)}); err != nil {
			t.Fatalf("DeleteRole: %v", err)
		}
		w.createRole(t, backupRole, paletteTrust())
		if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyArn: attached.AttachedPolicies[0].PolicyArn}); err != nil {
			t.Fatalf("AttachRolePolicy: %v", err)
		}
		if err := put(session, "d"); apiCode(err) != "AccessDenied" {
			t.Errorf("old session of a deleted role: %v", err)
		}
	})
}

func TestAnonymousHeadBucket(t *testing.T) {
	w := newWorld(t)
	// What manager.GetBucketRegion does: an unsigned HEAD, which S3 answers 403 with the region.
	resp, err := http.Head(w.srv.URL + "/" + bucketName)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("x-amz-bucket-region") != bucketRegion {
		t.Errorf("anonymous HEAD = %d %q", resp.StatusCode, resp.Header.Get("x-amz-bucket-region"))
	}
	resp, err = http.Head(w.srv.URL + "/no-such-bucket")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("anonymous HEAD of a missing bucket = %d", resp.StatusCode)
	}
	calls := w.emu.Calls()
	if len(calls) != 2 || calls[0].Service != "s3" || calls[0].Action != "HeadBucket" || calls[0].Caller != "" || calls[0].Status != 403 {
		t.Errorf("calls = %+v", calls)
	}
}

func TestPartitions(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	const govAccount = "123456789012"
	w.emu.AddAccountInPartition(govAccount, "aws-us-gov")
	gov := w.emu.AddUser(govAccount, "gov-admin", awstest.AdminPolicy())
	govSTS := sts.NewFromConfig(w.cfg(gov, "us-gov-west-1"))
	govIAM := iam.NewFromConfig(w.cfg(gov, "us-gov-west-1"))
	id, err := govSTS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != "arn:aws-us-gov:iam::123456789012:user/gov-admin" {
		t.Fatalf("GetCallerIdentity in GovCloud = %v, %v", id, err)
	}
	// Trust across partitions is impossible: IAM calls the principal invalid.
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	_, err = w.iam(w.adminB).CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String("x"), AssumeRolePolicyDocument: sdkaws.String(trust)})
	if apiCode(err) != "MalformedPolicyDocument" || !strings.Contains(apiMessage(err), "Invalid principal in policy") {
		t.Errorf("cross-partition principal: %v", err)
	}
	out, err := govIAM.CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String("x"),
		AssumeRolePolicyDocument: sdkaws.String(strings.Replace(trust, "arn:aws:", "arn:aws-us-gov:", 1))})
	if err != nil || *out.Role.Arn != "arn:aws-us-gov:iam::123456789012:role/x" {
		t.Errorf("GovCloud CreateRole = %v, %v", out, err)
	}
}
