package palette_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
)

func TestProjects(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	projects, err := f.client.Projects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) != 2 || projects[0].Name != "Default" || projects[0].UID != f.projectUID || projects[1].Name != "Prod" {
		t.Errorf("Projects = %+v", projects)
	}
	uid, err := f.client.ResolveProject(ctx, "Default")
	if err != nil || uid != f.projectUID {
		t.Errorf("ResolveProject(Default) = %q, %v; want %q", uid, err, f.projectUID)
	}
	// Projects are listed in tenant scope even from a project-scoped client.
	if _, err := f.client.InProject(f.projectUID).ResolveProject(ctx, "Prod"); err != nil {
		t.Errorf("ResolveProject from a project client: %v", err)
	}
	for _, c := range f.emu.Calls() {
		if c.Status != http.StatusOK {
			t.Errorf("call %+v failed", c)
		}
	}
}

func TestResolveProjectNotFound(t *testing.T) {
	f := newFixture(t)
	_, err := f.client.ResolveProject(context.Background(), "default") // names match exactly
	var notFound *palette.ProjectNotFoundError
	if !errors.As(err, &notFound) || !errors.Is(err, palette.ErrNotFound) {
		t.Fatalf("ResolveProject: %v, want a ProjectNotFoundError", err)
	}
	if want := `Palette project "default" not found; available: Default, Prod`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}

	empty := newFixture(t)
	lonely := empty.emu.AddTenant("lonely").AddAPIKey()
	_, err = empty.newClient(t, palette.Config{APIKey: lonely}).ResolveProject(context.Background(), "Default")
	if !errors.As(err, &notFound) || !strings.Contains(err.Error(), "sees no project") {
		t.Errorf("tenant without projects: %v", err)
	}
}

func TestResolveProjectAmbiguous(t *testing.T) {
	f := newFixture(t)
	f.tenant.AddProject("Prod") // the fixture has one already
	if _, err := f.client.ResolveProject(context.Background(), "Prod"); err == nil || !strings.Contains(err.Error(), "2 projects named") {
		t.Errorf("ResolveProject with two matches: %v", err)
	}
}

func TestVerify(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.client.Verify(ctx); err != nil {
		t.Errorf("Verify: %v", err)
	}
	if err := f.client.InProject(f.projectUID).Verify(ctx); err != nil {
		t.Errorf("Verify in project: %v", err)
	}
	if err := f.client.InProject("ffffffffffffffffffffffff").Verify(ctx); !errors.Is(err, palette.ErrAuth) {
		t.Errorf("Verify in an unknown project: %v, want ErrAuth", err)
	}
}

func TestStsAccount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, partition := range []string{"", "aws", "aws-us-gov"} {
		got, err := f.client.StsAccount(ctx, partition)
		wantPartition := partition
		if wantPartition == "" {
			wantPartition = "aws"
		}
		want := palette.StsAccount{AccountID: "210987654321", ExternalID: f.tenant.ExternalID, Partition: wantPartition}
		if err != nil || got != want {
			t.Errorf("StsAccount(%q) = %+v, %v; want %+v", partition, got, err, want)
		}
	}
	calls := len(f.emu.Calls())
	for _, partition := range []string{"aws-cn", "aws-iso", "AWS"} {
		if _, err := f.client.StsAccount(ctx, partition); err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("StsAccount(%q): %v, want a clear refusal", partition, err)
		}
	}
	if len(f.emu.Calls()) != calls {
		t.Error("an unsupported partition was sent to Palette")
	}
	// The external ID is the tenant's: stable across calls, different for another tenant.
	other := f.emu.AddTenant("other").AddAPIKey()
	got, err := f.newClient(t, palette.Config{APIKey: other}).StsAccount(ctx, "aws")
	if err != nil || got.ExternalID == f.tenant.ExternalID {
		t.Errorf("other tenant's STS account = %+v, %v", got, err)
	}
}

// TestValidateBody checks the validate body: the spec's names, no folder.
func TestValidateBody(t *testing.T) {
	f := newFixture(t)
	loc := f.sampleLocation("n")
	loc.S3URL = "https://minio.example.com"            // must not end up in folder
	_ = f.client.ValidateS3(context.Background(), loc) // fails: no AWS behind this emulator
	body := f.bodies.last(t, "POST /v1/clouds/aws/s3/validate")
	want := `{"bucket":"acme-velero-backups","region":"us-east-2","credentials":{"credentialType":"sts","sts":` +
		`{"arn":"arn:aws:iam::111122223333:role/palette-backup","externalId":"` + f.tenant.ExternalID + `"}}}`
	if body != want {
		t.Errorf("validate body = %s\nwant %s", body, want)
	}
}
