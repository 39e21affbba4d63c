package palettetest

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestCheckFieldNames(t *testing.T) {
	typ := reflect.TypeOf(&v1UserAssetsLocationS3{})
	cases := []struct{ body, wantErr string }{
		{`{"metadata":{"name":"n","labels":{"Any-Key":"v"}},"spec":{"config":{"credentials":{"policyARNs":["a"]}}}}`, ""},
		{`{"Metadata":{}}`, `unknown field "Metadata"`},
		{`{"spec":{"config":{"credentials":{"sts":{"ARN":"x"}}}}}`, `unknown field "spec.config.credentials.sts.ARN"`},
		{`{"spec":{"config":{"credentials":{"secretSpec":{"tls":{"CA":"x"}}}}}}`, `unknown field "spec.config.credentials.secretSpec.tls.CA"`},
		{`{"spec":null}`, ""},
		{`not json`, ""}, // left to the decoder
	}
	for _, tc := range cases {
		err := checkFieldNames([]byte(tc.body), typ)
		if (err == nil) != (tc.wantErr == "") || (err != nil && err.Error() != tc.wantErr) {
			t.Errorf("checkFieldNames(%s) = %v, want %q", tc.body, err, tc.wantErr)
		}
	}
	arr := reflect.TypeOf(&struct {
		Items []v1AwsStsCredentials `json:"items"`
	}{})
	if err := checkFieldNames([]byte(`{"items":[{"arn":"a"},{"Arn":"b"}]}`), arr); err == nil || !strings.Contains(err.Error(), "items[1].Arn") {
		t.Errorf("array element: %v", err)
	}
}

// FuzzDecodeLocation: the strict decoder never panics, and a body it accepts that passes
// the body checks has every field the spec requires.
func FuzzDecodeLocation(f *testing.F) {
	f.Fuzz(func(t *testing.T, body string) {
		r, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		var b v1UserAssetsLocationS3
		if decodeStrict(r, &b) != nil || checkLocationBody(&b) != nil {
			return
		}
		c := b.Spec.Config
		if c.BucketName == nil || c.Region == nil || c.Credentials == nil || *c.BucketName == "" {
			t.Fatalf("accepted %s without a required field", body)
		}
		if ct := c.Credentials.CredentialType; ct != nil && *ct == "sts" && (c.Credentials.Sts == nil || c.Credentials.Sts.Arn == "") {
			t.Fatalf("accepted sts credentials without an ARN: %s", body)
		}
	})
}
