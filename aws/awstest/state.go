package awstest

import (
	"strings"
	"time"
)

// account is one AWS account: its IAM entities. Names are unique per account, case-insensitively;
// maps are keyed by the lower-cased name.
type account struct {
	id         string
	partition  string
	trustLimit int // ACLSizePerRole quota (non-whitespace characters)
	// enabledRegions are the opt-in Regions the account has enabled.
	enabledRegions map[string]bool
	// scps are the AWS Organizations service control policies that apply to the account.
	scps     []*policyDoc
	users    map[string]*user
	roles    map[string]*role
	policies map[string]*managedPolicy
}

type user struct {
	name, path, id, arn string
	created             time.Time
	inline              []namedPolicy
	mfaSerial, mfaCode  string // a virtual MFA device (AddMFADevice) and the code it always shows
}

type namedPolicy struct{ name, doc string }

type role struct {
	name, path, id, arn string
	description         string
	boundary            string // permissions boundary policy ARN
	maxSession          int
	created             time.Time
	visibleAt           time.Time      // when the role is usable as a principal (propagation)
	trust               []trustVersion // oldest first; the last one is what IAM reads return
	tags                []Tag
	attached            []string // managed policy ARNs, in attach order
	inline              []namedPolicy
	deleted             bool
}

// trustVersion is a trust document and the time it becomes visible to AssumeRole.
type trustVersion struct {
	doc       string
	effective time.Time
}

// currentTrust is what IAM returns (GetRole).
func (r *role) currentTrust() string { return r.trust[len(r.trust)-1].doc }

// effectiveTrust is what AssumeRole evaluates at now; ok is false while the role has not propagated.
func (r *role) effectiveTrust(now time.Time) (string, bool) {
	for i := len(r.trust) - 1; i >= 0; i-- {
		if !r.trust[i].effective.After(now) {
			return r.trust[i].doc, true
		}
	}
	return "", false
}

type managedPolicy struct {
	name, path, id, arn string
	description         string
	created, updated    time.Time
	versions            []*policyVersion // in creation order
	nextVersion         int
	defaultVersion      string
	tags                []Tag
	awsManaged          bool
}

type policyVersion struct {
	id, doc string
	created time.Time
}

func (p *managedPolicy) version(id string) *policyVersion {
	for _, v := range p.versions {
		if v.id == id {
			return v
		}
	}
	return nil
}

func (p *managedPolicy) defaultDoc() string {
	if v := p.version(p.defaultVersion); v != nil {
		return v.doc
	}
	return ""
}

type bucket struct {
	name, account, region string
	created               time.Time
	objects               map[string]*object
	cfg                   bucketConfig // encryption, policy, versioning, Object Lock, ownership, lifecycle
}

type object struct {
	key, contentType, etag string
	body                   []byte
	modified               time.Time
	meta                   map[string]string // x-amz-meta-* and x-amz-checksum-* headers, canonical names
}

// Tag is an IAM tag.
type Tag struct{ Key, Value string }

// accessKey maps an access key ID to its secret and the principal it authenticates.
type accessKey struct {
	id, secret, token string
	expires           time.Time // zero for long-term keys
	principal         *principal
}

// principal is an authenticated caller: an IAM user or an assumed-role session.
type principal struct {
	account       *account
	arn           string
	userID        string
	user          *user
	role          *role // assumed-role sessions
	session       string
	sessionPolicy *policyDoc
}

func (p *principal) isSession() bool { return p.role != nil }

// roleKey and friends normalise IAM names for case-insensitive lookup.
func nameKey(name string) string { return strings.ToLower(name) }

func (a *account) role(name string) *role { return a.roles[nameKey(name)] }

func (a *account) policyByARN(arn string) *managedPolicy {
	for _, p := range a.policies {
		if p.arn == arn {
			return p
		}
	}
	return nil
}

// attachmentCount counts the roles a managed policy is attached to.
func (a *account) attachmentCount(policyARN string) int {
	n := 0
	for _, r := range a.roles {
		for _, at := range r.attached {
			if at == policyARN {
				n++
			}
		}
	}
	return n
}
