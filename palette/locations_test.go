package palette_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
)

func TestLocationLifecycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.client.InProject(f.projectUID)
	want := f.sampleLocation("prod-backups")
	want.IsDefault = true

	uid, err := c.CreateS3Location(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetS3Location(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if *got != want {
		t.Errorf("GetS3Location = %+v, want %+v", *got, want)
	}
	list, err := c.ListLocations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantList := []palette.Location{{UID: uid, Name: "prod-backups", Storage: palette.StorageS3, IsDefault: true}}
	if len(list) != 1 || list[0] != wantList[0] {
		t.Errorf("ListLocations = %+v, want %+v", list, wantList)
	}

	want.S3URL, want.CACert, want.ForcePathStyle = "https://s3.us-east-2.amazonaws.com", "-----BEGIN CERTIFICATE-----\n", true
	if err := c.UpdateS3Location(ctx, uid, want); err != nil {
		t.Fatal(err)
	}
	if got, err = c.GetS3Location(ctx, uid); err != nil || *got != want {
		t.Errorf("after update GetS3Location = %+v, %v; want %+v", got, err, want)
	}
	if err := c.DeleteS3Location(ctx, uid); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetS3Location(ctx, uid); !errors.Is(err, palette.ErrNotFound) {
		t.Errorf("GetS3Location after delete: %v, want ErrNotFound", err)
	}
	if n := len(f.emu.Snapshot().Tenants[0].Locations); n != 0 {
		t.Errorf("emulator still holds %d locations", n)
	}
}

// TestCreateBodyFields checks the exact JSON sent: spec field names, s3ForcePathStyle
// always present (its server-side default is true), empty optional fields left out.
func TestCreateBodyFields(t *testing.T) {
	f := newFixture(t)
	if _, err := f.client.CreateS3Location(context.Background(), f.sampleLocation("b1")); err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(f.bodies.last(t, "POST /v1/users/assets/locations/s3")), &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"metadata": map[string]any{"name": "b1"},
		"spec": map[string]any{
			"isDefault": false,
			"config": map[string]any{
				"bucketName": "acme-velero-backups", "region": "us-east-2", "s3ForcePathStyle": false,
				"credentials": map[string]any{
					"credentialType": "sts",
					"sts":            map[string]any{"arn": "arn:aws:iam::111122223333:role/palette-backup", "externalId": f.tenant.ExternalID},
				},
			},
		},
	}
	if !jsonEqual(body, want) {
		t.Errorf("create body = %v\nwant %v", body, want)
	}
	st := f.emu.Snapshot().Tenants[0].Locations[0]
	if st.ForcePathStyle || st.ProjectUID != "" || st.CredentialType != "sts" {
		t.Errorf("stored %+v: want path style false, tenant scope, sts", st)
	}
}

func TestCreateConflict(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.client.CreateS3Location(ctx, f.sampleLocation("dup")); err != nil {
		t.Fatal(err)
	}
	_, err := f.client.CreateS3Location(ctx, f.sampleLocation("dup"))
	var apiErr *palette.APIError
	if !errors.Is(err, palette.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Code != "DuplicateName" {
		t.Fatalf("second create: %v, want ErrConflict with code DuplicateName", err)
	}
	// The same name in a project scope is another location.
	if _, err := f.client.InProject(f.projectUID).CreateS3Location(ctx, f.sampleLocation("dup")); err != nil {
		t.Errorf("create in project scope: %v", err)
	}
}

func TestNotFound(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	loc := f.sampleLocation("x")
	for name, call := range map[string]func() error{
		"get":    func() error { _, err := f.client.GetS3Location(ctx, "0123456789abcdef01234567"); return err },
		"update": func() error { return f.client.UpdateS3Location(ctx, "0123456789abcdef01234567", loc) },
		"delete": func() error { return f.client.DeleteS3Location(ctx, "0123456789abcdef01234567") },
	} {
		if err := call(); !errors.Is(err, palette.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
}

// TestScopeIsolation shows the ProjectUid header decides where a location lives.
func TestScopeIsolation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	project := f.client.InProject(f.projectUID)
	uid, err := project.CreateS3Location(ctx, f.sampleLocation("in-project"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.GetS3Location(ctx, uid); !errors.Is(err, palette.ErrNotFound) {
		t.Errorf("tenant scope sees a project location: %v", err)
	}
	if list, err := f.client.ListLocations(ctx); err != nil || len(list) != 0 {
		t.Errorf("tenant list = %v, %v; want empty", list, err)
	}
	if got := f.emu.Snapshot().Tenants[0].Locations[0].ProjectUID; got != f.projectUID {
		t.Errorf("stored ProjectUID = %q, want %q", got, f.projectUID)
	}
	if project.ProjectUID() != f.projectUID || project.InProject("").ProjectUID() != "" {
		t.Error("InProject does not set or clear the scope")
	}
	// A project outside the tenant is refused.
	other := f.emu.AddTenant("other").AddProject("Default")
	if _, err := f.client.InProject(other).ListLocations(ctx); !errors.Is(err, palette.ErrAuth) {
		t.Errorf("foreign project: %v, want ErrAuth", err)
	}
}

func TestClientSideChecks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	incomplete := palette.S3Location{Name: "x", Bucket: "b"}
	if _, err := f.client.CreateS3Location(ctx, incomplete); err == nil {
		t.Error("create without region, role and external ID succeeded")
	}
	if err := f.client.ValidateS3(ctx, incomplete); err == nil {
		t.Error("validate without region, role and external ID succeeded")
	}
	if _, err := f.client.CreateS3Location(ctx, palette.S3Location{}); err == nil {
		t.Error("create without a name succeeded")
	}
	if _, err := f.client.GetS3Location(ctx, " "); err == nil {
		t.Error("get with an empty uid succeeded")
	}
	if n := len(f.emu.Calls()); n != 0 {
		t.Errorf("%d requests were sent for invalid input", n)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestCreateDecodesUIDAnyCase accepts {"UID": ...}, which a Terraform test mock returns,
// as well as the spec's {"uid": ...}; an answer without a uid is an error.
func TestCreateDecodesUIDAnyCase(t *testing.T) {
	for body, wantUID := range map[string]string{`{"uid":"u1"}`: "u1", `{"UID":"u2"}`: "u2", `{}`: ""} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, body)
		}))
		c, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: testKey})
		if err != nil {
			t.Fatal(err)
		}
		uid, err := c.CreateS3Location(context.Background(), palette.S3Location{Name: "n", Bucket: "b", Region: "r", RoleARN: "a", ExternalID: "e"})
		srv.Close()
		if uid != wantUID || (wantUID == "") != (err != nil) {
			t.Errorf("answer %s: uid %q, err %v; want %q", body, uid, err, wantUID)
		}
	}
}
