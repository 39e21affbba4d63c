package aws_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
	"github.com/bslwiz/bslwiz/internal/fakeclock"
)

// Seed values shared with the sandbox (contracts.md).
const (
	paletteAccount = "210987654321"
	accountA       = "444455556666"
	accountB       = "111122223333"
	bucketName     = "acme-velero-backups"
	bucketRegion   = "us-east-2"
	externalID     = "acme-5f1c9e"
)

// world is an emulator with Palette's account, Account A and Account B, an
// administrator in Account B, the backup bucket, served on loopback.
type world struct {
	t     *testing.T
	emu   *awstest.Emulator
	srv   *awstest.Server
	clock *fakeclock.Clock
	admin awstest.Credentials
}

func newWorld(t *testing.T) *world {
	t.Helper()
	isolateEnv(t)
	clock := fakeclock.New(time.Now().UTC())
	emu := awstest.New(awstest.WithClock(clock.Now))
	for _, id := range []string{paletteAccount, accountA, accountB} {
		emu.AddAccount(id)
	}
	w := &world{t: t, emu: emu, clock: clock}
	w.admin = emu.AddUser(accountB, "admin", awstest.AdminPolicy())
	emu.CreateBucket(accountB, bucketName, bucketRegion)
	w.srv = awstest.NewTestServer(t, emu)
	return w
}

// options are Options for the emulator, signed as creds, with fast retries.
func (w *world) options(creds awstest.Credentials) bslaws.Options {
	return bslaws.Options{
		Endpoint:    w.srv.URL,
		Region:      bucketRegion,
		Credentials: credentials.NewStaticCredentialsProvider(creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken),
		CallTimeout: 5 * time.Second,
		MaxBackoff:  5 * time.Millisecond,
		Sleep:       w.clock.Sleep,
		Now:         w.clock.Now,
	}
}

// connect signs in as Account B's administrator, with opts applied.
func (w *world) connect(opts ...func(*bslaws.Options)) *bslaws.Client {
	w.t.Helper()
	o := w.options(w.admin)
	for _, f := range opts {
		f(&o)
	}
	c, err := bslaws.Connect(context.Background(), o)
	if err != nil {
		w.t.Fatalf("Connect: %v", err)
	}
	return c
}

// mutations counts the mutating calls the emulator served since the last reset.
func (w *world) mutations() []awstest.Call { return w.emu.MutatingCalls() }

// statusesOf lists the HTTP statuses of the emulator's calls to op ("iam:GetRole").
func statusesOf(calls []awstest.Call, op string) []int {
	service, action, _ := strings.Cut(op, ":")
	var out []int
	for _, c := range calls {
		if c.Service == service && c.Action == action {
			out = append(out, c.Status)
		}
	}
	return out
}
