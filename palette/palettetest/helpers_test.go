package palettetest_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette/internal/contract"
	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// env is an emulator with one tenant, served behind the contract validator (checked) and
// bare (for bodies the contract itself would refuse).
type env struct {
	emu             *palettetest.Emulator
	tenant          *palettetest.Tenant
	key, projectUID string
	checked, bare   string
	clock           *clock
}

func newEnv(t *testing.T, opts palettetest.Options) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = c.Now
	}
	e := &env{emu: palettetest.New(opts), clock: c}
	e.tenant = e.emu.AddTenant("acme")
	e.projectUID = e.tenant.AddProject("Default")
	e.key = e.tenant.AddAPIKey()
	e.checked = contract.NewTestServer(t, e.emu).URL
	e.bare = palettetest.NewTestServer(t, e.emu).URL
	return e
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// answer is a response read in full.
type answer struct {
	status int
	header http.Header
	body   string
}

// req is one request for call.
type req struct {
	method, path, body string
	headers            map[string]string
}

// call sends r to base with the ApiKey header key (unless r.headers sets headers itself).
func call(t *testing.T, base, key string, r req) answer {
	t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr, err := http.NewRequest(r.method, base+r.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		hr.Header.Set("ApiKey", key)
	}
	if r.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.headers {
		hr.Header[k] = []string{v} // as given: no canonicalisation
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" && strings.Contains(string(data), key) {
		t.Errorf("%s %s: the answer holds the API key: %s", r.method, r.path, data)
	}
	return answer{resp.StatusCode, resp.Header, string(data)}
}

// locationJSON is a create body; name and externalID are filled in.
func locationJSON(name, externalID string, isDefault bool) string {
	def := "false"
	if isDefault {
		def = "true"
	}
	return `{"metadata":{"name":"` + name + `"},"spec":{"isDefault":` + def + `,"config":{` +
		`"bucketName":"acme-velero-backups","region":"us-east-2","s3ForcePathStyle":false,` +
		`"credentials":{"credentialType":"sts","sts":{"arn":"arn:aws:iam::111122223333:role/palette-backup","externalId":"` +
		externalID + `"}}}}}`
}

func (e *env) create(t *testing.T, base, projectUID, name string, isDefault bool) answer {
	t.Helper()
	r := req{method: "POST", path: "/v1/users/assets/locations/s3", body: locationJSON(name, e.tenant.ExternalID, isDefault)}
	if projectUID != "" {
		r.headers = map[string]string{"ProjectUid": projectUID}
	}
	return call(t, base, e.key, r)
}

// uidOf extracts the uid from a create answer.
func uidOf(t *testing.T, a answer) string {
	t.Helper()
	if a.status != http.StatusCreated {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	const prefix = `{"uid":"`
	if !strings.HasPrefix(a.body, prefix) {
		t.Fatalf("create answer %s", a.body)
	}
	return strings.TrimSuffix(strings.TrimPrefix(a.body, prefix), `"}`)
}

// wantError checks a v1Error answer's status, code and a piece of its message.
func wantError(t *testing.T, a answer, status int, code, inMessage string) {
	t.Helper()
	if a.status != status || !strings.Contains(a.body, `"code":"`+code+`"`) || !strings.Contains(a.body, inMessage) {
		t.Errorf("answer %d %s, want %d %s mentioning %q", a.status, a.body, status, code, inMessage)
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type %q", ct)
	}
}
