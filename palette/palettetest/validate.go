package palettetest

import (
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Codes of validate failures. Palette does not publish its own; these are the emulator's.
const (
	CodeExternalIDMismatch   = "ExternalIdMismatch"
	CodeAssumeRoleDenied     = "AssumeRoleDenied"
	CodeBucketAccessDenied   = "BucketAccessDenied"
	CodeBucketNotFound       = "BucketNotFound"
	CodeBucketRegionMismatch = "BucketRegionMismatch"
	CodeAWSError             = "AWSError"
)

// awsS3Validate checks what Palette needs to back up to the bucket: that Palette can
// assume the role with the tenant's external ID, and that the role can see, list, write
// and delete in the bucket. Failures are 400 (403 for a denied assume-role) with a v1Error
// naming the cause.
func (e *Emulator) awsS3Validate(w http.ResponseWriter, r *http.Request, c *caller) {
	var body v1AwsS3BucketCredentials
	if !decodeBody(w, r, &body) || !checkBody(w, checkValidateBody(&body)) {
		return
	}
	creds := body.Credentials
	if *creds.CredentialType != "sts" {
		writeError(w, http.StatusBadRequest, "InvalidRequest",
			"credentials.credentialType: the emulator validates only sts, not "+*creds.CredentialType)
		return
	}
	roleARN, err := arn.Parse(creds.Sts.Arn)
	if err != nil || roleARN.Service != "iam" || !strings.HasPrefix(roleARN.Resource, "role/") {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "credentials.sts.arn: "+creds.Sts.Arn+" is not an IAM role ARN")
		return
	}
	if creds.Sts.ExternalID != c.tenant.ExternalID {
		writeErrorDetails(w, http.StatusBadRequest, v1Error{
			Code: CodeExternalIDMismatch,
			Message: "external ID mismatch: the request carries external ID " + creds.Sts.ExternalID +
				" but this tenant's external ID is " + c.tenant.ExternalID +
				"; use the value from GET /v1/clouds/aws/account/sts in the role's trust policy and here",
			Details: map[string]any{"externalId": creds.Sts.ExternalID, "expectedExternalId": c.tenant.ExternalID},
		})
		return
	}
	if f := e.checkBucket(r.Context(), bucketCheck{
		roleARN: roleARN, externalID: c.tenant.ExternalID, sessionName: "palette-validate-" + c.tenant.UID,
		bucket: *body.Bucket, region: *body.Region, folder: body.Folder,
	}); f != nil {
		e.mu.Lock()
		if e.validateStatus != 0 {
			f.status = e.validateStatus
		}
		e.mu.Unlock()
		writeErrorDetails(w, f.status, f.v1Error)
		return
	}
	w.Header().Set(headerAuditUID, newUID())
	w.WriteHeader(http.StatusNoContent)
}

// checkValidateBody checks the validate body's required fields and credentials.
func checkValidateBody(b *v1AwsS3BucketCredentials) *fieldError {
	if fe := requireString("bucket", b.Bucket); fe != nil {
		return fe
	}
	if fe := requireString("region", b.Region); fe != nil {
		return fe
	}
	if fe := checkCredentials("credentials", b.Credentials); fe != nil {
		return fe
	}
	if b.Credentials.CredentialType == nil {
		secret := "secret" // spec default
		b.Credentials.CredentialType = &secret
	}
	return nil
}
