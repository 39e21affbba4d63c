package awstest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"sync"
	"time"
)

// Default quotas and seed values.
const (
	// TrustPolicySizeDefault is IAM's default ACLSizePerRole quota (non-whitespace characters).
	TrustPolicySizeDefault = 2048
	// TrustPolicySizeMax is the highest ACLSizePerRole quota Service Quotas grants.
	TrustPolicySizeMax = 4096
	// ManagedPolicySize is the (fixed) PolicySize quota of a customer managed policy.
	ManagedPolicySize = 6144
	// DefaultRegion is the region Env and the CLI/SDK helpers sign with.
	DefaultRegion = "us-east-1"
)

// Emulator is an in-process AWS IAM + STS + S3 emulator. It is an http.Handler; serve it with Serve
// or NewTestServer and point the SDK or the aws CLI at the URL. All methods are safe for concurrent use.
type Emulator struct {
	mu          sync.Mutex
	now         func() time.Time
	accounts    map[string]*account
	keys        map[string]*accessKey
	buckets     map[string]*bucket
	awsPolicies map[string]*managedPolicy // AWS managed policies by name, shared by all accounts
	faults      map[string]*Fault
	aaFindings  []AnalyzerFinding // SetAccessAnalyzerFindings
	propagation time.Duration
	// readAfterCreate is how long a new role or policy is unknown to AttachRolePolicy.
	readAfterCreate time.Duration
	calls           []Call
	seq             uint64

	// kmsKeys are the KMS keys by ARN; kmsAliases maps alias ARNs to key ARNs.
	kmsKeys    map[string]*kmsKey
	kmsAliases map[string]string
}

// Option configures an Emulator.
type Option func(*Emulator)

// WithClock makes the emulator read time from now (session expiry, propagation, dates). Tests pass a
// fake clock and advance it instead of sleeping. Fault latency still waits in real time.
func WithClock(now func() time.Time) Option {
	return func(e *Emulator) { e.now = now }
}

// WithPropagationDelay is SetPropagationDelay as an option.
func WithPropagationDelay(d time.Duration) Option {
	return func(e *Emulator) { e.propagation = d }
}

// New returns an empty emulator (no accounts) using real time unless WithClock is given.
func New(opts ...Option) *Emulator {
	e := &Emulator{
		now:         time.Now,
		accounts:    map[string]*account{},
		keys:        map[string]*accessKey{},
		buckets:     map[string]*bucket{},
		awsPolicies: map[string]*managedPolicy{},
		faults:      map[string]*Fault{},
	}
	for _, o := range opts {
		o(e)
	}
	e.seedAWSManagedPolicies()
	return e
}

// Credentials are AWS keys handed out by the emulator. String redacts the secret and token.
type Credentials struct{ AccessKeyID, SecretAccessKey, SessionToken string }

// String shows the access key ID only.
func (c Credentials) String() string {
	s := "awstest.Credentials{AccessKeyID: " + c.AccessKeyID + ", SecretAccessKey: <redacted>"
	if c.SessionToken != "" {
		s += ", SessionToken: <redacted>"
	}
	return s + "}"
}

// GoString is String, so %#v does not leak secrets either.
func (c Credentials) GoString() string { return c.String() }

// AdminPolicy returns an identity policy that allows everything.
func AdminPolicy() string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
}

// AssumeRolePolicy returns an identity policy that allows sts:AssumeRole on the given role ARNs
// (or on every role when none are given), e.g. for the Palette principal.
func AssumeRolePolicy(roleARNs ...string) string {
	res := `"*"`
	if len(roleARNs) > 0 {
		res = "["
		for i, a := range roleARNs {
			if i > 0 {
				res += ","
			}
			res += fmt.Sprintf("%q", a)
		}
		res += "]"
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":` + res + `}]}`
}

// AddAccount registers an account in the "aws" partition. Adding an existing account is a no-op.
func (e *Emulator) AddAccount(id string) { e.AddAccountInPartition(id, "aws") }

// AddAccountInPartition registers an account in partition (aws, aws-cn, aws-us-gov, ...).
func (e *Emulator) AddAccountInPartition(id, partition string) {
	if !isAccountID(id) {
		panic(fmt.Sprintf("awstest: account ID %q is not 12 digits", id))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.accounts[id]; ok {
		return
	}
	e.accounts[id] = &account{
		id: id, partition: partition, trustLimit: TrustPolicySizeDefault,
		users: map[string]*user{}, roles: map[string]*role{}, policies: map[string]*managedPolicy{},
	}
}

// SetTrustPolicySizeLimit sets an account's ACLSizePerRole quota (2048 by default, at most 4096).
func (e *Emulator) SetTrustPolicySizeLimit(accountID string, limit int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustAccount(accountID).trustLimit = limit
}

// AddUser creates IAM user name in account with the given inline identity policies (JSON documents,
// e.g. AdminPolicy()) and returns a new long-term access key for it. A user without policies can call
// only sts:GetCallerIdentity. AddUser panics when the account is unknown or a policy is invalid.
func (e *Emulator) AddUser(accountID, name string, identityPolicies ...string) Credentials {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	u := a.users[nameKey(name)]
	if u == nil {
		u = &user{name: name, path: "/", id: e.newID("AIDA"), arn: fmt.Sprintf("arn:%s:iam::%s:user/%s", a.partition, a.id, name), created: e.now()}
		a.users[nameKey(name)] = u
	}
	for i, doc := range identityPolicies {
		if _, err := validatePolicy(doc, kindIdentity); err != nil {
			panic(fmt.Sprintf("awstest: AddUser %s policy %d: %v", name, i, err))
		}
		u.inline = append(u.inline, namedPolicy{name: fmt.Sprintf("policy-%d", len(u.inline)+1), doc: doc})
	}
	k := &accessKey{id: e.newID("AKIA"), secret: randomSecret(30),
		principal: &principal{account: a, arn: u.arn, userID: u.id, user: u}}
	e.keys[k.id] = k
	return Credentials{AccessKeyID: k.id, SecretAccessKey: k.secret}
}

// AddRole creates role name (path "/") in account with the trust policy trustDoc, immediately visible (no
// propagation delay): a setup helper for principals such as Account A's SpectroCloudRole. It panics
// when the account is unknown, the role exists or the trust policy is not valid JSON policy.
func (e *Emulator) AddRole(accountID, name, trustDoc string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	if a.role(name) != nil {
		panic(fmt.Sprintf("awstest: AddRole: role %s already exists in %s", name, accountID))
	}
	if _, err := validatePolicy(trustDoc, kindTrust); err != nil {
		panic(fmt.Sprintf("awstest: AddRole %s: %v", name, err))
	}
	now := e.now()
	a.roles[nameKey(name)] = &role{
		name: name, path: "/", id: e.newID("AROA"), maxSession: 3600, created: now, visibleAt: now,
		arn:   fmt.Sprintf("arn:%s:iam::%s:role/%s", a.partition, a.id, name),
		trust: []trustVersion{{doc: storedTrust(trustDoc, a.partition), effective: now}},
	}
}

// AddRolePolicy adds an inline identity policy to an existing role (setup helper; e.g. allow Account
// A's role to call sts:AssumeRole). It panics when the role is unknown or the policy invalid.
func (e *Emulator) AddRolePolicy(accountID, roleName, policy string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.mustAccount(accountID).role(roleName)
	if r == nil {
		panic(fmt.Sprintf("awstest: AddRolePolicy: no role %s in %s", roleName, accountID))
	}
	if _, err := validatePolicy(policy, kindIdentity); err != nil {
		panic(fmt.Sprintf("awstest: AddRolePolicy %s: %v", roleName, err))
	}
	r.inline = append(r.inline, namedPolicy{name: fmt.Sprintf("inline-%d", len(r.inline)+1), doc: policy})
}

// RoleCredentials issues temporary credentials for a session of an existing role without going
// through STS or its trust policy, the way an instance profile or IRSA hands a role to a workload
// (e.g. a cluster in Account A running as SpectroCloudRole). They are valid for one hour.
func (e *Emulator) RoleCredentials(accountID, roleName, sessionName string) Credentials {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	r := a.role(roleName)
	if r == nil {
		panic(fmt.Sprintf("awstest: RoleCredentials: no role %s in %s", roleName, accountID))
	}
	k := e.issueSession(a, r, sessionName, nil, time.Hour)
	return Credentials{AccessKeyID: k.id, SecretAccessKey: k.secret, SessionToken: k.token}
}

// CreateBucket creates bucket in region, owned by account (setup helper; no authorization); an
// opt-in region is enabled for the account.
// It panics when the account is unknown or the bucket already exists.
func (e *Emulator) CreateBucket(accountID, bucketName, region string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	if _, ok := e.buckets[bucketName]; ok {
		panic(fmt.Sprintf("awstest: CreateBucket: bucket %s already exists", bucketName))
	}
	e.buckets[bucketName] = &bucket{name: bucketName, account: accountID, region: region, created: e.now(), objects: map[string]*object{}, cfg: defaultBucketConfig()}
	if optInRegions[region] {
		if a.enabledRegions == nil {
			a.enabledRegions = map[string]bool{}
		}
		a.enabledRegions[region] = true
	}
}

// SetPropagationDelay makes roles created, and trust policies changed, after this call invisible to
// AssumeRole for d (AssumeRole keeps evaluating the previous trust document; a new role is denied),
// and makes a new role invalid as a principal in other trust policies for d. Zero turns it off.
func (e *Emulator) SetPropagationDelay(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.propagation = d
}

func (e *Emulator) mustAccount(id string) *account {
	a := e.accounts[id]
	if a == nil {
		panic(fmt.Sprintf("awstest: unknown account %s (call AddAccount first)", id))
	}
	return a
}

// issueSession creates temporary credentials for a session of r. Caller holds e.mu.
func (e *Emulator) issueSession(a *account, r *role, session string, policy *policyDoc, d time.Duration) *accessKey {
	k := &accessKey{
		id: e.newID("ASIA"), secret: randomSecret(30), token: "FwoGZXIvYXdzE" + randomSecret(96),
		expires: e.now().Add(d),
		principal: &principal{
			account: a, role: r, session: session, sessionPolicy: policy,
			arn:    fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", a.partition, a.id, r.name, session),
			userID: r.id + ":" + session,
		},
	}
	e.keys[k.id] = k
	return k
}

// newID returns a deterministic AWS-looking unique ID: prefix + 16 or 17 base32 characters
// (access key IDs are 20 characters long, other unique IDs 21). Caller holds e.mu.
func (e *Emulator) newID(prefix string) string {
	e.seq++
	sum := sha256.Sum256(fmt.Appendf(nil, "awstest/%s/%d", prefix, e.seq))
	s := base32.StdEncoding.EncodeToString(sum[:])
	n := 17
	if prefix == "AKIA" || prefix == "ASIA" {
		n = 16
	}
	return prefix + s[:n]
}

// newRequestID returns a deterministic UUID-shaped request ID. Caller holds e.mu.
func (e *Emulator) newRequestID() string {
	e.seq++
	sum := sha256.Sum256(fmt.Appendf(nil, "awstest/request/%d", e.seq))
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// randomSecret returns n random bytes, base64-encoded (secrets are not deterministic on purpose).
func randomSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("awstest: random: %v", err))
	}
	return base64.StdEncoding.EncodeToString(b)
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
