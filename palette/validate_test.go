package palette_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// withAWS wires the fixture's emulator to an AWS emulator with Palette's principal, Account
// B's bucket, and a role trusting Palette with the tenant's external ID (set by the returned
// function, once the tenant exists).
func withAWS(t *testing.T) (fixtureOption, func(f *fixture)) {
	aws := awstest.New()
	aws.AddAccount("210987654321")
	aws.AddAccount("111122223333")
	principal := aws.AddUser("210987654321", "palette-sts", awstest.AssumeRolePolicy())
	aws.CreateBucket("111122223333", "acme-velero-backups", "us-east-2")
	srv := awstest.NewTestServer(t, aws)
	opt := func(o *palettetest.Options, _ *palette.Config) {
		o.AWSEndpoint, o.AWSAccessKeyID, o.AWSSecretAccessKey = srv.URL, principal.AccessKeyID, principal.SecretAccessKey
	}
	addRole := func(f *fixture) {
		aws.AddRole("111122223333", "palette-backup", fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
			`"Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole",`+
			`"Condition":{"StringEquals":{"sts:ExternalId":%q}}}]}`, f.tenant.ExternalID))
		aws.AddRolePolicy("111122223333", "palette-backup", `{"Version":"2012-10-17","Statement":[`+
			`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::acme-velero-backups/*"},`+
			`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-velero-backups"}]}`)
	}
	return opt, addRole
}

// TestValidateS3EndToEnd runs the client's validate through the Palette emulator, which
// assumes the role in the AWS emulator and probes the bucket.
func TestValidateS3EndToEnd(t *testing.T) {
	opt, addRole := withAWS(t)
	f := newFixture(t, opt)
	addRole(f)
	ctx := context.Background()
	if err := f.client.InProject(f.projectUID).ValidateS3(ctx, f.sampleLocation("n")); err != nil {
		t.Fatalf("ValidateS3: %v", err)
	}

	wrongRegion := f.sampleLocation("n")
	wrongRegion.Region = "eu-west-1"
	err := f.client.ValidateS3(ctx, wrongRegion)
	var apiErr *palette.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != palettetest.CodeBucketRegionMismatch || apiErr.Attempts != 1 {
		t.Fatalf("ValidateS3 in the wrong region: %v, want one BucketRegionMismatch answer", err)
	}
	if want := "acme-velero-backups is in region us-east-2, not eu-west-1"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}
