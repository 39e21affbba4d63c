package steps

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/palette"
)

// fakeAccountB is an in-memory Account B for the engine's table tests: no
// wire, no signatures, no propagation (the emulators test those). It
// records every mutating call.
type fakeAccountB struct {
	mu       sync.Mutex
	id       aws.Identity
	region   string // the bucket's
	roles    map[string]*aws.Role
	policies map[string]aws.PolicyState // by ARN
	calls    []string
	// afterTrustWrite, when set, runs once right after a trust write, as
	// another admin writing just after bslwiz.
	afterTrustWrite func(role *aws.Role)
}

func newFakeAccountB() *fakeAccountB {
	return &fakeAccountB{
		id:     aws.Identity{Account: "111122223333", ARN: "arn:aws:iam::111122223333:user/admin", Partition: "aws"},
		region: "us-east-2", roles: map[string]*aws.Role{}, policies: map[string]aws.PolicyState{},
	}
}

func (f *fakeAccountB) call(s string) { f.calls = append(f.calls, s) }

func (f *fakeAccountB) mutating() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeAccountB) Identity() aws.Identity { return f.id }
func (f *fakeAccountB) Region() string         { return "us-east-1" }
func (f *fakeAccountB) PolicyARN(name, path string) string {
	return fmt.Sprintf("arn:aws:iam::%s:policy%s%s", f.id.Account, path, name)
}
func (f *fakeAccountB) HeadBucket(_ context.Context, _, region string) (aws.Bucket, error) {
	if region != f.region {
		return aws.Bucket{State: aws.BucketWrongRegion, Region: f.region}, nil
	}
	return aws.Bucket{State: aws.BucketExists, Region: f.region, Accessible: true}, nil
}
func (f *fakeAccountB) GetRole(_ context.Context, name string) (*aws.Role, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.roles[name]
	if !ok {
		return nil, fmt.Errorf("role %s: %w", name, aws.ErrNotFound)
	}
	cp := *r
	cp.AttachedPolicyARNs = slices.Clone(r.AttachedPolicyARNs)
	return &cp, nil
}
func (f *fakeAccountB) GetTrustPolicy(ctx context.Context, name string) (string, error) {
	r, err := f.GetRole(ctx, name)
	if err != nil {
		return "", err
	}
	return r.TrustPolicy, nil
}
func (f *fakeAccountB) GetPolicy(ctx context.Context, name, path string) (aws.PolicyState, error) {
	return f.GetPolicyByARN(ctx, f.PolicyARN(name, path))
}
func (f *fakeAccountB) GetPolicyByARN(_ context.Context, arn string) (aws.PolicyState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.policies[arn], nil
}
func (f *fakeAccountB) InlinePolicies(context.Context, string) ([]string, error) { return nil, nil }
func (f *fakeAccountB) SimulateRoleInRegion(context.Context, string, string, []aws.ActionCheck) ([]aws.Denial, error) {
	return nil, nil
}
func (f *fakeAccountB) EnsurePolicy(_ context.Context, spec aws.PolicySpec, _ bool) (aws.PolicyResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	arn := f.PolicyARN(spec.Name, spec.Path)
	if st, ok := f.policies[arn]; ok && st.Exists {
		return aws.PolicyResult{ARN: arn}, nil
	}
	f.call("CreatePolicy " + spec.Name)
	f.policies[arn] = aws.PolicyState{ARN: arn, Document: spec.Document, Versions: 1, DefaultVersion: "v1", Exists: true}
	return aws.PolicyResult{ARN: arn, Created: true}, nil
}
func (f *fakeAccountB) EnsureRole(_ context.Context, spec aws.RoleSpec) (*aws.Role, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r, ok := f.roles[spec.Name]; ok {
		cp := *r
		return &cp, nil
	}
	f.call("CreateRole " + spec.Name)
	r := &aws.Role{Name: spec.Name, Path: spec.Path, ARN: fmt.Sprintf("arn:aws:iam::%s:role%s%s", f.id.Account, spec.Path, spec.Name),
		TrustPolicy: spec.TrustPolicy, Tags: spec.Tags, Created: true}
	f.roles[spec.Name] = r
	cp := *r
	return &cp, nil
}
func (f *fakeAccountB) AttachPolicyTo(_ context.Context, role *aws.Role, arn string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.roles[role.Name]
	if slices.Contains(r.AttachedPolicyARNs, arn) {
		return false, nil
	}
	f.call("AttachRolePolicy " + role.Name)
	r.AttachedPolicyARNs = append(r.AttachedPolicyARNs, arn)
	return true, nil
}
func (f *fakeAccountB) UpdateTrustPolicy(_ context.Context, name, before, after string, _ func(aws.RetryStatus)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.roles[name]
	if !iampolicy.Equivalent(r.TrustPolicy, before) {
		return &aws.TrustChangedError{Role: name, Current: r.TrustPolicy}
	}
	f.call("UpdateAssumeRolePolicy " + name)
	r.TrustPolicy = after
	if hook := f.afterTrustWrite; hook != nil {
		f.afterTrustWrite = nil
		hook(r)
	}
	return nil
}
func (f *fakeAccountB) ReconcileTrust(ctx context.Context, name, before, after string, _ func(aws.RetryStatus)) (int, string, error) {
	now, err := f.GetTrustPolicy(ctx, name)
	if err != nil {
		return 0, "", err
	}
	fixed, n, err := iampolicy.Reconcile(before, after, now)
	if err != nil || n == 0 {
		return 0, "", err
	}
	return n, now, f.UpdateTrustPolicy(ctx, name, now, fixed, nil)
}
func (f *fakeAccountB) SetDefaultPolicyVersion(context.Context, string, string) error { return nil }
func (f *fakeAccountB) DeletePolicyVersion(context.Context, string, string) error     { return nil }
func (f *fakeAccountB) DetachPolicy(_ context.Context, role, arn string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("DetachRolePolicy " + role)
	f.roles[role].AttachedPolicyARNs = slices.DeleteFunc(f.roles[role].AttachedPolicyARNs, func(a string) bool { return a == arn })
	return nil
}
func (f *fakeAccountB) DeleteRole(_ context.Context, role string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("DeleteRole " + role)
	delete(f.roles, role)
	return nil
}
func (f *fakeAccountB) DeletePolicy(_ context.Context, arn string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.call("DeletePolicy " + arn)
	delete(f.policies, arn)
	return nil
}

// fakePalette is an in-memory Palette tenant with one project.
type fakePalette struct {
	scoped bool
	// locations are shared by the client and its project-scoped copies.
	locs     *[]palette.Location
	account  string
	external string
	validate error
	calls    *[]string
	// mu guards locs and calls, for the client and its copies: a run lists
	// ahead (prefetch) while it creates, as it does against Palette.
	mu *sync.Mutex
}

func newFakePalette() *fakePalette {
	return &fakePalette{account: "210987654321", external: "ext-123e4567-e89b", calls: new([]string), locs: new([]palette.Location), mu: new(sync.Mutex)}
}

func (f *fakePalette) Endpoint() string { return "https://palette.test" }
func (f *fakePalette) InProject(string) PaletteAPI {
	cp := *f
	cp.scoped = true
	return &cp
}
func (f *fakePalette) Verify(context.Context) error { return nil }
func (f *fakePalette) Projects(context.Context) ([]palette.Project, error) {
	return []palette.Project{{Name: "Default", UID: "p1"}}, nil
}
func (f *fakePalette) ResolveProject(context.Context, string) (string, error) { return "p1", nil }
func (f *fakePalette) StsAccount(_ context.Context, partition string) (palette.StsAccount, error) {
	return palette.StsAccount{AccountID: f.account, ExternalID: f.external, Partition: partition}, nil
}
func (f *fakePalette) ListLocations(context.Context) ([]palette.Location, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(*f.locs), nil
}
func (f *fakePalette) GetS3Location(context.Context, string) (*palette.S3Location, error) {
	return nil, palette.ErrNotFound
}
func (f *fakePalette) CreateS3Location(_ context.Context, loc palette.S3Location) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*f.calls = append(*f.calls, "create "+loc.Name)
	*f.locs = append(*f.locs, palette.Location{Name: loc.Name, UID: "uid-1"})
	return "uid-1", nil
}
func (f *fakePalette) UpdateS3Location(context.Context, string, palette.S3Location) error { return nil }
func (f *fakePalette) DeleteS3Location(context.Context, string) error                     { return nil }
func (f *fakePalette) ValidateS3(context.Context, palette.S3Location) error               { return f.validate }

// fakeSession is a session on the fakes, with the plan every table test
// starts from.
func fakeSession(b *fakeAccountB, pal *fakePalette, edit func(*Plan)) *Session {
	p := Plan{LocationName: "prod-backups", Bucket: "acme-velero-backups", AccountA: "444455556666"}
	if edit != nil {
		edit(&p)
	}
	return NewSession(p, Backends{
		Palette:    palette.Config{APIKey: "k"},
		ConnectAWS: func(context.Context, aws.Options) (AccountB, error) { return b, nil },
		NewPalette: func(palette.Config) (PaletteAPI, error) { return pal, nil },
	}, nil)
}
