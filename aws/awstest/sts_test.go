package awstest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestGetCallerIdentity(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	out, err := w.sts(w.adminB).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if *out.Account != accountB || *out.Arn != "arn:aws:iam::111122223333:user/b-admin" || !strings.HasPrefix(*out.UserId, "AIDA") {
		t.Errorf("identity = %s %s %s", *out.Account, *out.Arn, *out.UserId)
	}
	// A user without any permission may still ask who it is.
	out, err = w.sts(w.plainA).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *out.Arn != "arn:aws:iam::444455556666:user/a-plain" {
		t.Fatalf("GetCallerIdentity without permissions = %v, %v", out, err)
	}
	out, err = w.sts(w.clusterA).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *out.Arn != "arn:aws:sts::444455556666:assumed-role/SpectroCloudRole/cluster-1" {
		t.Fatalf("session identity = %v, %v", out, err)
	}
	if !strings.HasSuffix(*out.UserId, ":cluster-1") || !strings.HasPrefix(*out.UserId, "AROA") {
		t.Errorf("session UserId = %s", *out.UserId)
	}
}

func TestAssumeRoleTrustEvaluation(t *testing.T) {
	accountARoot := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	accountAID := `{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`
	accountARole := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}`
	denyPalette := `{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole"}`
	stringLike := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"acme-*"}}}]}`
	anyone := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + externalID + `"}}}]}`

	w := newWorld(t)
	tests := []struct {
		name   string
		trust  string
		caller func(*world) awstest.Credentials
		extID  string
		allow  bool
	}{
		{"palette with the right external ID", paletteTrust(), func(w *world) awstest.Credentials { return w.palette }, externalID, true},
		{"palette with a wrong external ID", paletteTrust(), func(w *world) awstest.Credentials { return w.palette }, "acme-other", false},
		{"palette without external ID", paletteTrust(), func(w *world) awstest.Credentials { return w.palette }, "", false},
		{"palette, StringLike external ID", stringLike, func(w *world) awstest.Credentials { return w.palette }, externalID, true},
		{"palette, StringLike mismatch", stringLike, func(w *world) awstest.Credentials { return w.palette }, "other-1", false},
		{"account A root ARN, A's admin", paletteTrust(accountARoot), func(w *world) awstest.Credentials { return w.adminA }, "", true},
		{"account A root ARN, A's cluster role", paletteTrust(accountARoot), func(w *world) awstest.Credentials { return w.clusterA }, "", true},
		{"account A by ID, A's cluster role", paletteTrust(accountAID), func(w *world) awstest.Credentials { return w.clusterA }, "", true},
		{"account A root, A principal without sts:AssumeRole", paletteTrust(accountARoot), func(w *world) awstest.Credentials { return w.plainA }, "", false},
		{"account A role ARN, that role", paletteTrust(accountARole), func(w *world) awstest.Credentials { return w.clusterA }, "", true},
		{"account A role ARN, another A principal", paletteTrust(accountARole), func(w *world) awstest.Credentials { return w.adminA }, "", false},
		{"stranger account", paletteTrust(accountARoot), func(w *world) awstest.Credentials { return w.stranger }, externalID, false},
		{"explicit deny wins", paletteTrust(denyPalette), func(w *world) awstest.Credentials { return w.palette }, externalID, false},
		{"principal * with external ID", anyone, func(w *world) awstest.Credentials { return w.stranger }, externalID, true},
		{"principal * without external ID", anyone, func(w *world) awstest.Credentials { return w.stranger }, "", false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			roleARN := w.createRole(t, "trust-case-"+string(rune('a'+i)), tc.trust)
			creds := tc.caller(w)
			temp, err := w.assume(context.Background(), creds, roleARN, tc.extID)
			if !tc.allow {
				if err == nil {
					t.Fatalf("AssumeRole allowed, want AccessDenied")
				}
				caller, _ := w.sts(creds).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
				want := "User: " + *caller.Arn + " is not authorized to perform: sts:AssumeRole on resource: " + roleARN
				if apiCode(err) != "AccessDenied" || apiMessage(err) != want {
					t.Fatalf("AssumeRole error = %s %q, want AccessDenied %q", apiCode(err), apiMessage(err), want)
				}
				return
			}
			if err != nil {
				t.Fatalf("AssumeRole: %v", err)
			}
			id, err := w.sts(temp).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatalf("GetCallerIdentity with temporary credentials: %v", err)
			}
			if !strings.HasPrefix(*id.Arn, "arn:aws:sts::111122223333:assumed-role/trust-case-") || *id.Account != accountB {
				t.Errorf("temporary credentials act as %s", *id.Arn)
			}
		})
	}
}

func TestAssumeRoleSessionLimits(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	roleARN := w.createRole(t, "limits", paletteTrust(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`))
	assume := func(creds awstest.Credentials, seconds int32, ext string) (*sts.AssumeRoleOutput, error) {
		in := &sts.AssumeRoleInput{RoleArn: sdkaws.String(roleARN), RoleSessionName: sdkaws.String("s1"), DurationSeconds: sdkaws.Int32(seconds)}
		if ext != "" {
			in.ExternalId = sdkaws.String(ext)
		}
		return w.sts(creds).AssumeRole(ctx, in)
	}
	out, err := assume(w.palette, 900, externalID)
	if err != nil {
		t.Fatalf("AssumeRole 900s: %v", err)
	}
	if got := out.Credentials.Expiration.Sub(w.clock.Now()); got != 15*time.Minute {
		t.Errorf("expiration in %v, want 15m", got)
	}
	if _, err := assume(w.palette, 600, externalID); apiCode(err) != "ValidationError" {
		t.Errorf("600s: %v, want ValidationError", err)
	}
	if _, err := assume(w.palette, 7200, externalID); apiCode(err) != "ValidationError" || !strings.Contains(apiMessage(err), "MaxSessionDuration") {
		t.Errorf("7200s over the role's 3600s maximum: %v", err)
	}
	temp := awstest.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey, SessionToken: *out.Credentials.SessionToken}
	w.clock.Advance(16 * time.Minute)
	if _, err := w.sts(temp).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); apiCode(err) != "ExpiredToken" {
		t.Errorf("expired session: %v, want ExpiredToken", err)
	}
	// Role chaining: a session (Account A's cluster role) may not ask for more than one hour.
	if _, err := assume(w.clusterA, 3600, ""); err != nil {
		t.Fatalf("chained AssumeRole for 1h: %v", err)
	}
}
