package awstest

import "sort"

// State is a deep, deterministic copy of the emulator's state: accounts (users without keys,
// roles, customer managed policies) and buckets with their objects. Timestamps are left out so
// that two snapshots compare equal with reflect.DeepEqual whenever nothing changed.
type State struct {
	Accounts []AccountState
	Buckets  []BucketState
}

// AccountState is one account.
type AccountState struct {
	ID, Partition        string
	TrustPolicySizeLimit int
	Users                []UserState
	Roles                []RoleState
	Policies             []PolicyState
}

// UserState is an IAM user (keys are never part of a snapshot).
type UserState struct {
	Name, Path, ARN, UserID string
	InlinePolicies          []NamedPolicy
}

// NamedPolicy is an inline policy.
type NamedPolicy struct{ Name, Document string }

// RoleState is an IAM role. TrustPolicy is the current document as stored (not URL-encoded).
type RoleState struct {
	Name, Path, ARN, RoleID, Description string
	TrustPolicy                          string
	MaxSessionDuration                   int
	PermissionsBoundary                  string
	Tags                                 []Tag
	AttachedPolicies                     []string
	InlinePolicies                       []NamedPolicy
}

// PolicyState is a customer managed policy.
type PolicyState struct {
	Name, Path, ARN, PolicyID, Description, DefaultVersion string
	Versions                                               []PolicyVersionState
	Tags                                                   []Tag
}

// PolicyVersionState is one version of a managed policy.
type PolicyVersionState struct {
	VersionID, Document string
	IsDefault           bool
}

// BucketState is a bucket and its objects, sorted by key.
type BucketState struct {
	Name, Account, Region string
	Objects               []ObjectState
}

// ObjectState is an object; Body is its content.
type ObjectState struct {
	Key, ETag, ContentType string
	Size                   int
	Body                   string
}

// Snapshot returns a deep copy of the state, sorted (accounts by ID, entities by name).
func (e *Emulator) Snapshot() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	var s State
	for _, id := range sortedKeys(e.accounts) {
		a := e.accounts[id]
		as := AccountState{ID: a.id, Partition: a.partition, TrustPolicySizeLimit: a.trustLimit}
		for _, k := range sortedKeys(a.users) {
			u := a.users[k]
			as.Users = append(as.Users, UserState{Name: u.name, Path: u.path, ARN: u.arn, UserID: u.id, InlinePolicies: namedPolicies(u.inline)})
		}
		for _, k := range sortedKeys(a.roles) {
			r := a.roles[k]
			as.Roles = append(as.Roles, RoleState{
				Name: r.name, Path: r.path, ARN: r.arn, RoleID: r.id, Description: r.description,
				TrustPolicy: r.currentTrust(), MaxSessionDuration: r.maxSession, PermissionsBoundary: r.boundary,
				Tags: append([]Tag(nil), r.tags...), AttachedPolicies: append([]string(nil), r.attached...),
				InlinePolicies: namedPolicies(r.inline),
			})
		}
		for _, k := range sortedKeys(a.policies) {
			p := a.policies[k]
			ps := PolicyState{Name: p.name, Path: p.path, ARN: p.arn, PolicyID: p.id, Description: p.description,
				DefaultVersion: p.defaultVersion, Tags: append([]Tag(nil), p.tags...)}
			for _, v := range p.versions {
				ps.Versions = append(ps.Versions, PolicyVersionState{VersionID: v.id, Document: v.doc, IsDefault: v.id == p.defaultVersion})
			}
			as.Policies = append(as.Policies, ps)
		}
		s.Accounts = append(s.Accounts, as)
	}
	for _, name := range sortedKeys(e.buckets) {
		b := e.buckets[name]
		bs := BucketState{Name: b.name, Account: b.account, Region: b.region}
		for _, k := range sortedKeys(b.objects) {
			o := b.objects[k]
			bs.Objects = append(bs.Objects, ObjectState{Key: o.key, ETag: o.etag, ContentType: o.contentType, Size: len(o.body), Body: string(o.body)})
		}
		s.Buckets = append(s.Buckets, bs)
	}
	return s
}

func namedPolicies(in []namedPolicy) []NamedPolicy {
	if len(in) == 0 {
		return nil
	}
	out := make([]NamedPolicy, len(in))
	for i, p := range in {
		out[i] = NamedPolicy{Name: p.name, Document: p.doc}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Account returns the snapshot of one account.
func (s State) Account(id string) (AccountState, bool) {
	for _, a := range s.Accounts {
		if a.ID == id {
			return a, true
		}
	}
	return AccountState{}, false
}

// Role returns a role of the account by exact name.
func (a AccountState) Role(name string) (RoleState, bool) {
	for _, r := range a.Roles {
		if r.Name == name {
			return r, true
		}
	}
	return RoleState{}, false
}

// Policy returns a customer managed policy of the account by exact name.
func (a AccountState) Policy(name string) (PolicyState, bool) {
	for _, p := range a.Policies {
		if p.Name == name {
			return p, true
		}
	}
	return PolicyState{}, false
}

// Bucket returns a bucket by name.
func (s State) Bucket(name string) (BucketState, bool) {
	for _, b := range s.Buckets {
		if b.Name == name {
			return b, true
		}
	}
	return BucketState{}, false
}
