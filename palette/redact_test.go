package palette_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
)

// keyEchoingOKServer answers every call with 2xx and the ApiKey header repeated in every
// string of the answer: project names and uids, Palette's external ID, location names,
// buckets, role ARNs, the uid of a created location. A real server that names things
// after what it was sent could.
func keyEchoingOKServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("ApiKey")
		meta := map[string]any{"name": "Default", "uid": "p-" + key}
		var body any
		switch {
		case r.URL.Path == "/v1/dashboard/projects/metadata":
			body = map[string]any{"items": []any{
				map[string]any{"metadata": meta},
				map[string]any{"metadata": map[string]any{"name": key, "uid": key}},
			}}
		case r.URL.Path == "/v1/clouds/aws/account/sts":
			body = map[string]any{"accountId": "210987654321", "externalId": key, "partition": "aws"}
		case r.URL.Path == "/v1/users/assets/locations":
			body = map[string]any{"items": []any{map[string]any{
				"metadata": map[string]any{"name": "loc-" + key, "uid": key},
				"spec":     map[string]any{"storage": "s3", "type": key},
			}}}
		case r.Method == http.MethodPost && r.URL.Path == "/v1/users/assets/locations/s3":
			w.WriteHeader(http.StatusCreated)
			body = map[string]any{"uid": key}
		case r.Method == http.MethodGet:
			body = map[string]any{
				"metadata": map[string]any{"name": key},
				"spec": map[string]any{"config": map[string]any{
					"bucketName": key, "region": key, "s3Url": "https://" + key, "caCert": key,
					"credentials": map[string]any{"credentialType": "sts", "sts": map[string]any{
						"arn": "arn:aws:iam::111122223333:role/" + key, "externalId": key}},
				}},
			}
		default:
			w.WriteHeader(http.StatusNoContent)
			return
		}
		data, _ := json.Marshal(body)
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestAPIKeyEchoedInASuccessfulAnswerIsRedacted: every value the client returns from a 2xx
// answer is shown, journaled or exported, so none may carry the key.
func TestAPIKeyEchoedInASuccessfulAnswerIsRedacted(t *testing.T) {
	srv := keyEchoingOKServer(t)
	c, err := palette.New(palette.Config{Endpoint: srv.URL, APIKey: echoKey, Warn: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	loc := palette.S3Location{Name: "n", Bucket: "b", Region: "us-east-2", RoleARN: "arn:aws:iam::111122223333:role/r", ExternalID: "e"}
	calls := map[string]func() (any, error){
		"Projects":         func() (any, error) { return c.Projects(ctx) },
		"ResolveProject":   func() (any, error) { return c.ResolveProject(ctx, "Default") },
		"StsAccount":       func() (any, error) { return c.StsAccount(ctx, "aws") },
		"ListLocations":    func() (any, error) { return c.ListLocations(ctx) },
		"GetS3Location":    func() (any, error) { return c.GetS3Location(ctx, "u") },
		"CreateS3Location": func() (any, error) { return c.CreateS3Location(ctx, loc) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			got, err := call()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			text := fmt.Sprintf("%+v", got)
			if leaks(text) {
				t.Errorf("%s returned the key: %s", name, text)
			}
			if !strings.Contains(text, palette.Redacted) {
				t.Errorf("%s: %s does not show where the key was redacted", name, text)
			}
		})
	}
}
