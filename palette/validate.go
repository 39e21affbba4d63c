package palette

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// ValidateS3 asks Palette to check that it can assume loc.RoleARN with loc.ExternalID and
// reach loc.Bucket in loc.Region (POST /v1/clouds/aws/s3/validate, 204 when valid). It is
// the console's "Validate" button. Only bucket, region and the STS credentials are sent:
// the call cannot check S3URL, CACert or ForcePathStyle, and folder is left out. A failed
// validation is an *APIError whose Message says why.
func (c *Client) ValidateS3(ctx context.Context, loc S3Location) error {
	creds, err := stsCredentials(loc)
	if err != nil {
		return fmt.Errorf("validate S3 location: %w", err)
	}
	body := wireS3BucketCredentials{Bucket: loc.Bucket, Region: loc.Region, Credentials: creds}
	if err := c.do(ctx, request{method: http.MethodPost, path: "/v1/clouds/aws/s3/validate", body: body}); err != nil {
		var api *APIError
		if errors.As(err, &api) && api.Status == http.StatusForbidden {
			err = &ValidateRefusedError{Answer: api}
		}
		return fmt.Errorf("validate S3 bucket %s (%s) with role %s: %w", loc.Bucket, loc.Region, loc.RoleARN, err)
	}
	return nil
}

// ValidateRefusedError is validate answering 403. The key was accepted (a refused key is
// 401): it is the role or the bucket that Palette could not use, often for a minute after
// the role or its trust policy changed. It is not ErrAuth, so nobody reads it as a bad key.
type ValidateRefusedError struct{ Answer *APIError }

func (e *ValidateRefusedError) Error() string {
	return "Palette could not use the role or the bucket: " + e.Answer.Error()
}

// IsUnauthorized reports whether err is Palette answering 401: the API key itself was
// refused, which no wait will change.
func IsUnauthorized(err error) bool {
	var api *APIError
	return errors.As(err, &api) && api.Status == http.StatusUnauthorized
}
