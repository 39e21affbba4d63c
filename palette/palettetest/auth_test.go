package palettetest_test

import (
	"net/http"
	"testing"

	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func TestAuthentication(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	list := req{method: "GET", path: "/v1/users/assets/locations"}

	wantError(t, call(t, e.checked, "", list), http.StatusUnauthorized, "Unauthorized", "missing ApiKey header")
	wantError(t, call(t, e.checked, "wrong-key", list), http.StatusUnauthorized, "Unauthorized", "invalid API key")
	jwtOnly := list
	jwtOnly.headers = map[string]string{"Authorization": "eyJhbGciOi"}
	wantError(t, call(t, e.checked, "", jwtOnly), http.StatusUnauthorized, "Unauthorized", "missing ApiKey header")

	for _, name := range []string{"ApiKey", "apikey", "APIKEY", "apiKey"} {
		r := list
		r.headers = map[string]string{name: e.key}
		if a := call(t, e.checked, "", r); a.status != http.StatusOK {
			t.Errorf("header %s: %d %s", name, a.status, a.body)
		}
	}
}

func TestProjectScope(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	foreign := e.emu.AddTenant("other").AddProject("Default")
	for name, uid := range map[string]string{"other tenant's project": foreign, "unknown project": "ffffffffffffffffffffffff"} {
		t.Run(name, func(t *testing.T) {
			a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations", headers: map[string]string{"ProjectUid": uid}})
			wantError(t, a, http.StatusForbidden, "OperationForbidden", uid)
		})
	}
	for _, name := range []string{"ProjectUid", "projectuid", "PROJECTUID"} {
		a := call(t, e.checked, e.key, req{method: "GET", path: "/v1/users/assets/locations", headers: map[string]string{name: e.projectUID}})
		if a.status != http.StatusOK {
			t.Errorf("header %s: %d %s", name, a.status, a.body)
		}
	}
}

func TestUnknownRoutes(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	wantError(t, call(t, e.bare, e.key, req{method: "GET", path: "/v1/nothing"}), http.StatusNotFound, "ResourceNotFound", "/v1/nothing")
	wantError(t, call(t, e.bare, e.key, req{method: "PUT", path: "/v1/users/assets/locations"}), http.StatusMethodNotAllowed, "MethodNotAllowed", "PUT")
}
