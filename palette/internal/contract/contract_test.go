package contract_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette/internal/contract"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// setup serves an emulator twice: behind the contract validator, and bare.
func setup(t *testing.T) (v *contract.Validator, checked, bare *httptest.Server, key, externalID string) {
	t.Helper()
	emu := palettetest.New(palettetest.Options{})
	tenant := emu.AddTenant("acme")
	key = tenant.AddAPIKey()
	v = contract.MustLoad(t)
	checked = httptest.NewServer(v.Wrap(emu))
	bare = httptest.NewServer(emu)
	t.Cleanup(checked.Close)
	t.Cleanup(bare.Close)
	return v, checked, bare, key, tenant.ExternalID
}

func send(t *testing.T, base, key, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("ApiKey", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

const locationBody = `{"metadata":{"name":"n"},"spec":{"isDefault":false,"config":{` +
	`"bucketName":"b","region":"us-east-2","s3ForcePathStyle":false,` +
	`"credentials":{"credentialType":"sts","sts":{"arn":"arn:aws:iam::111122223333:role/r","externalId":"EXT"}}}}}`

// TestMisspeltFieldFailsContract is the proof the contract test bites: a request whose
// field names are misspelt is a contract violation, and the emulator's strict decoder
// refuses it on its own too, naming the field.
func TestMisspeltFieldFailsContract(t *testing.T) {
	cases := []struct {
		name, path, body, field string
	}{
		{"validate bucketname", "/v1/clouds/aws/s3/validate",
			`{"bucketname":"b","region":"us-east-2","credentials":{"credentialType":"sts","sts":{"arn":"arn:aws:iam::111122223333:role/r","externalId":"EXT"}}}`,
			"bucketname"},
		{"validate credentialsType", "/v1/clouds/aws/s3/validate",
			`{"bucket":"b","region":"us-east-2","credentials":{"credentialsType":"sts","sts":{"arn":"arn:aws:iam::111122223333:role/r","externalId":"EXT"}}}`,
			"credentialsType"},
		{"create bucket instead of bucketName", "/v1/users/assets/locations/s3",
			strings.Replace(locationBody, `"bucketName"`, `"bucket"`, 1), "bucket"},
		{"create externalID", "/v1/users/assets/locations/s3",
			strings.Replace(locationBody, `"externalId"`, `"externalID"`, 1), "externalID"},
		{"create s3forcepathstyle", "/v1/users/assets/locations/s3",
			strings.Replace(locationBody, `"s3ForcePathStyle"`, `"s3forcepathstyle"`, 1), "s3forcepathstyle"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, checked, bare, key, ext := setup(t)
			body := strings.ReplaceAll(tc.body, "EXT", ext)

			status, answer := send(t, checked.URL, key, http.MethodPost, tc.path, body)
			if status != http.StatusBadRequest || !strings.Contains(answer, "ContractViolation") {
				t.Errorf("through the validator: %d %s, want 400 ContractViolation", status, answer)
			}
			if len(v.Violations()) != 1 || !strings.Contains(v.Violations()[0], tc.field) {
				t.Errorf("violations = %q, want one naming %q", v.Violations(), tc.field)
			}

			status, answer = send(t, bare.URL, key, http.MethodPost, tc.path, body)
			if status != http.StatusBadRequest || !strings.Contains(answer, tc.field) {
				t.Errorf("bare emulator: %d %s, want 400 naming %q", status, answer, tc.field)
			}
		})
	}
}

// TestCorrectBodyPasses keeps the misspelling test honest: the well-spelt body passes.
func TestCorrectBodyPasses(t *testing.T) {
	v, checked, _, key, ext := setup(t)
	status, answer := send(t, checked.URL, key, http.MethodPost, "/v1/users/assets/locations/s3", strings.ReplaceAll(locationBody, "EXT", ext))
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, answer)
	}
	if vs := v.Violations(); len(vs) != 0 {
		t.Errorf("violations: %q", vs)
	}
}

// TestResponseViolations shows answers are checked too: a create answer spelt {"UID": ...}
// (as one Terraform mock does) and an error answer that is not a v1Error are both caught.
func TestResponseViolations(t *testing.T) {
	cases := []struct {
		name   string
		status int
		ctype  string
		body   string
	}{
		{"create answer UID", http.StatusCreated, "application/json", `{"UID":"abc"}`},
		{"create answer 200", http.StatusOK, "application/json", `{"uid":"abc"}`},
		{"error not JSON", http.StatusBadGateway, "text/html", `<html>bad gateway</html>`},
		{"error unknown field", http.StatusConflict, "application/json", `{"code":"X","message":"m","reason":"r"}`},
		{"error details not object", http.StatusConflict, "application/json", `{"code":"X","message":"m","details":"s"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := contract.MustLoad(t)
			srv := httptest.NewServer(v.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ctype)
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})))
			defer srv.Close()
			status, answer := send(t, srv.URL, "k", http.MethodPost, "/v1/users/assets/locations/s3", locationBody)
			if status != tc.status || answer != tc.body {
				t.Errorf("answer changed by the validator: %d %s", status, answer)
			}
			if len(v.Violations()) != 1 {
				t.Errorf("violations = %q, want one", v.Violations())
			}
		})
	}
}

func TestUnknownOperation(t *testing.T) {
	v, checked, _, key, _ := setup(t)
	status, _ := send(t, checked.URL, key, http.MethodGet, "/v1/users/assets/location", "")
	if status != http.StatusBadRequest || len(v.Violations()) != 1 {
		t.Errorf("unknown path: %d, violations %q", status, v.Violations())
	}
}

func TestEnumAndQuery(t *testing.T) {
	v, checked, _, key, _ := setup(t)
	status, _ := send(t, checked.URL, key, http.MethodGet, "/v1/clouds/aws/account/sts?partition=aws-cn", "")
	if status != http.StatusBadRequest || len(v.Violations()) != 1 || !strings.Contains(v.Violations()[0], "partition") {
		t.Errorf("partition aws-cn: %d, violations %q", status, v.Violations())
	}
}

func TestFindSpec(t *testing.T) {
	path, err := contract.FindSpec()
	if err != nil {
		t.Fatalf("FindSpec: %v (the contract test needs ../shared beside the repository)", err)
	}
	if !strings.HasSuffix(path, contract.SpecRelPath) {
		t.Errorf("FindSpec = %s", path)
	}
	if _, err := contract.Load(path + ".missing"); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}
