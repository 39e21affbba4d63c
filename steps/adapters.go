package steps

import (
	"context"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
)

// AccountB is what the engine asks of Account B: the calls of *aws.Client
// it makes, and no more, so steps and checks get table tests with fakes
// while the emulators serve the tests that exercise the wire.
type AccountB interface {
	Identity() aws.Identity
	Region() string
	PolicyARN(name, path string) string
	HeadBucket(ctx context.Context, bucket, region string) (aws.Bucket, error)
	GetRole(ctx context.Context, name string) (*aws.Role, error)
	GetTrustPolicy(ctx context.Context, roleName string) (string, error)
	GetPolicy(ctx context.Context, name, path string) (aws.PolicyState, error)
	GetPolicyByARN(ctx context.Context, policyARN string) (aws.PolicyState, error)
	InlinePolicies(ctx context.Context, roleName string) ([]string, error)
	SimulateRoleInRegion(ctx context.Context, roleARN, region string, checks []aws.ActionCheck) ([]aws.Denial, error)
	EnsurePolicy(ctx context.Context, spec aws.PolicySpec, allowNewVersion bool) (aws.PolicyResult, error)
	EnsureRole(ctx context.Context, spec aws.RoleSpec) (*aws.Role, error)
	AttachPolicyTo(ctx context.Context, role *aws.Role, policyARN string) (bool, error)
	UpdateTrustPolicy(ctx context.Context, roleName, before, after string, progress func(aws.RetryStatus)) error
	ReconcileTrust(ctx context.Context, roleName, before, after string, progress func(aws.RetryStatus)) (restored int, base string, err error)
	SetDefaultPolicyVersion(ctx context.Context, policyARN, id string) error
	DeletePolicyVersion(ctx context.Context, policyARN, id string) error
	DetachPolicy(ctx context.Context, roleName, policyARN string) error
	DeleteRole(ctx context.Context, roleName string) error
	DeletePolicy(ctx context.Context, policyARN string) error
}

// trustLimited is an Account B client that checks trust policies against a
// quota it can be given after sign-in (*aws.Client).
type trustLimited interface {
	WithTrustSizeLimit(limit int) *aws.Client
}

// PaletteAPI is what the engine asks of Palette: the calls of
// *palette.Client it makes.
type PaletteAPI interface {
	Endpoint() string
	// InProject is the same client scoped to a project.
	InProject(uid string) PaletteAPI
	Verify(ctx context.Context) error
	Projects(ctx context.Context) ([]palette.Project, error)
	ResolveProject(ctx context.Context, name string) (string, error)
	StsAccount(ctx context.Context, partition string) (palette.StsAccount, error)
	ListLocations(ctx context.Context) ([]palette.Location, error)
	GetS3Location(ctx context.Context, uid string) (*palette.S3Location, error)
	CreateS3Location(ctx context.Context, loc palette.S3Location) (string, error)
	UpdateS3Location(ctx context.Context, uid string, loc palette.S3Location) error
	DeleteS3Location(ctx context.Context, uid string) error
	ValidateS3(ctx context.Context, loc palette.S3Location) error
}

// paletteClient adapts *palette.Client to PaletteAPI.
type paletteClient struct{ *palette.Client }

func (c paletteClient) InProject(uid string) PaletteAPI {
	return paletteClient{c.Client.InProject(uid)}
}

// connectAWS signs in to Account B through the backends' connector, or
// aws.Connect. It reads only the connector, which is set before the run
// begins: a pointer, so that a call does not copy (and race with) the
// fields a prompt sets meanwhile (the Palette API key).
func (b *Backends) connectAWS(ctx context.Context, o aws.Options) (AccountB, error) {
	if b.ConnectAWS != nil {
		return b.ConnectAWS(ctx, o)
	}
	c, err := aws.Connect(ctx, o)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newPalette makes a Palette client through the backends' constructor, or
// palette.New.
func (b *Backends) newPalette(cfg palette.Config) (PaletteAPI, error) {
	if b.NewPalette != nil {
		return b.NewPalette(cfg)
	}
	c, err := palette.New(cfg)
	if err != nil {
		return nil, err
	}
	return paletteClient{c}, nil
}
