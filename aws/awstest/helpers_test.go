package awstest_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// Seed values from the shared contracts.
const (
	paletteAccount  = "210987654321"
	accountA        = "444455556666"
	accountB        = "111122223333"
	strangerAccount = "999988887777"
	bucketName      = "acme-velero-backups"
	bucketRegion    = "us-east-2"
	externalID      = "acme-3f1c9b7e-ext"
	backupRole      = "bslwiz-palette-backup"
	clusterRole     = "SpectroCloudRole"
)

// fakeClock is an injectable clock tests advance instead of sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is the seeded scenario: Palette's SaaS account, Account A (clusters), Account B (bucket)
// and a stranger account, each with credentials.
type world struct {
	emu      *awstest.Emulator
	srv      *awstest.Server
	clock    *fakeClock
	palette  awstest.Credentials // user palette-sts, may assume any role
	adminA   awstest.Credentials // admin user in Account A
	clusterA awstest.Credentials // a session of Account A's SpectroCloudRole (may assume roles)
	plainA   awstest.Credentials // a user in Account A with no permissions
	adminB   awstest.Credentials // admin user in Account B
	stranger awstest.Credentials // admin user in an unrelated account
}

func newWorld(t testing.TB) *world {
	t.Helper()
	clock := newFakeClock()
	e := awstest.New(awstest.WithClock(clock.Now))
	for _, id := range []string{paletteAccount, accountA, accountB, strangerAccount} {
		e.AddAccount(id)
	}
	w := &world{emu: e, clock: clock}
	w.palette = e.AddUser(paletteAccount, "palette-sts", awstest.AssumeRolePolicy())
	w.adminA = e.AddUser(accountA, "a-admin", awstest.AdminPolicy())
	w.plainA = e.AddUser(accountA, "a-plain")
	e.AddRole(accountA, clusterRole, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	e.AddRolePolicy(accountA, clusterRole, awstest.AssumeRolePolicy())
	w.clusterA = e.RoleCredentials(accountA, clusterRole, "cluster-1")
	w.adminB = e.AddUser(accountB, "b-admin", awstest.AdminPolicy())
	w.stranger = e.AddUser(strangerAccount, "mallory", awstest.AdminPolicy())
	e.CreateBucket(accountB, bucketName, bucketRegion)
	w.srv = awstest.NewTestServer(t, e)
	return w
}

// cfg builds an SDK config for the emulator with creds, signing for region. The standard retryer
// is kept, with a tiny maximum backoff so retried faults do not slow the tests down.
func (w *world) cfg(creds awstest.Credentials, region string) sdkaws.Config {
	return sdkaws.Config{
		Region:       region,
		BaseEndpoint: sdkaws.String(w.srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
		HTTPClient:   &http.Client{Timeout: 10 * time.Second},
		Retryer: func() sdkaws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxBackoff = 5 * time.Millisecond })
		},
	}
}

func (w *world) iam(creds awstest.Credentials) *iam.Client {
	return iam.NewFromConfig(w.cfg(creds, "us-east-1"))
}

func (w *world) sts(creds awstest.Credentials) *sts.Client {
	return sts.NewFromConfig(w.cfg(creds, "us-east-1"))
}

func (w *world) s3(creds awstest.Credentials, region string) *s3.Client {
	return s3.NewFromConfig(w.cfg(creds, region), func(o *s3.Options) { o.UsePathStyle = true })
}

// assume calls AssumeRole as creds and returns the temporary credentials.
func (w *world) assume(ctx context.Context, creds awstest.Credentials, roleARN, extID string) (awstest.Credentials, error) {
	in := &sts.AssumeRoleInput{RoleArn: sdkaws.String(roleARN), RoleSessionName: sdkaws.String("bslwiz-test")}
	if extID != "" {
		in.ExternalId = sdkaws.String(extID)
	}
	out, err := w.sts(creds).AssumeRole(ctx, in)
	if err != nil {
		return awstest.Credentials{}, err
	}
	c := out.Credentials
	return awstest.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}, nil
}

// createRole creates a role in Account B as its admin.
func (w *world) createRole(t testing.TB, name, trust string) string {
	t.Helper()
	out, err := w.iam(w.adminB).CreateRole(context.Background(), &iam.CreateRoleInput{
		RoleName: sdkaws.String(name), AssumeRolePolicyDocument: sdkaws.String(trust),
	})
	if err != nil {
		t.Fatalf("CreateRole %s: %v", name, err)
	}
	return *out.Role.Arn
}

// apiCode returns the AWS error code of err ("" when err is not an API error).
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// paletteTrust is the guide's trust policy for the Palette principal with the external ID.
func paletteTrust(extra ...string) string {
	s := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + paletteAccount +
		`:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + externalID + `"}}}`
	for _, st := range extra {
		s += "," + st
	}
	return s + "]}"
}

// guidePolicy is the guide's permissions policy for the bucket.
func guidePolicy(bucket string) string {
	return `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["ec2:DescribeVolumes","ec2:DescribeSnapshots","ec2:CreateTags","ec2:CreateVolume","ec2:CreateSnapshot","ec2:DeleteSnapshot"],"Resource":"*"},` +
		`{"Effect":"Allow","Action":["s3:GetObject","s3:DeleteObject","s3:PutObject","s3:AbortMultipartUpload","s3:ListMultipartUploadParts"],"Resource":["arn:aws:s3:::` + bucket + `/*"]},` +
		`{"Effect":"Allow","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::` + bucket + `"]}]}`
}
