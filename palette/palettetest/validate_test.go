package palettetest_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// Seed values of the contracts: Palette SaaS, Account B and its bucket.
const (
	paletteAccount = "210987654321"
	accountB       = "111122223333"
	bucket         = "acme-velero-backups"
	bucketRegion   = "us-east-2"
	roleName       = "palette-backup"
	roleARN        = "arn:aws:iam::" + accountB + ":role/" + roleName
)

// awsEnv is the Palette emulator wired to an AWS emulator holding Palette's principal and
// Account B's bucket.
type awsEnv struct {
	*env
	aws *awstest.Emulator
}

func newAWSEnv(t *testing.T) *awsEnv {
	t.Helper()
	aws := awstest.New()
	aws.AddAccount(paletteAccount)
	aws.AddAccount(accountB)
	palette := aws.AddUser(paletteAccount, "palette-sts", awstest.AssumeRolePolicy())
	aws.CreateBucket(accountB, bucket, bucketRegion)
	srv := awstest.NewTestServer(t, aws)
	e := newEnv(t, palettetest.Options{
		PaletteAccountID: paletteAccount, AWSEndpoint: srv.URL,
		AWSAccessKeyID: palette.AccessKeyID, AWSSecretAccessKey: palette.SecretAccessKey,
	})
	return &awsEnv{env: e, aws: aws}
}

// trustPolicy is the guide's trust policy: principal's root with the external ID condition.
func trustPolicy(principalAccount, externalID string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},`+
		`"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":%q}}}]}`, principalAccount, externalID)
}

// guideActions are the S3 permissions the guide grants on the bucket's objects.
var guideActions = []string{"s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"}

// permissions is the guide's S3 policy without the actions in drop.
func permissions(drop ...string) string {
	var objectActions []string
	for _, a := range guideActions {
		if !slices.Contains(drop, a) {
			objectActions = append(objectActions, fmt.Sprintf("%q", a))
		}
	}
	statements := []string{fmt.Sprintf(`{"Effect":"Allow","Action":[%s],"Resource":"arn:aws:s3:::%s/*"}`, strings.Join(objectActions, ","), bucket)}
	if !slices.Contains(drop, "s3:ListBucket") {
		statements = append(statements, fmt.Sprintf(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::%s"}`, bucket))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

// addRole creates Account B's role with a trust policy and the guide's permissions minus drop.
func (a *awsEnv) addRole(trust string, drop ...string) {
	a.aws.AddRole(accountB, roleName, trust)
	a.aws.AddRolePolicy(accountB, roleName, permissions(drop...))
}

func (a *awsEnv) validate(t *testing.T, bucketName, region, externalID string) answer {
	t.Helper()
	return call(t, a.checked, a.key, req{method: "POST", path: "/v1/clouds/aws/s3/validate",
		body: validateJSON(bucketName, region, roleARN, externalID)})
}

func TestValidatePasses(t *testing.T) {
	a := newAWSEnv(t)
	a.addRole(trustPolicy(paletteAccount, a.tenant.ExternalID))
	got := a.validate(t, bucket, bucketRegion, a.tenant.ExternalID)
	if got.status != http.StatusNoContent || got.header.Get("AuditUid") == "" {
		t.Fatalf("validate: %d %s, want 204 with AuditUid", got.status, got.body)
	}
	var actions []string
	for _, c := range a.aws.Calls() {
		actions = append(actions, c.Service+":"+c.Action)
		if c.Status >= 300 {
			t.Errorf("AWS call %+v failed", c)
		}
	}
	want := []string{"sts:AssumeRole", "s3:HeadBucket", "s3:ListObjectsV2", "s3:PutObject", "s3:DeleteObject"}
	if !slices.Equal(actions, want) {
		t.Errorf("AWS calls = %v, want %v", actions, want)
	}
	calls := a.aws.Calls()
	if calls[0].Caller != "arn:aws:iam::"+paletteAccount+":user/palette-sts" || !strings.Contains(calls[1].Caller, roleName) {
		t.Errorf("callers = %q, %q; want Palette's user, then the assumed role", calls[0].Caller, calls[1].Caller)
	}
	for _, b := range a.aws.Snapshot().Buckets {
		if len(b.Objects) != 0 {
			t.Errorf("the probe object was left behind: %+v", b.Objects)
		}
	}
}

// TestValidateFolder writes the probe under the folder the body names.
func TestValidateFolder(t *testing.T) {
	a := newAWSEnv(t)
	a.addRole(trustPolicy(paletteAccount, a.tenant.ExternalID), "s3:DeleteObject")
	body := strings.Replace(validateJSON(bucket, bucketRegion, roleARN, a.tenant.ExternalID), `{"bucket"`, `{"folder":"velero/","bucket"`, 1)
	got := call(t, a.checked, a.key, req{method: "POST", path: "/v1/clouds/aws/s3/validate", body: body})
	wantError(t, got, http.StatusBadRequest, palettetest.CodeBucketAccessDenied, "s3:DeleteObject")
	objects := a.aws.Snapshot().Buckets[0].Objects
	if len(objects) != 1 || !strings.HasPrefix(objects[0].Key, "velero/.palette-validate-") {
		t.Errorf("objects = %+v, want the probe under velero/", objects)
	}
}

func TestValidateTrustMissingPalette(t *testing.T) {
	a := newAWSEnv(t)
	a.aws.AddAccount("444455556666")
	a.addRole(trustPolicy("444455556666", a.tenant.ExternalID)) // trusts Account A only
	got := a.validate(t, bucket, bucketRegion, a.tenant.ExternalID)
	wantError(t, got, http.StatusBadRequest, palettetest.CodeAssumeRoleDenied,
		"the role's trust policy does not allow Palette's account "+paletteAccount+" with external ID "+a.tenant.ExternalID)
}

func TestValidateWrongExternalID(t *testing.T) {
	t.Run("role trusts another external ID", func(t *testing.T) {
		a := newAWSEnv(t)
		a.addRole(trustPolicy(paletteAccount, "some-other-external-id"))
		got := a.validate(t, bucket, bucketRegion, a.tenant.ExternalID)
		wantError(t, got, http.StatusBadRequest, palettetest.CodeAssumeRoleDenied, "with external ID "+a.tenant.ExternalID)
	})
	t.Run("body carries another external ID", func(t *testing.T) {
		a := newAWSEnv(t)
		a.addRole(trustPolicy(paletteAccount, "some-other-external-id"))
		got := a.validate(t, bucket, bucketRegion, "some-other-external-id")
		wantError(t, got, http.StatusBadRequest, palettetest.CodeExternalIDMismatch, "external ID mismatch")
		if n := len(a.aws.Calls()); n != 0 {
			t.Errorf("%d AWS calls for a request Palette refuses itself", n)
		}
	})
}

func TestValidateBucketAccessDenied(t *testing.T) {
	cases := []struct{ drop, call, resource string }{
		{"s3:ListBucket", "HeadBucket", "arn:aws:s3:::" + bucket},
		{"s3:PutObject", "PutObject", "arn:aws:s3:::" + bucket + "/.palette-validate-"},
		{"s3:DeleteObject", "DeleteObject", "arn:aws:s3:::" + bucket + "/.palette-validate-"},
	}
	for _, tc := range cases {
		t.Run(tc.drop, func(t *testing.T) {
			a := newAWSEnv(t)
			a.addRole(trustPolicy(paletteAccount, a.tenant.ExternalID), tc.drop)
			got := a.validate(t, bucket, bucketRegion, a.tenant.ExternalID)
			wantError(t, got, http.StatusBadRequest, palettetest.CodeBucketAccessDenied,
				"role "+roleARN+" is denied "+tc.drop+" on "+tc.resource)
			if !strings.Contains(got.body, "s3:"+tc.call) || !strings.Contains(got.body, `"action":"`+tc.drop+`"`) {
				t.Errorf("answer does not name the call and the action: %s", got.body)
			}
		})
	}
}

func TestValidateBucketNotFound(t *testing.T) {
	a := newAWSEnv(t)
	a.addRole(trustPolicy(paletteAccount, a.tenant.ExternalID))
	got := a.validate(t, "no-such-bucket", bucketRegion, a.tenant.ExternalID)
	wantError(t, got, http.StatusBadRequest, palettetest.CodeBucketNotFound, "bucket no-such-bucket does not exist")
}

func TestValidateRegionMismatch(t *testing.T) {
	a := newAWSEnv(t)
	a.addRole(trustPolicy(paletteAccount, a.tenant.ExternalID))
	got := a.validate(t, bucket, "us-west-2", a.tenant.ExternalID)
	wantError(t, got, http.StatusBadRequest, palettetest.CodeBucketRegionMismatch,
		"bucket "+bucket+" is in region "+bucketRegion+", not us-west-2")
	if !strings.Contains(got.body, `"bucketRegion":"`+bucketRegion+`"`) {
		t.Errorf("details lack the bucket's region: %s", got.body)
	}
}

// TestValidatePaletteKeysRejected: an emulator configured with keys AWS does not know says so.
func TestValidatePaletteKeysRejected(t *testing.T) {
	aws := awstest.New()
	aws.AddAccount(paletteAccount)
	srv := awstest.NewTestServer(t, aws)
	e := newEnv(t, palettetest.Options{AWSEndpoint: srv.URL, AWSAccessKeyID: "AKIAUNKNOWN0000000000", AWSSecretAccessKey: "x"})
	got := call(t, e.checked, e.key, req{method: "POST", path: "/v1/clouds/aws/s3/validate",
		body: validateJSON(bucket, bucketRegion, roleARN, e.tenant.ExternalID)})
	wantError(t, got, http.StatusInternalServerError, "EmulatorNotConfigured", "Palette principal keys")
}

// TestValidateAWSUnavailable: AWS failing on its side is a 503, which clients may retry.
func TestValidateAWSUnavailable(t *testing.T) {
	a := newAWSEnv(t)
	a.addRole(trustPolicy(paletteAccount, a.tenant.ExternalID))
	a.aws.SetFault("s3:HeadBucket", awstest.Fault{ServerError: 10})
	got := a.validate(t, bucket, bucketRegion, a.tenant.ExternalID)
	wantError(t, got, http.StatusServiceUnavailable, palettetest.CodeAWSError, "HeadBucket")
}
