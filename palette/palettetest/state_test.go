package palettetest_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func TestCalls(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	uid := uidOf(t, e.create(t, e.checked, "", "n", false))
	call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations/s3/" + uid})
	call(t, e.bare, "", req{method: "GET", path: "/v1/users/assets/locations"})
	call(t, e.bare, e.key, req{method: "GET", path: "/nowhere"})
	want := []palettetest.Call{
		{Method: "POST", Path: "/v1/users/assets/locations/s3", OperationID: palettetest.OpLocationS3Create, Status: http.StatusCreated, Mutating: true},
		{Method: "GET", Path: "/v1/users/assets/locations/s3/" + uid, OperationID: palettetest.OpLocationS3Get, Status: http.StatusOK},
		{Method: "GET", Path: "/v1/users/assets/locations", OperationID: palettetest.OpLocationsList, Status: http.StatusUnauthorized},
		{Method: "GET", Path: "/nowhere", Status: http.StatusNotFound},
	}
	if got := e.emu.Calls(); !reflect.DeepEqual(got, want) {
		t.Errorf("Calls =\n%+v\nwant\n%+v", got, want)
	}
	e.emu.ResetCalls()
	if len(e.emu.Calls()) != 0 {
		t.Error("ResetCalls kept calls")
	}
}

func TestSnapshot(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	e.tenant.AddAPIKey()
	uid := uidOf(t, e.create(t, e.checked, e.projectUID, "n", true))
	got := e.emu.Snapshot()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	want := palettetest.State{Tenants: []palettetest.TenantState{{
		UID: e.tenant.UID, Name: "acme", ExternalID: e.tenant.ExternalID, APIKeys: 2,
		Projects: []palettetest.ProjectState{{UID: e.projectUID, Name: "Default"}},
		Locations: []palettetest.LocationState{{
			UID: uid, Name: "n", ProjectUID: e.projectUID, IsDefault: true,
			Bucket: "acme-velero-backups", Region: "us-east-2", UseRestic: true,
			CredentialType: "sts", RoleARN: "arn:aws:iam::111122223333:role/palette-backup", ExternalID: e.tenant.ExternalID,
			Created: now, Modified: now,
		}},
	}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Snapshot =\n%+v\nwant\n%+v", got, want)
	}
	got.Tenants[0].Locations[0].Name = "changed"
	if e.emu.Snapshot().Tenants[0].Locations[0].Name != "n" {
		t.Error("Snapshot is not a copy")
	}
}

func TestServe(t *testing.T) {
	emu := palettetest.New(palettetest.Options{})
	key := emu.AddTenant("acme").AddAPIKey()
	srv, err := palettetest.Serve(emu)
	if err != nil {
		t.Fatal(err)
	}
	if a := call(t, srv.URL, key, req{method: "GET", path: "/v1/dashboard/projects/metadata"}); a.status != http.StatusOK {
		t.Errorf("served emulator: %d %s", a.status, a.body)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := http.Get(srv.URL); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestOptionsHideSecret(t *testing.T) {
	o := palettetest.Options{AWSAccessKeyID: "AKIAEXAMPLE", AWSSecretAccessKey: "wJalrXUtnFEMI-secret"}
	for _, format := range []string{"%v", "%+v", "%#v"} {
		if s := fmt.Sprintf(format, o); strings.Contains(s, "wJalrXUtnFEMI") || !strings.Contains(s, "AKIAEXAMPLE") {
			t.Errorf("%s = %s", format, s)
		}
	}
}
