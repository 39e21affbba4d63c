package palettetest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette/palettetest"
)

// TestStrictDecoding sends bodies straight to the emulator (the contract validator would
// refuse most of them first) and expects 400 naming the field.
func TestStrictDecoding(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	good := locationJSON("n", e.tenant.ExternalID, false)
	validate := `{"bucket":"b","region":"us-east-2","credentials":{"credentialType":"sts","sts":{"arn":"arn:aws:iam::111122223333:role/r","externalId":"` + e.tenant.ExternalID + `"}}}`
	const create, validatePath = "/v1/users/assets/locations/s3", "/v1/clouds/aws/s3/validate"
	cases := []struct {
		name, path, body, inMessage string
	}{
		{"unknown top-level field", create, strings.Replace(good, `{"metadata"`, `{"kind":"x","metadata"`, 1), `unknown field \"kind\"`},
		{"unknown nested field", create, strings.Replace(good, `"region"`, `"regoin"`, 1), `spec.config.regoin`},
		{"field in other case", create, strings.Replace(good, `"bucketName"`, `"BucketName"`, 1), `spec.config.BucketName`},
		{"externalID", create, strings.Replace(good, `"externalId"`, `"externalID"`, 1), `externalID`},
		{"bool as string", create, strings.Replace(good, `"isDefault":false`, `"isDefault":"no"`, 1), `spec.isDefault`},
		{"path style as string", create, strings.Replace(good, `"s3ForcePathStyle":false`, `"s3ForcePathStyle":"false"`, 1), `spec.config.s3ForcePathStyle`},
		{"bucket as number", create, strings.Replace(good, `"acme-velero-backups"`, `5`, 1), `spec.config.bucketName`},
		{"trailing data", create, good + `{}`, `after the JSON object`},
		{"not JSON", create, `bucket=b`, `not valid JSON`},
		{"truncated", create, good[:40], `truncated`},
		{"no spec", create, `{"metadata":{"name":"n"}}`, `spec: is required`},
		{"no config", create, `{"metadata":{"name":"n"},"spec":{}}`, `spec.config: is required`},
		{"no bucket", create, strings.Replace(good, `"bucketName":"acme-velero-backups",`, ``, 1), `spec.config.bucketName: is required`},
		{"empty region", create, strings.Replace(good, `"region":"us-east-2"`, `"region":""`, 1), `spec.config.region: must not be empty`},
		{"no name", create, strings.Replace(good, `"name":"n"`, `"labels":{}`, 1), `metadata.name: is required`},
		{"credential type enum", create, strings.Replace(good, `"credentialType":"sts"`, `"credentialType":"STS"`, 1), `credentialType: \"STS\" is not one of secret, sts, pod-identity`},
		{"partition enum", create, strings.Replace(good, `"credentialType":"sts"`, `"credentialType":"sts","partition":"aws-cn"`, 1), `partition`},
		{"sts without arn", create, strings.Replace(good, `"arn":"arn:aws:iam::111122223333:role/palette-backup",`, ``, 1), `sts.arn: is required`},
		{"validate bucketname", validatePath, strings.Replace(validate, `"bucket"`, `"bucketname"`, 1), `unknown field \"bucketname\"`},
		{"validate credentialsType", validatePath, strings.Replace(validate, `"credentialType"`, `"credentialsType"`, 1), `credentials.credentialsType`},
		{"validate no region", validatePath, strings.Replace(validate, `"region":"us-east-2",`, ``, 1), `region: is required`},
		{"validate folder as number", validatePath, strings.Replace(validate, `{"bucket"`, `{"folder":1,"bucket"`, 1), `folder`},
		{"validate secret", validatePath, strings.Replace(validate, `"credentialType":"sts"`, `"credentialType":"secret","accessKey":"a","secretKey":"s"`, 1), `validates only sts`},
		{"validate bad arn", validatePath, strings.Replace(validate, `arn:aws:iam::111122223333:role/r`, `role/r`, 1), `not an IAM role ARN`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, call(t, e.bare, e.key, req{method: "POST", path: tc.path, body: tc.body}), http.StatusBadRequest, "InvalidRequest", tc.inMessage)
		})
	}
	if n := len(e.emu.Snapshot().Tenants[0].Locations); n != 0 {
		t.Errorf("%d locations were stored from invalid bodies", n)
	}
}

func TestContentType(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	a := call(t, e.bare, e.key, req{method: "POST", path: "/v1/users/assets/locations/s3", body: locationJSON("n", "x", false),
		headers: map[string]string{"Content-Type": "text/plain"}})
	wantError(t, a, http.StatusBadRequest, "InvalidRequest", "Content-Type")
}

// TestSDKShapedBody accepts what palette-sdk-go sends, such as "policyARNs": null and
// useRestic, which the spec allows even where the client here does not send them.
func TestSDKShapedBody(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	body := strings.Replace(locationJSON("n", e.tenant.ExternalID, false), `"credentialType":"sts"`,
		`"credentialType":"sts","policyARNs":null,"partition":"aws"`, 1)
	body = strings.Replace(body, `"region"`, `"useRestic":false,"region"`, 1)
	if a := call(t, e.bare, e.key, req{method: "POST", path: "/v1/users/assets/locations/s3", body: body}); a.status != http.StatusCreated {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	if st := e.emu.Snapshot().Tenants[0].Locations[0]; st.UseRestic {
		t.Error("useRestic false was not kept")
	}
}
