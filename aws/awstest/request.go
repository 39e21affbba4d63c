package awstest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxRequestBody bounds what one request may upload (objects in tests are small).
const maxRequestBody = 64 << 20

// request is one API call being served.
type request struct {
	dropped  bool // a DropReply fault: the operation ran, its reply is lost
	r        *http.Request
	body     []byte
	id       string
	service  string // "iam", "sts" or "s3"
	action   string // operation name, e.g. "CreateRole", "HeadBucket"
	sig      *sigV4
	caller   *principal // nil for anonymous requests
	params   url.Values // awsQuery parameters
	now      time.Time
	mutating bool
}

// op is the fault-injection key of the request, e.g. "iam:CreateRole".
func (q *request) op() string { return q.service + ":" + q.action }

// region is the signing region (us-east-1 for anonymous requests).
func (q *request) region() string {
	if q.sig != nil {
		return q.sig.Region
	}
	return DefaultRegion
}

// apiError is an AWS error response.
type apiError struct {
	Status  int
	Code    string
	Message string
	Header  http.Header // extra response headers, e.g. x-amz-bucket-region
	Extra   []xmlField  // extra S3 <Error> elements, e.g. BucketName
}

type xmlField struct{ Name, Value string }

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// ServeHTTP routes a request to IAM, STS or S3 by the service of its SigV4 credential scope
// (unsigned requests: by the awsQuery Version, else S3).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		http.Error(w, "read request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(body) > maxRequestBody {
		http.Error(w, "request body too large for the emulator", http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sig, sigErr := parseSigV4(r)
	q := &request{r: r, body: body, sig: sig}
	q.service = routeService(r, sig, body)
	e.mu.Lock()
	q.id = e.newRequestID()
	e.mu.Unlock()
	switch q.service {
	case "iam", "sts":
		e.serveQuery(w, q, sigErr)
	case "s3":
		e.serveS3(w, q, sigErr)
	case "kms":
		e.serveKMS(w, q, sigErr)
	case "access-analyzer":
		e.serveAccessAnalyzer(w, q, sigErr)
	default:
		writeQueryError(w, q, newError(http.StatusBadRequest, "InvalidAction",
			"The emulator serves iam, sts and s3; the request was signed for %q", q.service))
		e.record(q, nil, http.StatusBadRequest)
	}
}

// routeService picks the service for a request.
func routeService(r *http.Request, sig *sigV4, body []byte) string {
	if sig != nil {
		return sig.Service
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") != "" {
			return serviceForVersion(form.Get("Version"))
		}
	}
	if q := r.URL.Query(); q.Get("Action") != "" {
		return serviceForVersion(q.Get("Version"))
	}
	return "s3"
}

func serviceForVersion(v string) string {
	switch v {
	case "2011-06-15":
		return "sts"
	default:
		return "iam"
	}
}

// authFailure is a reason to refuse a request's credentials.
type authFailure int

const (
	authUnknownKey authFailure = iota
	authBadToken
	authExpired
	authBadSignature
	authMissing
)

// authError is the service-specific wording of an authentication failure.
func authError(service string, f authFailure, detail string) *apiError {
	s3 := service == "s3"
	switch f {
	case authUnknownKey:
		if s3 {
			return newError(http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
		}
		return newError(http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
	case authBadToken:
		if s3 {
			return newError(http.StatusBadRequest, "InvalidToken", "The provided token is malformed or otherwise invalid.")
		}
		return newError(http.StatusForbidden, "InvalidClientTokenId", "The security token included in the request is invalid.")
	case authExpired:
		if s3 {
			return newError(http.StatusBadRequest, "ExpiredToken", "The provided token has expired.")
		}
		return newError(http.StatusForbidden, "ExpiredToken", "The security token included in the request is expired")
	case authBadSignature:
		if detail != "" && detail != "signature mismatch" {
			return newError(http.StatusForbidden, "SignatureDoesNotMatch", "%s", detail)
		}
		if s3 {
			return newError(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
		}
		return newError(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	if s3 {
		return newError(http.StatusForbidden, "AccessDenied", "Access Denied")
	}
	return newError(http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token")
}

// authenticate resolves q.caller from its signature. payloadHash is what the client signed.
// A nil error with a nil caller is an anonymous request. Caller holds e.mu.
func (e *Emulator) authenticate(q *request, payloadHash string) *apiError {
	if q.sig == nil {
		return nil
	}
	k := e.keys[q.sig.AccessKeyID]
	if k == nil {
		return authError(q.service, authUnknownKey, "")
	}
	if k.token != q.sig.SecurityToken {
		return authError(q.service, authBadToken, "")
	}
	if err := q.sig.verify(q.r, k.secret, payloadHash); err != nil {
		return authError(q.service, authBadSignature, err.Error())
	}
	if !k.expires.IsZero() && !q.now.Before(k.expires) {
		return authError(q.service, authExpired, "")
	}
	if aerr := regionRefusal(q.service, q.sig.Region, k.principal.account); aerr != nil {
		return aerr
	}
	q.caller = k.principal
	return nil
}

// record appends the outcome of q to the call log. It takes e.mu.
func (e *Emulator) record(q *request, caller *principal, status int) {
	c := Call{Service: q.service, Action: q.action, Mutating: q.mutating, Status: status}
	if caller != nil {
		c.Account, c.Caller = caller.account.id, caller.arn
	}
	e.mu.Lock()
	e.calls = append(e.calls, c)
	e.mu.Unlock()
}

// sleep waits d in real time or until the request is cancelled.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
