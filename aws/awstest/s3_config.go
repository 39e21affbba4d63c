package awstest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// bucketConfig is a bucket's configuration subresources. A new bucket has what
// S3 gives every bucket since 2023: SSE-S3 default encryption, Object
// Ownership BucketOwnerEnforced and all four Block Public Access settings on
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html,
// https://aws.amazon.com/about-aws/whats-new/2022/12/amazon-s3-automatically-enable-block-public-access-disable-access-control-lists-buckets-april-2023/).
type bucketConfig struct {
	encryption *s3Encryption // nil: ServerSideEncryptionConfigurationNotFoundError
	policy     string        // "" : NoSuchBucketPolicy
	versioning string        // "", "Enabled" or "Suspended"
	objectLock *s3ObjectLock // nil: ObjectLockConfigurationNotFoundError
	ownership  string        // "": OwnershipControlsNotFoundError
	pab        *s3PublicAccessBlock
	lifecycle  []s3LifecycleRule // nil: NoSuchLifecycleConfiguration
}

func defaultBucketConfig() bucketConfig {
	return bucketConfig{
		encryption: &s3Encryption{Rules: []s3EncryptionRule{{Default: s3EncryptionDefault{SSEAlgorithm: "AES256"}}}},
		ownership:  "BucketOwnerEnforced",
		pab:        &s3PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true},
	}
}

const s3NS = "http://s3.amazonaws.com/doc/2006-03-01/"

type s3EncryptionDefault struct {
	SSEAlgorithm   string
	KMSMasterKeyID string `xml:",omitempty"`
}

type s3EncryptionRule struct {
	Default          s3EncryptionDefault `xml:"ApplyServerSideEncryptionByDefault"`
	BucketKeyEnabled bool
}

type s3Encryption struct {
	XMLName xml.Name           `xml:"ServerSideEncryptionConfiguration"`
	Rules   []s3EncryptionRule `xml:"Rule"`
}

type s3Versioning struct {
	XMLName   xml.Name `xml:"VersioningConfiguration"`
	Status    string   `xml:",omitempty"`
	MfaDelete string   `xml:",omitempty"`
}

type s3DefaultRetention struct {
	Mode  string
	Days  int `xml:",omitempty"`
	Years int `xml:",omitempty"`
}

type s3ObjectLockRule struct {
	DefaultRetention s3DefaultRetention
}

type s3ObjectLock struct {
	XMLName           xml.Name          `xml:"ObjectLockConfiguration"`
	ObjectLockEnabled string            `xml:",omitempty"`
	Rule              *s3ObjectLockRule `xml:",omitempty"`
}

type s3OwnershipControls struct {
	XMLName xml.Name `xml:"OwnershipControls"`
	Rules   []struct {
		ObjectOwnership string
	} `xml:"Rule"`
}

type s3PublicAccessBlock struct {
	XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

type s3LifecycleFilter struct {
	Prefix *string `xml:",omitempty"`
	And    *struct {
		Prefix *string `xml:",omitempty"`
	} `xml:",omitempty"`
}

type s3LifecycleRule struct {
	ID         string             `xml:",omitempty"`
	Filter     *s3LifecycleFilter `xml:",omitempty"`
	Prefix     *string            `xml:",omitempty"` // the legacy top-level prefix
	Status     string
	Expiration *struct {
		Days                      int    `xml:",omitempty"`
		Date                      string `xml:",omitempty"`
		ExpiredObjectDeleteMarker bool   `xml:",omitempty"`
	} `xml:",omitempty"`
	Transitions []struct {
		Days         int `xml:",omitempty"`
		StorageClass string
	} `xml:"Transition,omitempty"`
	NoncurrentVersionExpiration *struct {
		NoncurrentDays          int `xml:",omitempty"`
		NewerNoncurrentVersions int `xml:",omitempty"`
	} `xml:",omitempty"`
	AbortIncompleteMultipartUpload *struct {
		DaysAfterInitiation int
	} `xml:",omitempty"`
}

type s3Lifecycle struct {
	XMLName xml.Name          `xml:"LifecycleConfiguration"`
	Rules   []s3LifecycleRule `xml:"Rule"`
}

// s3BucketSubresources maps a bucket subresource request ("METHOD sub") to its operation.
var s3BucketSubresources = map[string]string{
	"GET encryption":           "GetBucketEncryption",
	"PUT encryption":           "PutBucketEncryption",
	"DELETE encryption":        "DeleteBucketEncryption",
	"GET policy":               "GetBucketPolicy",
	"PUT policy":               "PutBucketPolicy",
	"DELETE policy":            "DeleteBucketPolicy",
	"GET versioning":           "GetBucketVersioning",
	"PUT versioning":           "PutBucketVersioning",
	"GET object-lock":          "GetObjectLockConfiguration",
	"PUT object-lock":          "PutObjectLockConfiguration",
	"GET ownershipControls":    "GetBucketOwnershipControls",
	"PUT ownershipControls":    "PutBucketOwnershipControls",
	"DELETE ownershipControls": "DeleteBucketOwnershipControls",
	"GET publicAccessBlock":    "GetPublicAccessBlock",
	"PUT publicAccessBlock":    "PutPublicAccessBlock",
	"DELETE publicAccessBlock": "DeletePublicAccessBlock",
	"GET lifecycle":            "GetBucketLifecycleConfiguration",
	"PUT lifecycle":            "PutBucketLifecycleConfiguration",
	"DELETE lifecycle":         "DeleteBucketLifecycle",
}

// s3ConfigOp is a bucket configuration operation: the IAM action that
// authorizes it and what it does.
type s3ConfigOp struct {
	action string
	get    func(c *bucketConfig) (any, *apiError)       // GET: the document to return
	put    func(c *bucketConfig, body []byte) *apiError // PUT
	del    func(c *bucketConfig) *apiError              // DELETE
}

func notFound(code, msg string) *apiError { return newError(http.StatusNotFound, code, "%s", msg) }

func malformedXML() *apiError {
	return newError(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
}

// decodeS3XML decodes a configuration body, ignoring the S3 namespace.
func decodeS3XML(body []byte, v any) *apiError {
	if err := xml.Unmarshal(body, v); err != nil {
		return malformedXML()
	}
	return nil
}

var s3ConfigOps = map[string]s3ConfigOp{
	"GetBucketEncryption": {action: "s3:GetEncryptionConfiguration", get: func(c *bucketConfig) (any, *apiError) {
		if c.encryption == nil {
			return nil, notFound("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
		}
		return c.encryption, nil
	}},
	"PutBucketEncryption": {action: "s3:PutEncryptionConfiguration", put: func(c *bucketConfig, body []byte) *apiError {
		var enc s3Encryption
		if aerr := decodeS3XML(body, &enc); aerr != nil {
			return aerr
		}
		if len(enc.Rules) != 1 {
			return malformedXML()
		}
		d := enc.Rules[0].Default
		switch d.SSEAlgorithm {
		case "AES256":
			if d.KMSMasterKeyID != "" {
				return newError(http.StatusBadRequest, "InvalidArgument", "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse")
			}
		case "aws:kms", "aws:kms:dsse":
		default:
			return malformedXML()
		}
		c.encryption = &enc
		return nil
	}},
	"DeleteBucketEncryption": {action: "s3:PutEncryptionConfiguration", del: func(c *bucketConfig) *apiError {
		// S3 encrypts every bucket since 2023: deleting the configuration restores SSE-S3.
		c.encryption = defaultBucketConfig().encryption
		return nil
	}},
	"GetBucketPolicy": {action: "s3:GetBucketPolicy", get: func(c *bucketConfig) (any, *apiError) {
		if c.policy == "" {
			return nil, notFound("NoSuchBucketPolicy", "The bucket policy does not exist")
		}
		return rawJSON(c.policy), nil
	}},
	"PutBucketPolicy": {action: "s3:PutBucketPolicy", put: func(c *bucketConfig, body []byte) *apiError {
		doc := string(body)
		if aerr := checkBucketPolicy(doc, c.pab); aerr != nil {
			return aerr
		}
		c.policy = doc
		return nil
	}},
	"DeleteBucketPolicy": {action: "s3:DeleteBucketPolicy", del: func(c *bucketConfig) *apiError {
		c.policy = ""
		return nil
	}},
	"GetBucketVersioning": {action: "s3:GetBucketVersioning", get: func(c *bucketConfig) (any, *apiError) {
		v := s3Versioning{Status: c.versioning}
		if c.versioning != "" {
			v.MfaDelete = "Disabled"
		}
		return v, nil
	}},
	"PutBucketVersioning": {action: "s3:PutBucketVersioning", put: func(c *bucketConfig, body []byte) *apiError {
		var v s3Versioning
		if aerr := decodeS3XML(body, &v); aerr != nil {
			return aerr
		}
		if v.Status != "Enabled" && v.Status != "Suspended" {
			return malformedXML()
		}
		if v.Status == "Suspended" && c.objectLock != nil {
			return newError(http.StatusConflict, "InvalidBucketState", "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.")
		}
		c.versioning = v.Status
		return nil
	}},
	"GetObjectLockConfiguration": {action: "s3:GetBucketObjectLockConfiguration", get: func(c *bucketConfig) (any, *apiError) {
		if c.objectLock == nil {
			return nil, notFound("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")
		}
		return c.objectLock, nil
	}},
	"PutObjectLockConfiguration": {action: "s3:PutBucketObjectLockConfiguration", put: func(c *bucketConfig, body []byte) *apiError {
		var ol s3ObjectLock
		if aerr := decodeS3XML(body, &ol); aerr != nil {
			return aerr
		}
		if ol.ObjectLockEnabled != "Enabled" {
			return malformedXML()
		}
		if c.versioning != "Enabled" {
			return newError(http.StatusConflict, "InvalidBucketState", "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration")
		}
		if r := ol.Rule; r != nil {
			d := r.DefaultRetention
			if (d.Mode != "GOVERNANCE" && d.Mode != "COMPLIANCE") || (d.Days > 0) == (d.Years > 0) {
				return malformedXML()
			}
		}
		c.objectLock = &ol
		return nil
	}},
	"GetBucketOwnershipControls": {action: "s3:GetBucketOwnershipControls", get: func(c *bucketConfig) (any, *apiError) {
		if c.ownership == "" {
			return nil, notFound("OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
		}
		var oc s3OwnershipControls
		oc.Rules = append(oc.Rules, struct{ ObjectOwnership string }{c.ownership})
		return oc, nil
	}},
	"PutBucketOwnershipControls": {action: "s3:PutBucketOwnershipControls", put: func(c *bucketConfig, body []byte) *apiError {
		var oc s3OwnershipControls
		if aerr := decodeS3XML(body, &oc); aerr != nil {
			return aerr
		}
		if len(oc.Rules) != 1 {
			return malformedXML()
		}
		switch o := oc.Rules[0].ObjectOwnership; o {
		case "BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter":
			c.ownership = o
		default:
			return malformedXML()
		}
		return nil
	}},
	"DeleteBucketOwnershipControls": {action: "s3:PutBucketOwnershipControls", del: func(c *bucketConfig) *apiError {
		c.ownership = ""
		return nil
	}},
	"GetPublicAccessBlock": {action: "s3:GetBucketPublicAccessBlock", get: func(c *bucketConfig) (any, *apiError) {
		if c.pab == nil {
			return nil, notFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
		}
		return c.pab, nil
	}},
	"PutPublicAccessBlock": {action: "s3:PutBucketPublicAccessBlock", put: func(c *bucketConfig, body []byte) *apiError {
		var pab s3PublicAccessBlock
		if aerr := decodeS3XML(body, &pab); aerr != nil {
			return aerr
		}
		c.pab = &pab
		return nil
	}},
	"DeletePublicAccessBlock": {action: "s3:PutBucketPublicAccessBlock", del: func(c *bucketConfig) *apiError {
		c.pab = nil
		return nil
	}},
	"GetBucketLifecycleConfiguration": {action: "s3:GetLifecycleConfiguration", get: func(c *bucketConfig) (any, *apiError) {
		if c.lifecycle == nil {
			return nil, notFound("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist")
		}
		return s3Lifecycle{Rules: c.lifecycle}, nil
	}},
	"PutBucketLifecycleConfiguration": {action: "s3:PutLifecycleConfiguration", put: func(c *bucketConfig, body []byte) *apiError {
		var lc s3Lifecycle
		if aerr := decodeS3XML(body, &lc); aerr != nil {
			return aerr
		}
		if len(lc.Rules) == 0 {
			return malformedXML()
		}
		for _, r := range lc.Rules {
			if r.Status != "Enabled" && r.Status != "Disabled" {
				return malformedXML()
			}
		}
		c.lifecycle = lc.Rules
		return nil
	}},
	"DeleteBucketLifecycle": {action: "s3:PutLifecycleConfiguration", del: func(c *bucketConfig) *apiError {
		c.lifecycle = nil
		return nil
	}},
}

// rawJSON is a GetBucketPolicy answer: the document itself, not XML.
type rawJSON string

// checkBucketPolicy refuses what PutBucketPolicy refuses: a document that is
// not a policy, a statement without a Principal or Resource, and a public
// policy while BlockPublicPolicy is on.
func checkBucketPolicy(doc string, pab *s3PublicAccessBlock) *apiError {
	malformed := func(msg string) *apiError { return newError(http.StatusBadRequest, "MalformedPolicy", "%s", msg) }
	if !strings.HasPrefix(strings.TrimSpace(doc), "{") {
		return malformed("Policies must be valid JSON and the first byte must be '{'")
	}
	p, err := parsePolicy(doc)
	if err != nil {
		return malformed(err.Error())
	}
	if len(p.Statements) == 0 {
		return malformed("Could not parse the policy: Statement is empty!")
	}
	for _, st := range p.Statements {
		if st.Principal == nil && st.NotPrincipal == nil {
			return malformed("Missing required field Principal")
		}
		if !st.hasResource && !st.hasNotResource {
			return malformed("Missing required field Resource")
		}
		for _, a := range append(append([]string{}, st.Action...), st.NotAction...) {
			if a != "*" && !strings.HasPrefix(strings.ToLower(a), "s3:") {
				return malformed("Policy has invalid action")
			}
		}
		if pab != nil && pab.BlockPublicPolicy && st.Effect == "Allow" && st.Principal != nil && st.Principal.Any && len(st.Conditions) == 0 {
			return newError(http.StatusForbidden, "AccessDenied", "User is not authorized to perform: s3:PutBucketPolicy on resource because public policies are blocked by the BlockPublicPolicy block public access setting.")
		}
	}
	return nil
}

// s3BucketConfig serves the configuration subresources of a bucket.
func (e *Emulator) s3BucketConfig(q *request, name, _ string, body []byte) (*s3Response, *apiError) {
	op, ok := s3ConfigOps[q.action]
	if !ok {
		return nil, newError(http.StatusNotImplemented, "NotImplemented", "A header you provided implies functionality that is not implemented")
	}
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, op.action, s3BucketARN(e.partitionOf(b.account), name), nil); aerr != nil {
		return nil, aerr
	}
	switch {
	case op.get != nil:
		doc, aerr := op.get(&b.cfg)
		if aerr != nil {
			aerr.Extra = []xmlField{{"BucketName", name}}
			return nil, aerr
		}
		if raw, ok := doc.(rawJSON); ok {
			return &s3Response{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(raw)}, nil
		}
		out, err := xmlBodyNS(doc)
		if err != nil {
			return nil, newError(http.StatusInternalServerError, "InternalError", "encode %s: %v", q.action, err)
		}
		return &s3Response{status: http.StatusOK, body: out}, nil
	case op.put != nil:
		if aerr := op.put(&b.cfg, body); aerr != nil {
			return nil, aerr
		}
		status := http.StatusOK
		if q.action == "PutBucketPolicy" || q.action == "PutPublicAccessBlock" {
			status = http.StatusNoContent
		}
		return &s3Response{status: status}, nil
	default:
		if aerr := op.del(&b.cfg); aerr != nil {
			return nil, aerr
		}
		return &s3Response{status: http.StatusNoContent}, nil
	}
}

// xmlBodyNS renders a configuration document in S3's namespace.
func xmlBodyNS(v any) ([]byte, error) {
	out, err := xmlBody(v)
	if err != nil {
		return nil, err
	}
	// encoding/xml writes the root's XMLName without a namespace when the
	// struct tag has none: add S3's, as S3 does.
	s := string(out)
	i := strings.Index(s, "?>") + 2
	j := strings.IndexAny(s[i:], " >") + i
	return []byte(s[:j] + ` xmlns="` + s3NS + `"` + s[j:]), nil
}

// s3Config returns a bucket's configuration for a setup helper; it panics when absent. Caller holds e.mu.
func (e *Emulator) s3Config(helper, bucketName string) *bucketConfig {
	b := e.buckets[bucketName]
	if b == nil {
		panic(fmt.Sprintf("awstest: %s: no bucket %s", helper, bucketName))
	}
	return &b.cfg
}

// SetBucketEncryption sets a bucket's default encryption (setup helper): algorithm "AES256",
// "aws:kms" or "aws:kms:dsse", with the key's ARN for aws:kms ("" for the AWS-managed aws/s3 key).
func (e *Emulator) SetBucketEncryption(bucketName, algorithm, kmsKeyARN string, bucketKey bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.s3Config("SetBucketEncryption", bucketName)
	c.encryption = &s3Encryption{Rules: []s3EncryptionRule{{
		Default: s3EncryptionDefault{SSEAlgorithm: algorithm, KMSMasterKeyID: kmsKeyARN}, BucketKeyEnabled: bucketKey,
	}}}
}

// SetBucketPolicy sets a bucket policy (setup helper; "" removes it). It panics when PutBucketPolicy would refuse it.
func (e *Emulator) SetBucketPolicy(bucketName, doc string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.s3Config("SetBucketPolicy", bucketName)
	if doc != "" {
		if aerr := checkBucketPolicy(doc, nil); aerr != nil {
			panic(fmt.Sprintf("awstest: SetBucketPolicy %s: %v", bucketName, aerr))
		}
	}
	c.policy = doc
}

// SetBucketVersioning sets a bucket's versioning status, "Enabled" or "Suspended" (setup helper).
func (e *Emulator) SetBucketVersioning(bucketName, status string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.s3Config("SetBucketVersioning", bucketName).versioning = status
}

// SetObjectLock enables Object Lock on a bucket (and versioning, which it requires), with a default
// retention when mode is "GOVERNANCE" or "COMPLIANCE" (days > 0); mode "" enables it without one.
func (e *Emulator) SetObjectLock(bucketName, mode string, days int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.s3Config("SetObjectLock", bucketName)
	c.versioning = "Enabled"
	c.objectLock = &s3ObjectLock{ObjectLockEnabled: "Enabled"}
	if mode != "" {
		c.objectLock.Rule = &s3ObjectLockRule{DefaultRetention: s3DefaultRetention{Mode: mode, Days: days}}
	}
}

// SetBucketOwnership sets Object Ownership ("BucketOwnerEnforced", "BucketOwnerPreferred",
// "ObjectWriter", or "" for no ownership controls).
func (e *Emulator) SetBucketOwnership(bucketName, ownership string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.s3Config("SetBucketOwnership", bucketName).ownership = ownership
}

// SetPublicAccessBlock sets the bucket's four Block Public Access settings to on; on false removes
// the configuration.
func (e *Emulator) SetPublicAccessBlock(bucketName string, on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.s3Config("SetPublicAccessBlock", bucketName)
	c.pab = nil
	if on {
		c.pab = defaultBucketConfig().pab
	}
}

// SetBucketLifecycle sets a bucket's lifecycle configuration from its XML (as PutBucketLifecycleConfiguration
// takes it); "" removes it. It panics on XML the operation refuses.
func (e *Emulator) SetBucketLifecycle(bucketName, lifecycleXML string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.s3Config("SetBucketLifecycle", bucketName)
	if lifecycleXML == "" {
		c.lifecycle = nil
		return
	}
	if aerr := s3ConfigOps["PutBucketLifecycleConfiguration"].put(c, []byte(lifecycleXML)); aerr != nil {
		panic(fmt.Sprintf("awstest: SetBucketLifecycle %s: %v", bucketName, aerr))
	}
}
