// Package sandbox runs bslwiz against in-process emulators of AWS (IAM, STS,
// S3) and Palette, seeded so a newcomer can walk all 13 steps with no cloud
// account. Nothing leaves the machine: both emulators listen on loopback.
//
// It is the only production package that imports the emulators.
package sandbox

import (
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/palette/palettetest"
	"github.com/bslwiz/bslwiz/steps"
)

// The seed: who is who in the sandbox.
const (
	PaletteAccount = "210987654321"
	AccountA       = "444455556666"
	AccountB       = "111122223333"
	Bucket         = "acme-velero-backups"
	// BucketRegion is the seed bucket's region in the aws partition.
	BucketRegion = "us-east-2"
	TenantName   = "acme"
	ProjectName  = "Default"
	AccountARole = "SpectroCloudRole"
)

// Options tune the sandbox.
type Options struct {
	// PropagationDelay makes new roles and trust changes invisible to
	// AssumeRole for a while, as in AWS.
	PropagationDelay time.Duration
	// Latency is added to every emulated call.
	Latency time.Duration
	// Clock replaces the emulators' wall clock.
	Clock func() time.Time
	// RateLimit turns on Palette's 10 req/s limiter.
	RateLimit bool
	// Partition puts every account, the bucket and the keys in an AWS
	// partition other than "aws" (the default): "aws-us-gov" or "aws-cn".
	Partition string
	// Faults are injected into the emulators' calls, as parseFaults reads them (the
	// syntax of BSLWIZ_SANDBOX_FAULTS): throttling, 500s, lost replies, latency.
	Faults string
	// MFA seeds an MFA profile (BSLWIZ_SANDBOX_MFA): the plan signs in to
	// Account B with it, and Env points the SDK at its files.
	MFA bool
	// AccessAnalyzer forces IAM Access Analyzer findings (the syntax of
	// BSLWIZ_SANDBOX_ACCESS_ANALYZER).
	AccessAnalyzer string
}

// partitionSeed is where a partition's sandbox keeps its bucket, and the
// region its aws CLI environment names.
type partitionSeed struct{ bucketRegion, homeRegion string }

// partitionSeeds are the partitions a sandbox can run in. Palette has STS
// accounts only in aws and aws-us-gov; an aws-cn sandbox shows bslwiz
// stopping before any change.
var partitionSeeds = map[string]partitionSeed{
	"aws":        {BucketRegion, "us-east-1"},
	"aws-us-gov": {"us-gov-east-1", "us-gov-west-1"},
	"aws-cn":     {"cn-north-1", "cn-northwest-1"},
}

// Partitions lists the partitions Options.Partition accepts.
func Partitions() []string { return []string{"aws", "aws-us-gov", "aws-cn"} }

// Sandbox is a running pair of emulators and the credentials into them.
type Sandbox struct {
	AWS           *awstest.Emulator
	AWSServer     *awstest.Server
	Palette       *palettetest.Emulator
	PaletteServer *palettetest.Server
	Tenant        *palettetest.Tenant
	ProjectUID    string
	// Partition is the AWS partition of every account; BucketRegion is the
	// seed bucket's region in it.
	Partition, BucketRegion string
	// MFA is the seeded MFA profile (Options.MFA), or nil.
	MFA *MFAProfile
	// CredentialsFile is the shared credentials file with the account-a
	// and account-b profiles.
	CredentialsFile string
	// KMSKeyARN is the customer-managed key of KMSBucket.
	KMSKeyARN string

	homeRegion string
	apiKey     string
	accountB   awstest.Credentials
	accountA   awstest.Credentials

	profilesDir string // the account-a and account-b profiles' own directory
}

// Start seeds and serves both emulators on loopback.
func Start(opts Options) (*Sandbox, error) {
	if opts.Partition == "" {
		opts.Partition = "aws"
	}
	seed, ok := partitionSeeds[opts.Partition]
	if !ok {
		return nil, fmt.Errorf("sandbox partition %q: choose one of %v", opts.Partition, Partitions())
	}
	faults, err := parseFaults(opts.Faults)
	if err != nil {
		return nil, err
	}
	findings, err := parseAnalyzerFindings(opts.AccessAnalyzer)
	if err != nil {
		return nil, err
	}
	if opts.Latency > 0 {
		faults.aws["*"] = mergeAWS(awstest.Fault{Latency: opts.Latency}, faults.aws["*"])
		faults.palette[palettetest.AllOperations] = mergePalette(palettetest.Fault{Latency: opts.Latency}, faults.palette[palettetest.AllOperations])
	}
	var awsOpts []awstest.Option
	if opts.Clock != nil {
		awsOpts = append(awsOpts, awstest.WithClock(opts.Clock))
	}
	ae := awstest.New(awsOpts...)
	// Palette's STS account lives in aws and aws-us-gov; China has none.
	palettePartition := opts.Partition
	if palettePartition == "aws-cn" {
		palettePartition = "aws"
	}
	ae.AddAccountInPartition(PaletteAccount, palettePartition)
	for _, acct := range []string{AccountA, AccountB} {
		ae.AddAccountInPartition(acct, opts.Partition)
	}
	paletteKeys := ae.AddUser(PaletteAccount, "palette-sts",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	sb := &Sandbox{AWS: ae, Partition: opts.Partition, BucketRegion: seed.bucketRegion, homeRegion: seed.homeRegion}
	sb.accountB = ae.AddUser(AccountB, "platform-admin", awstest.AdminPolicy())
	sb.accountA = ae.AddUser(AccountA, "cluster-admin", awstest.AdminPolicy())
	ae.AddRole(AccountA, AccountARole, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	ae.CreateBucket(AccountB, Bucket, seed.bucketRegion)
	sb.KMSKeyARN = seedKMSBucket(ae, opts.Partition, seed.bucketRegion)
	if opts.PropagationDelay > 0 {
		ae.SetPropagationDelay(opts.PropagationDelay)
	}
	for op, f := range faults.aws {
		ae.SetFault(op, f)
	}
	ae.SetAccessAnalyzerFindings(findings...)
	if opts.MFA {
		if err := sb.seedMFA(); err != nil {
			return nil, err
		}
	}
	if err := sb.writeProfiles(); err != nil {
		sb.removeMFA()
		return nil, err
	}
	as, err := awstest.Serve(ae)
	if err != nil {
		sb.removeMFA()
		sb.removeProfiles()
		return nil, fmt.Errorf("start the AWS emulator: %w", err)
	}
	sb.AWSServer = as

	pe := palettetest.New(palettetest.Options{PaletteAccountID: PaletteAccount, AWSEndpoint: as.URL,
		AWSAccessKeyID: paletteKeys.AccessKeyID, AWSSecretAccessKey: paletteKeys.SecretAccessKey, RateLimit: opts.RateLimit})
	sb.Palette = pe
	sb.Tenant = pe.AddTenant(TenantName)
	sb.ProjectUID = sb.Tenant.AddProject(ProjectName)
	sb.apiKey = sb.Tenant.AddAPIKey()
	sb.seedClouds()
	for op, f := range faults.palette {
		pe.SetFault(op, f)
	}
	ps, err := palettetest.Serve(pe)
	if err != nil {
		as.Close()
		sb.removeMFA()
		sb.removeProfiles()
		return nil, fmt.Errorf("start the Palette emulator: %w", err)
	}
	sb.PaletteServer = ps
	return sb, nil
}

// Close stops both emulators.
func (sb *Sandbox) Close() {
	sb.PaletteServer.Close()
	sb.AWSServer.Close()
	sb.removeMFA()
	sb.removeProfiles()
}

// Backends points the steps at the emulators, signed in to Account B. In
// another partition than aws no region is named, as for a user who set none:
// the client must find the partition's region itself.
func (sb *Sandbox) Backends() steps.Backends {
	region := ""
	if sb.Partition == "aws" {
		region = sb.homeRegion
	}
	b := steps.Backends{
		Sandbox: true,
		Palette: palette.Config{Endpoint: sb.PaletteServer.URL, APIKey: sb.apiKey},
		AWS: aws.Options{Endpoint: sb.AWSServer.URL, Region: region,
			Credentials: staticCredentials(sb.accountB)},
		AccountA: aws.Options{Endpoint: sb.AWSServer.URL, Region: region, SharedCredentialsFiles: []string{sb.CredentialsFile}},
	}
	if sb.MFA != nil {
		// The profile's chain signs in: its source keys, then the role with a code.
		b.AWS.Credentials = nil
	}
	return b
}

// AccountACredentials signs in to Account A instead, to show the guard that
// refuses to change the wrong account.
func (sb *Sandbox) AccountACredentials() sdkaws.CredentialsProvider {
	return staticCredentials(sb.accountA)
}

func staticCredentials(c awstest.Credentials) sdkaws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

// Plan is the sandbox's starting plan: the seed's bucket and Account A, so a
// newcomer can press enter through the forms. Outside aws the region is left
// out, the documented default, so the wizard detects it from the bucket.
func (sb *Sandbox) Plan() steps.Plan {
	region := sb.BucketRegion
	if sb.Partition != "aws" {
		region = ""
	}
	profile := ""
	if sb.MFA != nil {
		profile = sb.MFA.Name
	}
	return steps.Plan{
		AWSProfile:      profile,
		PaletteEndpoint: sb.PaletteServer.URL,
		Scope:           "project",
		Project:         ProjectName,
		LocationName:    "sandbox-backups",
		Provider:        "aws",
		Bucket:          Bucket,
		Region:          region,
		AccountB:        AccountB,
		AccountA:        AccountA,
	}
}

// Env is the environment that points the real code paths, or any AWS CLI,
// at the emulators: `bslwiz sandbox` prints it.
func (sb *Sandbox) Env() []string {
	return append([]string{
		"AWS_ENDPOINT_URL=" + sb.AWSServer.URL,
		"AWS_ENDPOINT_URL_STS=" + sb.AWSServer.URL,
		"AWS_ACCESS_KEY_ID=" + sb.accountB.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + sb.accountB.SecretAccessKey,
		"AWS_REGION=" + sb.homeRegion,
		"AWS_DEFAULT_REGION=" + sb.homeRegion, // the aws CLI v1 reads only this one
		"AWS_EC2_METADATA_DISABLED=true",
		"SPECTROCLOUD_HOST=" + sb.PaletteServer.URL,
		"SPECTROCLOUD_APIKEY=" + sb.apiKey,
	}, append(sb.mfaEnv(), sb.profilesEnv()...)...)
}
