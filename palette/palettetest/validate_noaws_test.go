package palettetest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/palette/palettetest"
)

func validateJSON(bucket, region, roleARN, externalID string) string {
	return `{"bucket":"` + bucket + `","region":"` + region + `","credentials":{"credentialType":"sts","sts":{"arn":"` +
		roleARN + `","externalId":"` + externalID + `"}}}`
}

// TestValidateExternalIDMismatch needs no AWS: Palette knows its tenant's external ID.
func TestValidateExternalIDMismatch(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	a := call(t, e.checked, e.key, req{method: "POST", path: "/v1/clouds/aws/s3/validate",
		body: validateJSON("b", "us-east-2", "arn:aws:iam::111122223333:role/r", "not-the-tenant-id")})
	wantError(t, a, http.StatusBadRequest, palettetest.CodeExternalIDMismatch, "external ID mismatch")
	if !strings.Contains(a.body, e.tenant.ExternalID) {
		t.Errorf("the message does not say which external ID is expected: %s", a.body)
	}
}

func TestValidateWithoutAWS(t *testing.T) {
	e := newEnv(t, palettetest.Options{})
	a := call(t, e.checked, e.key, req{method: "POST", path: "/v1/clouds/aws/s3/validate",
		body: validateJSON("b", "us-east-2", "arn:aws:iam::111122223333:role/r", e.tenant.ExternalID)})
	wantError(t, a, http.StatusInternalServerError, "EmulatorNotConfigured", "Options.AWSEndpoint")
}
