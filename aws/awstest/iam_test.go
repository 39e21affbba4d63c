package awstest_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// httpStatus returns the HTTP status of an SDK error (0 when there was no response).
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

func TestCreateAndGetRole(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.iam(w.adminB)
	pol, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("boundary"), PolicyDocument: sdkaws.String(boundaryPolicy)})
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	trust := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::210987654321:root\"}, \"Action\": \"sts:AssumeRole\", \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"a+b/c=d\"}}}]\n}"
	out, err := c.CreateRole(ctx, &iam.CreateRoleInput{
		RoleName: sdkaws.String(backupRole), Path: sdkaws.String("/bslwiz/"), Description: sdkaws.String("Palette backups"),
		AssumeRolePolicyDocument: sdkaws.String(trust), MaxSessionDuration: sdkaws.Int32(7200),
		PermissionsBoundary: pol.Policy.Arn,
		Tags:                []iamtypes.Tag{{Key: sdkaws.String("bslwiz:location"), Value: sdkaws.String("acme-backups")}},
	})
	if err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	wantARN := "arn:aws:iam::111122223333:role/bslwiz/" + backupRole
	if *out.Role.Arn != wantARN || !strings.HasPrefix(*out.Role.RoleId, "AROA") {
		t.Errorf("CreateRole ARN %s id %s", *out.Role.Arn, *out.Role.RoleId)
	}

	got, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(strings.ToUpper(backupRole))})
	if err != nil {
		t.Fatalf("GetRole (case-insensitive name): %v", err)
	}
	r := got.Role
	encoded := *r.AssumeRolePolicyDocument
	if strings.ContainsAny(encoded, "{}\" \n+/=") {
		t.Errorf("GetRole trust document is not URL-encoded: %q", encoded)
	}
	if decoded, err := url.QueryUnescape(encoded); err != nil || decoded != trust {
		t.Errorf("URL-decoded trust = %q, %v; want the document as sent", decoded, err)
	}
	if *r.Path != "/bslwiz/" || *r.Description != "Palette backups" || *r.MaxSessionDuration != 7200 ||
		*r.PermissionsBoundary.PermissionsBoundaryArn != *pol.Policy.Arn || len(r.Tags) != 1 || *r.Tags[0].Value != "acme-backups" {
		t.Errorf("GetRole = %+v", r)
	}

	if _, err := c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: sdkaws.String(backupRole), Description: sdkaws.String("new")}); err != nil {
		t.Fatalf("UpdateRole: %v", err)
	}
	if _, err := c.TagRole(ctx, &iam.TagRoleInput{RoleName: sdkaws.String(backupRole), Tags: []iamtypes.Tag{
		{Key: sdkaws.String("BSLWIZ:LOCATION"), Value: sdkaws.String("renamed")}, {Key: sdkaws.String("team"), Value: sdkaws.String("platform")},
	}}); err != nil {
		t.Fatalf("TagRole: %v", err)
	}
	tags, err := c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: sdkaws.String(backupRole)})
	if err != nil || len(tags.Tags) != 2 || *tags.Tags[0].Value != "renamed" {
		t.Errorf("ListRoleTags = %+v, %v", tags, err)
	}
	snap, _ := w.emu.Snapshot().Account(accountB)
	if rs, ok := snap.Role(backupRole); !ok || rs.Description != "new" || rs.TrustPolicy != trust {
		t.Errorf("snapshot role = %+v", rs)
	}
}

// boundaryPolicy is an identity policy document used as a boundary in tests.
const boundaryPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

func TestIAMErrors(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.iam(w.adminB)
	w.createRole(t, "Existing", paletteTrust())
	big := `{"Version":"2012-10-17","Statement":[` + strings.Repeat(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"},`, 25) +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`
	create := func(name, doc string) error {
		_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: sdkaws.String(name), AssumeRolePolicyDocument: sdkaws.String(doc)})
		return err
	}
	tests := []struct {
		name       string
		err        error
		code       string
		status     int
		msgContain string
	}{
		{"duplicate role, other case", create("existing", paletteTrust()), "EntityAlreadyExists", 409, "Role with name existing already exists."},
		{"invalid JSON", create("bad-json", `{"Version":`), "MalformedPolicyDocument", 400, "Syntax errors in policy."},
		{"bad Version", create("bad-version", strings.Replace(paletteTrust(), "2012-10-17", "2012-10-18", 1)), "MalformedPolicyDocument", 400, "legacy parsing"},
		{"unknown account principal", create("unknown-principal", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}`),
			"MalformedPolicyDocument", 400, `Invalid principal in policy: "AWS":"arn:aws:iam::000000000000:root"`},
		{"unknown role principal", create("unknown-role", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/Nope"},"Action":"sts:AssumeRole"}]}`),
			"MalformedPolicyDocument", 400, `Invalid principal in policy: "AWS":"arn:aws:iam::444455556666:role/Nope"`},
		{"trust over 2048", create("too-big", big), "LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048"},
		{"bad role name", create("bad name!", paletteTrust()), "ValidationError", 400, "roleName"},
		{"role name too long", create(strings.Repeat("r", 65), paletteTrust()), "ValidationError", 400, "64"},
		{"missing role", func() error {
			_, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String("missing")})
			return err
		}(), "NoSuchEntity", 404, "The role with name missing cannot be found."},
		{"no IAM permission", func() error {
			_, err := w.iam(w.plainA).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String("Existing")})
			return err
		}(), "AccessDenied", 403, "is not authorized to perform: iam:GetRole on resource: arn:aws:iam::444455556666:role/Existing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if apiCode(tc.err) != tc.code || httpStatus(tc.err) != tc.status || !strings.Contains(apiMessage(tc.err), tc.msgContain) {
				t.Errorf("got %s %d %q, want %s %d containing %q", apiCode(tc.err), httpStatus(tc.err), apiMessage(tc.err), tc.code, tc.status, tc.msgContain)
			}
		})
	}
	var malformedErr *iamtypes.MalformedPolicyDocumentException
	if err := create("bad-json-2", "{"); !errors.As(err, &malformedErr) {
		t.Errorf("MalformedPolicyDocument is not the typed exception: %T %v", err, err)
	}

	// The quota is per account and can be raised to 4096.
	w.emu.SetTrustPolicySizeLimit(accountB, 4096)
	if err := create("too-big", big); err != nil {
		t.Errorf("CreateRole with a 4096 quota: %v", err)
	}
}

func TestManagedPolicyLifecycle(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.iam(w.adminB)
	doc := guidePolicy(bucketName)
	created, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{
		PolicyName: sdkaws.String("bslwiz-velero"), Path: sdkaws.String("/bslwiz/"), PolicyDocument: sdkaws.String(doc),
		Description: sdkaws.String("Velero backups"),
	})
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	arn := *created.Policy.Arn
	if arn != "arn:aws:iam::111122223333:policy/bslwiz/bslwiz-velero" || *created.Policy.DefaultVersionId != "v1" {
		t.Fatalf("CreatePolicy = %s %s", arn, *created.Policy.DefaultVersionId)
	}
	if _, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("BSLWIZ-velero"), PolicyDocument: sdkaws.String(doc)}); apiCode(err) != "EntityAlreadyExists" {
		t.Errorf("duplicate CreatePolicy: %v", err)
	}
	huge := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:` + strings.Repeat("x", 6200) + `"],"Resource":"*"}]}`
	if _, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("huge"), PolicyDocument: sdkaws.String(huge)}); apiCode(err) != "LimitExceeded" || apiMessage(err) != "Cannot exceed quota for PolicySize: 6144" {
		t.Errorf("oversized policy: %v", err)
	}
	if _, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("with-principal"), PolicyDocument: sdkaws.String(paletteTrust())}); apiCode(err) != "MalformedPolicyDocument" {
		t.Errorf("identity policy with Principal: %v", err)
	}

	list, err := c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, PathPrefix: sdkaws.String("/bslwiz/")})
	if err != nil || len(list.Policies) != 1 || *list.Policies[0].Arn != arn {
		t.Fatalf("ListPolicies Local /bslwiz/ = %+v, %v", list, err)
	}
	if list, _ := c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal, PathPrefix: sdkaws.String("/other/")}); len(list.Policies) != 0 {
		t.Errorf("ListPolicies /other/ = %d policies", len(list.Policies))
	}

	// Versions: up to five, the default cannot be deleted, SetAsDefault moves the default.
	for i := 2; i <= 5; i++ {
		v, err := c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: sdkaws.String(doc), SetAsDefault: i == 5})
		if err != nil {
			t.Fatalf("CreatePolicyVersion %d: %v", i, err)
		}
		if *v.PolicyVersion.VersionId != "v"+string(rune('0'+i)) || v.PolicyVersion.IsDefaultVersion != (i == 5) {
			t.Errorf("version %d = %s default %v", i, *v.PolicyVersion.VersionId, v.PolicyVersion.IsDefaultVersion)
		}
	}
	if _, err := c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: &arn, PolicyDocument: sdkaws.String(doc)}); apiCode(err) != "LimitExceeded" || httpStatus(err) != 409 {
		t.Errorf("sixth version: %v", err)
	}
	got, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &arn})
	if err != nil || *got.Policy.DefaultVersionId != "v5" {
		t.Fatalf("GetPolicy = %+v, %v", got, err)
	}
	pv, err := c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: &arn, VersionId: sdkaws.String("v5")})
	if err != nil {
		t.Fatalf("GetPolicyVersion: %v", err)
	}
	if decoded, _ := url.QueryUnescape(*pv.PolicyVersion.Document); decoded != doc || !pv.PolicyVersion.IsDefaultVersion {
		t.Errorf("GetPolicyVersion document = %q", decoded)
	}
	versions, err := c.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: &arn})
	if err != nil || len(versions.Versions) != 5 {
		t.Fatalf("ListPolicyVersions = %+v, %v", versions, err)
	}
	if _, err := c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: sdkaws.String("v5")}); apiCode(err) != "DeleteConflict" {
		t.Errorf("deleting the default version: %v", err)
	}

	// Attach, then deletion conflicts, then clean up in the right order.
	roleName := "velero"
	w.createRole(t, roleName, paletteTrust())
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: &roleName, PolicyArn: &arn}); err != nil {
		t.Fatalf("AttachRolePolicy: %v", err)
	}
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: &roleName, PolicyArn: &arn}); err != nil {
		t.Fatalf("AttachRolePolicy again (idempotent): %v", err)
	}
	missing := "arn:aws:iam::111122223333:policy/missing"
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: &roleName, PolicyArn: &missing}); apiCode(err) != "NoSuchEntity" {
		t.Errorf("attaching a missing policy: %v", err)
	}
	attached, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: &roleName})
	if err != nil || len(attached.AttachedPolicies) != 1 || *attached.AttachedPolicies[0].PolicyArn != arn {
		t.Fatalf("ListAttachedRolePolicies = %+v, %v", attached, err)
	}
	if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: &roleName}); apiCode(err) != "DeleteConflict" || httpStatus(err) != 409 {
		t.Errorf("DeleteRole with an attached policy: %v", err)
	}
	if _, err := c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn}); apiCode(err) != "DeleteConflict" {
		t.Errorf("DeletePolicy while attached: %v", err)
	}
	if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: &roleName, PolicyArn: &arn}); err != nil {
		t.Fatalf("DetachRolePolicy: %v", err)
	}
	if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: &roleName, PolicyArn: &arn}); apiCode(err) != "NoSuchEntity" {
		t.Errorf("detaching twice: %v", err)
	}
	if _, err := c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn}); apiCode(err) != "DeleteConflict" || !strings.Contains(apiMessage(err), "more than one version") {
		t.Errorf("DeletePolicy with non-default versions: %v", err)
	}
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		if _, err := c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: &arn, VersionId: sdkaws.String(v)}); err != nil {
			t.Fatalf("DeletePolicyVersion %s: %v", v, err)
		}
	}
	if _, err := c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: &arn}); err != nil {
		t.Fatalf("DeletePolicy: %v", err)
	}
	if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: &roleName}); err != nil {
		t.Fatalf("DeleteRole: %v", err)
	}
	if _, err := c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: &arn}); apiCode(err) != "NoSuchEntity" || httpStatus(err) != 404 {
		t.Errorf("GetPolicy after delete: %v", err)
	}
}

func TestUpdateAssumeRolePolicy(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := w.iam(w.adminB)
	roleARN := w.createRole(t, backupRole, paletteTrust())
	if _, err := w.assume(ctx, w.adminA, roleARN, ""); apiCode(err) != "AccessDenied" {
		t.Fatalf("Account A before the trust update: %v", err)
	}
	updated := paletteTrust(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}`)
	if _, err := c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyDocument: sdkaws.String(updated)}); err != nil {
		t.Fatalf("UpdateAssumeRolePolicy: %v", err)
	}
	if _, err := w.assume(ctx, w.clusterA, roleARN, ""); err != nil {
		t.Fatalf("Account A's role after the trust update: %v", err)
	}
	if _, err := w.assume(ctx, w.palette, roleARN, externalID); err != nil {
		t.Fatalf("Palette after the trust update: %v", err)
	}
	got, _ := c.GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String(backupRole)})
	if decoded, _ := url.QueryUnescape(*got.Role.AssumeRolePolicyDocument); decoded != updated {
		t.Errorf("GetRole after update = %q", decoded)
	}
	// Over the quota, the update is refused and the document kept.
	big := paletteTrust(strings.Repeat(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"},`, 24) +
		`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`)
	_, err := c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyDocument: sdkaws.String(big)})
	if apiCode(err) != "LimitExceeded" || apiMessage(err) != "Cannot exceed quota for ACLSizePerRole: 2048" || httpStatus(err) != 409 {
		t.Errorf("oversized trust update: %v", err)
	}
	snap, _ := w.emu.Snapshot().Account(accountB)
	if r, _ := snap.Role(backupRole); r.TrustPolicy != updated {
		t.Errorf("trust after a refused update = %q", r.TrustPolicy)
	}
}

func TestGetUser(t *testing.T) {
	w := newWorld(t)
	out, err := w.iam(w.adminB).GetUser(context.Background(), &iam.GetUserInput{})
	if err != nil || *out.User.UserName != "b-admin" || *out.User.Arn != "arn:aws:iam::111122223333:user/b-admin" {
		t.Fatalf("GetUser = %+v, %v", out, err)
	}
	if _, err := w.iam(w.adminB).GetUser(context.Background(), &iam.GetUserInput{UserName: sdkaws.String("nobody")}); apiCode(err) != "NoSuchEntity" {
		t.Errorf("GetUser nobody: %v", err)
	}
}
