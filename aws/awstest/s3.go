package awstest

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// s3Handler serves one S3 operation on a bucket (and key). body is the decoded payload.
type s3Handler func(e *Emulator, q *request, bucketName, key string, body []byte) (*s3Response, *apiError)

type s3Op struct {
	handle   s3Handler
	mutating bool
}

var s3Ops = map[string]s3Op{
	"ListBuckets":       {handle: (*Emulator).s3ListBuckets},
	"CreateBucket":      {handle: (*Emulator).s3CreateBucket, mutating: true},
	"DeleteBucket":      {handle: (*Emulator).s3DeleteBucket, mutating: true},
	"HeadBucket":        {handle: (*Emulator).s3HeadBucket},
	"GetBucketLocation": {handle: (*Emulator).s3GetBucketLocation},
	"ListObjectsV2":     {handle: (*Emulator).s3ListObjects},
	"ListObjects":       {handle: (*Emulator).s3ListObjects},
	"PutObject":         {handle: (*Emulator).s3PutObject, mutating: true},
	"GetObject":         {handle: (*Emulator).s3GetObject},
	"HeadObject":        {handle: (*Emulator).s3GetObject},
	"DeleteObject":      {handle: (*Emulator).s3DeleteObject, mutating: true},
}

func init() {
	for _, action := range s3BucketSubresources {
		s3Ops[action] = s3Op{handle: (*Emulator).s3BucketConfig, mutating: !strings.HasPrefix(action, "Get")}
	}
}

// s3ListParams are the query parameters a bucket listing accepts.
var s3ListParams = map[string]bool{
	"list-type": true, "prefix": true, "delimiter": true, "max-keys": true, "continuation-token": true,
	"start-after": true, "encoding-type": true, "fetch-owner": true, "marker": true,
}

// classifyS3 maps a path-style request to an operation name.
func classifyS3(r *http.Request) (action, bucketName, key string, err *apiError) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	bucketName, key, _ = strings.Cut(path, "/")
	q := r.URL.Query()
	sub := ""
	for k := range q {
		if k == "x-id" || strings.HasPrefix(k, "X-Amz-") || (bucketName != "" && key == "" && r.Method == http.MethodGet && s3ListParams[k]) {
			continue
		}
		sub = k
	}
	notImplemented := newError(http.StatusNotImplemented, "NotImplemented", "A header you provided implies functionality that is not implemented")
	switch {
	case bucketName == "":
		if r.Method == http.MethodGet && sub == "" {
			return "ListBuckets", "", "", nil
		}
	case key == "":
		if action, ok := s3BucketSubresources[r.Method+" "+sub]; ok {
			return action, bucketName, "", nil
		}
		switch {
		case r.Method == http.MethodHead && sub == "":
			return "HeadBucket", bucketName, "", nil
		case r.Method == http.MethodPut && sub == "":
			return "CreateBucket", bucketName, "", nil
		case r.Method == http.MethodDelete && sub == "":
			return "DeleteBucket", bucketName, "", nil
		case r.Method == http.MethodGet && sub == "location":
			return "GetBucketLocation", bucketName, "", nil
		case r.Method == http.MethodGet && sub == "" && q.Get("list-type") == "2":
			return "ListObjectsV2", bucketName, "", nil
		case r.Method == http.MethodGet && sub == "":
			return "ListObjects", bucketName, "", nil
		}
	default:
		if sub != "" || r.Header.Get("X-Amz-Copy-Source") != "" {
			break
		}
		switch r.Method {
		case http.MethodPut:
			return "PutObject", bucketName, key, nil
		case http.MethodGet:
			return "GetObject", bucketName, key, nil
		case http.MethodHead:
			return "HeadObject", bucketName, key, nil
		case http.MethodDelete:
			return "DeleteObject", bucketName, key, nil
		}
	}
	name := r.Method + " " + r.URL.Path
	if sub != "" {
		name += "?" + sub
	}
	return name, bucketName, key, notImplemented
}

// serveS3 answers a path-style S3 request.
func (e *Emulator) serveS3(w http.ResponseWriter, q *request, sigErr error) {
	status := e.runS3(w, q, sigErr)
	e.record(q, q.caller, status)
	if q.dropped {
		dropReply()
	}
}

func (e *Emulator) runS3(w http.ResponseWriter, q *request, sigErr error) int {
	action, bucketName, key, aerr := classifyS3(q.r)
	q.action = action
	op := s3Ops[action]
	q.mutating = op.mutating || (aerr != nil && q.r.Method != http.MethodGet && q.r.Method != http.MethodHead)
	if sigErr != nil {
		code := "AuthorizationHeaderMalformed"
		if q.r.Header.Get("Authorization") == "" {
			code = "AuthorizationQueryParametersError"
		}
		return writeS3Error(w, q, newError(http.StatusBadRequest, code, "%v", sigErr))
	}
	payloadHash, aerr2 := s3PayloadHash(q)
	if aerr2 != nil {
		return writeS3Error(w, q, aerr2)
	}
	e.mu.Lock()
	q.now = e.now()
	if authErr := e.authenticate(q, payloadHash); authErr != nil {
		e.mu.Unlock()
		return writeS3Error(w, q, authErr)
	}
	if aerr != nil {
		e.mu.Unlock()
		return writeS3Error(w, q, aerr)
	}
	latency, fault := e.takeFault(q.op())
	e.mu.Unlock()

	sleep(q.r.Context(), latency)
	if fault != noFault && fault != dropFault {
		return writeS3Error(w, q, faultError("s3", fault))
	}
	body, aerr := s3Payload(q, payloadHash)
	if aerr != nil {
		return writeS3Error(w, q, aerr)
	}
	e.mu.Lock()
	q.now = e.now()
	resp, aerr := op.handle(e, q, bucketName, key, body)
	e.mu.Unlock()
	if fault == dropFault {
		q.dropped, w = true, newDiscardWriter()
	}
	if aerr != nil {
		return writeS3Error(w, q, aerr)
	}
	return writeS3Response(w, q, resp)
}

// s3PayloadHash is the payload hash the client signed: x-amz-content-sha256 for header auth,
// UNSIGNED-PAYLOAD for presigned URLs.
func s3PayloadHash(q *request) (string, *apiError) {
	if q.sig == nil || q.sig.Presigned {
		return "UNSIGNED-PAYLOAD", nil
	}
	h := q.r.Header.Get("X-Amz-Content-Sha256")
	if h == "" {
		return "", newError(http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
	}
	return h, nil
}

// s3Payload checks the body against the signed payload hash and decodes aws-chunked uploads.
func s3Payload(q *request, payloadHash string) ([]byte, *apiError) {
	switch {
	case payloadHash == "UNSIGNED-PAYLOAD":
		return q.body, nil
	case strings.HasPrefix(payloadHash, "STREAMING-"):
		body, err := decodeAWSChunked(q.body)
		if err != nil {
			return nil, newError(http.StatusBadRequest, "IncompleteBody", "aws-chunked body: %v", err)
		}
		return body, nil
	case sha256Hex(q.body) != strings.ToLower(payloadHash):
		return nil, newError(http.StatusBadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}
	return q.body, nil
}

func s3BucketARN(partition, bucketName string) string {
	return "arn:" + partition + ":s3:::" + bucketName
}

// bucketFor returns an existing bucket after the region check: 404 NoSuchBucket when absent,
// 301 with x-amz-bucket-region when the request was signed for another region (400 for a bucket in
// an opt-in Region). Caller holds e.mu.
func (e *Emulator) bucketFor(q *request, name string) (*bucket, *apiError) {
	b := e.buckets[name]
	if b == nil {
		aerr := newError(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		aerr.Extra = []xmlField{{"BucketName", name}}
		return nil, aerr
	}
	if q.sig != nil && q.sig.Region != b.region && answersWrongRegionWith400(b.region) {
		aerr := newError(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The %s location constraint is incompatible for the region specific endpoint this request was sent to.", b.region)
		aerr.Header = http.Header{"X-Amz-Bucket-Region": {b.region}}
		return nil, aerr
	}
	if q.sig != nil && q.sig.Region != b.region {
		aerr := newError(http.StatusMovedPermanently, "PermanentRedirect",
			"The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.")
		aerr.Extra = []xmlField{{"Bucket", name}, {"Endpoint", q.r.Host}}
		aerr.Header = http.Header{"X-Amz-Bucket-Region": {b.region}}
		return nil, aerr
	}
	if owner := q.r.Header.Get("X-Amz-Expected-Bucket-Owner"); owner != "" && owner != b.account {
		// S3 answers a bucket owned by another account than the expected one as it would a denial.
		return nil, newError(http.StatusForbidden, "AccessDenied", "Access Denied")
	}
	return b, nil
}

// authorizeS3 checks a request on a resource of b against the caller's identity policies and the
// bucket policy (resource_policy.go). Caller holds e.mu.
func (e *Emulator) authorizeS3(q *request, b *bucket, action, resource string, extra condContext) *apiError {
	aerr := e.authorizeBucket(q, b, action, resource, extra)
	if aerr != nil {
		aerr.Header = http.Header{"X-Amz-Bucket-Region": {b.region}}
	}
	return aerr
}

func (e *Emulator) partitionOf(accountID string) string {
	if a := e.accounts[accountID]; a != nil {
		return a.partition
	}
	return "aws"
}

func (e *Emulator) s3HeadBucket(q *request, name, _ string, _ []byte) (*s3Response, *apiError) {
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, "s3:ListBucket", s3BucketARN(e.partitionOf(b.account), name), nil); aerr != nil {
		return nil, aerr
	}
	return &s3Response{status: http.StatusOK, header: http.Header{
		"X-Amz-Bucket-Region":      {b.region},
		"X-Amz-Access-Point-Alias": {"false"},
	}}, nil
}

func (e *Emulator) s3GetBucketLocation(q *request, name, _ string, _ []byte) (*s3Response, *apiError) {
	b := e.buckets[name]
	if b == nil {
		aerr := newError(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		aerr.Extra = []xmlField{{"BucketName", name}}
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, "s3:GetBucketLocation", s3BucketARN(e.partitionOf(b.account), name), nil); aerr != nil {
		return nil, aerr
	}
	loc := b.region
	if loc == "us-east-1" {
		loc = ""
	}
	body, err := xmlBody(s3LocationResult{Location: loc})
	if err != nil {
		return nil, newError(http.StatusInternalServerError, "InternalError", "encode location: %v", err)
	}
	return &s3Response{status: http.StatusOK, body: body}, nil
}

var bucketNamePattern = lazyre.New(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

func (e *Emulator) s3CreateBucket(q *request, name, _ string, body []byte) (*s3Response, *apiError) {
	if !bucketNamePattern.MatchString(name) || strings.Contains(name, "..") {
		aerr := newError(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.")
		aerr.Extra = []xmlField{{"BucketName", name}}
		return nil, aerr
	}
	var cfg s3CreateBucketConfiguration
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := xml.Unmarshal(body, &cfg); err != nil {
			return nil, newError(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
	}
	region := cfg.LocationConstraint
	switch region {
	case "":
		region = "us-east-1"
		if q.region() != "us-east-1" {
			return nil, newError(http.StatusBadRequest, "IllegalLocationConstraintException",
				"The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
		}
	case "us-east-1":
		return nil, newError(http.StatusBadRequest, "InvalidLocationConstraint", "The specified location-constraint is not valid")
	case "EU":
		region = "eu-west-1"
	}
	if q.region() != "us-east-1" && q.region() != region {
		return nil, newError(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The %s location constraint is incompatible for the region specific endpoint this request was sent to.", region)
	}
	if q.caller == nil {
		return nil, newError(http.StatusForbidden, "AccessDenied", "Access Denied")
	}
	partition := q.caller.account.partition
	if aerr := e.authorize(q, "s3:CreateBucket", s3BucketARN(partition, name), nil); aerr != nil {
		return nil, aerr
	}
	if b := e.buckets[name]; b != nil {
		if b.account == q.caller.account.id {
			return nil, newError(http.StatusConflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
		}
		return nil, newError(http.StatusConflict, "BucketAlreadyExists",
			"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.")
	}
	e.buckets[name] = &bucket{name: name, account: q.caller.account.id, region: region, created: q.now, objects: map[string]*object{}, cfg: defaultBucketConfig()}
	if strings.EqualFold(q.r.Header.Get("X-Amz-Bucket-Object-Lock-Enabled"), "true") {
		e.buckets[name].cfg.versioning, e.buckets[name].cfg.objectLock = "Enabled", &s3ObjectLock{ObjectLockEnabled: "Enabled"}
	}
	return &s3Response{status: http.StatusOK, header: http.Header{"Location": {"/" + name}}}, nil
}

func (e *Emulator) s3DeleteBucket(q *request, name, _ string, _ []byte) (*s3Response, *apiError) {
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, "s3:DeleteBucket", s3BucketARN(e.partitionOf(b.account), name), nil); aerr != nil {
		return nil, aerr
	}
	if len(b.objects) > 0 {
		aerr := newError(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty")
		aerr.Extra = []xmlField{{"BucketName", name}}
		return nil, aerr
	}
	delete(e.buckets, name)
	return &s3Response{status: http.StatusNoContent}, nil
}

func (e *Emulator) s3ListBuckets(q *request, _, _ string, _ []byte) (*s3Response, *apiError) {
	if q.caller == nil {
		return nil, newError(http.StatusForbidden, "AccessDenied", "Access Denied")
	}
	if aerr := e.authorize(q, "s3:ListAllMyBuckets", "*", nil); aerr != nil {
		return nil, aerr
	}
	out := s3ListBucketsResult{Owner: s3Owner{ID: fmt.Sprintf("%x", md5.Sum([]byte(q.caller.account.id)))}}
	for _, name := range sortedKeys(e.buckets) {
		b := e.buckets[name]
		if b.account == q.caller.account.id {
			out.Buckets = append(out.Buckets, s3Bucket{Name: name, CreationDate: s3Time(b.created), BucketRegion: b.region})
		}
	}
	body, err := xmlBody(out)
	if err != nil {
		return nil, newError(http.StatusInternalServerError, "InternalError", "encode buckets: %v", err)
	}
	return &s3Response{status: http.StatusOK, body: body}, nil
}

func etagOf(body []byte) string {
	sum := md5.Sum(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}
