package palettetest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// list returns name → isDefault of the locations in a scope.
func (e *env) list(t *testing.T, projectUID string) map[string]bool {
	t.Helper()
	r := req{method: "GET", path: "/v1/users/assets/locations"}
	if projectUID != "" {
		r.headers = map[string]string{"ProjectUid": projectUID}
	}
	a := call(t, e.checked, e.key, r)
	if a.status != http.StatusOK {
		t.Fatalf("list: %d %s", a.status, a.body)
	}
	var out struct {
		Items []struct {
			Metadata struct{ Name, UID, CreationTimestamp string }
			Spec     struct {
				IsDefault bool
				Storage   string
			}
		}
	}
	if err := json.Unmarshal([]byte(a.body), &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, it := range out.Items {
		if it.Spec.Storage != "s3" || it.Metadata.UID == "" || it.Metadata.CreationTimestamp != "2026-05-01T12:00:00Z" {
			t.Errorf("list item %+v", it)
		}
		got[it.Metadata.Name] = it.Spec.IsDefault
	}
	return got
}

func TestDuplicateNamesPerScope(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	uidOf(t, e.create(t, e.checked, "", "backups", false))
	wantError(t, e.create(t, e.checked, "", "backups", false), http.StatusConflict, "DuplicateName", "backups")
	uidOf(t, e.create(t, e.checked, e.projectUID, "backups", false)) // another scope
	wantError(t, e.create(t, e.checked, e.projectUID, "backups", false), http.StatusConflict, "DuplicateName", "project")

	other := e.emu.AddTenant("other")
	a := call(t, e.checked, other.AddAPIKey(), req{method: "POST", path: "/v1/users/assets/locations/s3", body: locationJSON("backups", other.ExternalID, false)})
	uidOf(t, a) // another tenant
	if got := e.list(t, ""); len(got) != 1 {
		t.Errorf("tenant scope lists %v", got)
	}
}

func TestDefaultIsExclusive(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	a := uidOf(t, e.create(t, e.checked, e.projectUID, "a", true))
	uidOf(t, e.create(t, e.checked, e.projectUID, "b", true))
	uidOf(t, e.create(t, e.checked, "", "t", true)) // another scope keeps its own default
	if got := e.list(t, e.projectUID); !got["b"] || got["a"] {
		t.Errorf("after creating b as default: %v", got)
	}
	for _, typ := range []string{"s3", "aws"} {
		r := req{method: "PATCH", path: "/v1/users/assets/locations/" + typ + "/" + a + "/default", headers: map[string]string{"ProjectUid": e.projectUID}}
		if ans := call(t, e.checked, e.key, r); ans.status != http.StatusNoContent {
			t.Fatalf("PATCH default (%s): %d %s", typ, ans.status, ans.body)
		}
	}
	if got := e.list(t, e.projectUID); !got["a"] || got["b"] {
		t.Errorf("after PATCH default a: %v", got)
	}
	if got := e.list(t, ""); !got["t"] {
		t.Errorf("tenant default lost: %v", got)
	}
	r := req{method: "PATCH", path: "/v1/users/assets/locations/gcp/" + a + "/default", headers: map[string]string{"ProjectUid": e.projectUID}}
	wantError(t, call(t, e.checked, e.key, r), http.StatusBadRequest, "InvalidRequest", "gcp")
}

func TestGetUpdateDelete(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	uid := uidOf(t, e.create(t, e.checked, "", "n", false))
	path := "/v1/users/assets/locations/s3/" + uid

	got := call(t, e.checked, e.key, req{method: "GET", path: path})
	// The spec's server-side defaults are filled in.
	for _, want := range []string{`"s3ForcePathStyle":false`, `"useRestic":true`, `"credentialType":"sts"`, `"name":"n"`} {
		if !strings.Contains(got.body, want) {
			t.Errorf("GET %s lacks %s", got.body, want)
		}
	}

	renamed := locationJSON("other", e.tenant.ExternalID, false)
	wantError(t, call(t, e.checked, e.key, req{method: "PUT", path: path, body: renamed}), http.StatusBadRequest, "InvalidRequest", "cannot be changed")
	updated := strings.Replace(locationJSON("n", e.tenant.ExternalID, false), `"s3ForcePathStyle":false`, `"s3Url":"https://s3.example.com"`, 1)
	if a := call(t, e.checked, e.key, req{method: "PUT", path: path, body: updated}); a.status != http.StatusNoContent {
		t.Fatalf("PUT: %d %s", a.status, a.body)
	}
	st := e.emu.Snapshot().Tenants[0].Locations[0]
	if st.S3URL != "https://s3.example.com" || !st.ForcePathStyle {
		t.Errorf("after PUT: %+v (an omitted s3ForcePathStyle defaults to true)", st)
	}

	inProject := map[string]string{"ProjectUid": e.projectUID}
	wantError(t, call(t, e.checked, e.key, req{method: "GET", path: path, headers: inProject}), http.StatusNotFound, "ResourceNotFound", uid)
	wantError(t, call(t, e.checked, e.key, req{method: "DELETE", path: path, headers: inProject}), http.StatusNotFound, "ResourceNotFound", uid)

	if a := call(t, e.checked, e.key, req{method: "DELETE", path: path}); a.status != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", a.status, a.body)
	}
	wantError(t, call(t, e.checked, e.key, req{method: "DELETE", path: path}), http.StatusNotFound, "ResourceNotFound", uid)

	generic := uidOf(t, e.create(t, e.checked, "", "g", false))
	if a := call(t, e.checked, e.key, req{method: "DELETE", path: "/v1/users/assets/locations/" + generic}); a.status != http.StatusNoContent {
		t.Fatalf("generic DELETE: %d %s", a.status, a.body)
	}
}

func TestSecretKeyMasked(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	body := strings.Replace(locationJSON("n", "", false), `"credentialType":"sts","sts":{"arn":"arn:aws:iam::111122223333:role/palette-backup","externalId":""}`,
		`"credentialType":"secret","accessKey":"AKIAEXAMPLE","secretKey":"s3cr3t-value"`, 1)
	uid := uidOf(t, call(t, e.checked, e.key, req{method: "POST", path: "/v1/users/assets/locations/s3", body: body}))
	got := call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations/s3/" + uid})
	if strings.Contains(got.body, "s3cr3t-value") || !strings.Contains(got.body, `"secretKey":"********"`) {
		t.Errorf("GET shows %s", got.body)
	}
}

func TestListFilters(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	uidOf(t, e.create(t, e.checked, "", "a", false))
	uidOf(t, e.create(t, e.checked, "", "b", false))
	a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations?filters=metadata.name%3Db"})
	if a.status != http.StatusOK || !strings.Contains(a.body, `"name":"b"`) || strings.Contains(a.body, `"name":"a"`) {
		t.Errorf("filtered list: %d %s", a.status, a.body)
	}
	wantError(t, call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations?filters=spec.storage%3Ds3"}),
		http.StatusBadRequest, "InvalidRequest", "filters")
	wantError(t, call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations?orderBy=metadata.name%3D1"}),
		http.StatusBadRequest, "InvalidRequest", "orderBy")
	if a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations", headers: map[string]string{"ProjectUid": e.projectUID}}); a.body != `{"items":[]}` {
		t.Errorf("empty list = %s, want items present and empty", a.body)
	}
}

func TestProjectsAndSts(t *testing.T) {
	e := newEnv(t, palettetest.Options{PaletteAccountID: "123456789012"})
	prod := e.tenant.AddProject("Prod")
	a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/dashboard/projects/metadata"})
	want := `{"items":[{"metadata":{"name":"Default","uid":"` + e.projectUID + `"}},{"metadata":{"name":"Prod","uid":"` + prod + `"}}]}`
	if a.body != want {
		t.Errorf("projects = %s, want %s", a.body, want)
	}
	a = call(t, e.checked, e.key, req{method: "GET", path: "/v1/dashboard/projects/metadata?name=Prod"})
	if !strings.Contains(a.body, prod) || strings.Contains(a.body, e.projectUID) {
		t.Errorf("projects?name=Prod = %s", a.body)
	}

	for _, partition := range []string{"", "?partition=aws", "?partition=aws-us-gov"} {
		a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/clouds/aws/account/sts" + partition})
		p := strings.TrimPrefix(partition, "?partition=")
		if p == "" {
			p = "aws"
		}
		want := `{"accountId":"123456789012","externalId":"` + e.tenant.ExternalID + `","partition":"` + p + `"}`
		if a.body != want {
			t.Errorf("sts%s = %s, want %s", partition, a.body, want)
		}
	}
	wantError(t, call(t, e.bare, e.key, req{method: "GET", path: "/v1/clouds/aws/account/sts?partition=aws-cn"}), http.StatusBadRequest, "InvalidRequest", "aws-cn")
	if other := e.emu.AddTenant("other"); other.ExternalID == e.tenant.ExternalID || other.ExternalID == "" {
		t.Error("external IDs are not per tenant")
	}
}

func TestDefaultPaletteAccount(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/clouds/aws/account/sts"})
	if !strings.Contains(a.body, `"accountId":"`+palettetest.DefaultPaletteAccountID+`"`) {
		t.Errorf("sts = %s", a.body)
	}
}
