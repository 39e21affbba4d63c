package palettetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// bucketCheck is what validate asks of AWS.
type bucketCheck struct {
	roleARN                 arn.ARN
	externalID, sessionName string
	bucket, region, folder  string
}

// failure is a validate answer other than 204.
type failure struct {
	status int
	v1Error
}

// probePrefix starts the name of the object validate writes and deletes.
const probePrefix = ".palette-validate-"

// checkBucket assumes the role as Palette's principal, then checks the bucket with the
// role's credentials: HeadBucket, ListObjectsV2, PutObject and DeleteObject of a probe.
func (e *Emulator) checkBucket(ctx context.Context, in bucketCheck) *failure {
	if e.opts.AWSEndpoint == "" || e.opts.AWSAccessKeyID == "" || e.opts.AWSSecretAccessKey == "" {
		return &failure{http.StatusInternalServerError, v1Error{Code: "EmulatorNotConfigured",
			Message: "the emulator has no AWS endpoint or Palette principal keys (Options.AWSEndpoint, AWSAccessKeyID, AWSSecretAccessKey)"}}
	}
	paletteCreds := credentials.NewStaticCredentialsProvider(e.opts.AWSAccessKeyID, e.opts.AWSSecretAccessKey, "")
	out, err := sts.NewFromConfig(e.awsConfig(in.region, paletteCreds)).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         sdkaws.String(in.roleARN.String()),
		RoleSessionName: sdkaws.String(truncateSessionName(in.sessionName)),
		ExternalId:      sdkaws.String(in.externalID),
		DurationSeconds: sdkaws.Int32(900),
	})
	if err != nil {
		return e.assumeRoleFailure(in, err)
	}
	c := out.Credentials
	roleCreds := credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	s3c := s3.NewFromConfig(e.awsConfig(in.region, roleCreds), func(o *s3.Options) { o.UsePathStyle = true })

	bucketARN := arn.ARN{Partition: in.roleARN.Partition, Service: "s3", Resource: in.bucket}.String()
	if _, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &in.bucket}); err != nil {
		return s3Failure(in, "HeadBucket", "s3:ListBucket", bucketARN, err)
	}
	list := &s3.ListObjectsV2Input{Bucket: &in.bucket, MaxKeys: sdkaws.Int32(1)}
	if in.folder != "" {
		list.Prefix = sdkaws.String(strings.Trim(in.folder, "/") + "/")
	}
	if _, err := s3c.ListObjectsV2(ctx, list); err != nil {
		return s3Failure(in, "ListObjectsV2", "s3:ListBucket", bucketARN, err)
	}
	key := path.Join(strings.Trim(in.folder, "/"), probePrefix+randomHex(8))
	objectARN := bucketARN + "/" + key
	if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &in.bucket, Key: &key, Body: strings.NewReader("Palette backup location validation probe\n"),
	}); err != nil {
		return s3Failure(in, "PutObject", "s3:PutObject", objectARN, err)
	}
	if _, err := s3c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &in.bucket, Key: &key}); err != nil {
		f := s3Failure(in, "DeleteObject", "s3:DeleteObject", objectARN, err)
		f.Message += " (the probe object " + key + " was left in the bucket)"
		return f
	}
	return nil
}

// awsConfig is a plain SDK config for the emulator's AWS endpoint: no environment, no
// profiles, checksums only where required, few and short retries.
func (e *Emulator) awsConfig(region string, creds sdkaws.CredentialsProvider) sdkaws.Config {
	return sdkaws.Config{
		Region:                     region,
		Credentials:                creds,
		BaseEndpoint:               sdkaws.String(e.opts.AWSEndpoint),
		HTTPClient:                 e.awsHTTP,
		RequestChecksumCalculation: sdkaws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: sdkaws.ResponseChecksumValidationWhenRequired,
		Retryer: func() sdkaws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 3
				o.MaxBackoff = 200 * time.Millisecond
			})
		},
	}
}

// newAWSHTTPClient does not follow redirects: a 301 from S3 means "wrong region".
func newAWSHTTPClient() *http.Client {
	return &http.Client{
		Transport:     http.DefaultTransport.(*http.Transport).Clone(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// assumeRoleFailure explains a failed sts:AssumeRole. AccessDenied is what AWS answers
// both when the trust policy lacks Palette's account and when the external ID condition
// does not match, and when the role does not exist: it cannot tell them apart, and neither
// can Palette.
func (e *Emulator) assumeRoleFailure(in bucketCheck, err error) *failure {
	code, msg := awsErrorCode(err)
	details := map[string]any{"action": "sts:AssumeRole", "roleArn": in.roleARN.String(), "awsErrorCode": code}
	switch code {
	case "AccessDenied":
		return &failure{http.StatusBadRequest, v1Error{Code: CodeAssumeRoleDenied, Details: details, Message: fmt.Sprintf(
			"Palette cannot assume role %s: the role's trust policy does not allow Palette's account %s with external ID %s "+
				"(sts:AssumeRole: AccessDenied)", in.roleARN, e.opts.PaletteAccountID, in.externalID)}}
	case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException":
		return &failure{http.StatusInternalServerError, v1Error{Code: "EmulatorNotConfigured", Details: details,
			Message: "AWS does not accept the emulator's Palette principal keys: " + code + ": " + msg}}
	}
	return awsFailure("sts:AssumeRole on "+in.roleARN.String(), code, msg, details, err)
}

// s3Failure explains a failed S3 call made with the role's credentials.
func s3Failure(in bucketCheck, call, action, resource string, err error) *failure {
	code, msg := awsErrorCode(err)
	status, header := httpResponse(err)
	details := map[string]any{"action": action, "resource": resource, "bucket": in.bucket, "awsErrorCode": code}
	if bucketRegion := header.Get("X-Amz-Bucket-Region"); bucketRegion != "" && bucketRegion != in.region &&
		(status == http.StatusMovedPermanently || status == http.StatusBadRequest || code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed") {
		details["bucketRegion"], details["region"] = bucketRegion, in.region
		return &failure{http.StatusBadRequest, v1Error{Code: CodeBucketRegionMismatch, Details: details, Message: fmt.Sprintf(
			"bucket %s is in region %s, not %s", in.bucket, bucketRegion, in.region)}}
	}
	switch {
	case status == http.StatusNotFound || code == "NoSuchBucket" || code == "NotFound":
		return &failure{http.StatusBadRequest, v1Error{Code: CodeBucketNotFound, Details: details, Message: fmt.Sprintf(
			"bucket %s does not exist (s3:%s: %s)", in.bucket, call, orStatus(code, status))}}
	case status == http.StatusForbidden || code == "AccessDenied":
		return &failure{http.StatusBadRequest, v1Error{Code: CodeBucketAccessDenied, Details: details, Message: fmt.Sprintf(
			"role %s is denied %s on %s (s3:%s: %s); grant it in the role's permissions policy",
			in.roleARN, action, resource, call, orStatus(code, status))}}
	}
	return awsFailure("s3:"+call+" on "+resource, code, msg, details, err)
}

// awsFailure is any other AWS error: 503 when AWS is unavailable (worth a retry), else 400.
func awsFailure(what, code, msg string, details map[string]any, err error) *failure {
	status := http.StatusBadRequest
	awsStatus, _ := httpResponse(err)
	var apiErr smithy.APIError
	if awsStatus >= 500 || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &apiErr) && apiErr.ErrorFault() == smithy.FaultServer) ||
		retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool() {
		status = http.StatusServiceUnavailable
	}
	return &failure{status, v1Error{Code: CodeAWSError, Details: details, Message: fmt.Sprintf("%s failed: %s: %s", what, code, msg)}}
}

// awsErrorCode returns the AWS error code and message, or a description of a non-API error.
func awsErrorCode(err error) (code, msg string) {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode(), apiErr.ErrorMessage()
	}
	return "RequestFailed", err.Error()
}

// httpResponse returns the HTTP status and headers behind an SDK error, if any.
func httpResponse(err error) (int, http.Header) {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		return re.HTTPStatusCode(), re.Response.Header
	}
	return 0, http.Header{}
}

func orStatus(code string, status int) string {
	if code != "" {
		return code
	}
	return fmt.Sprintf("HTTP %d", status)
}

// truncateSessionName keeps a role session name within STS's 64 characters.
func truncateSessionName(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}
