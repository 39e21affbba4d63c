package aws_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/smithy-go"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestConnectReportsIdentityAndPartition(t *testing.T) {
	tests := []struct{ name, partition string }{{"aws", "aws"}, {"govcloud", "aws-us-gov"}, {"china", "aws-cn"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			const otherAccount = "999988887777"
			creds := w.admin
			if tt.partition != "aws" {
				w.emu.AddAccountInPartition(otherAccount, tt.partition)
				creds = w.emu.AddUser(otherAccount, "admin")
			}
			o := w.options(creds)
			o.Region = "" // nothing names a region: Connect finds the partition's
			c, err := bslaws.Connect(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			id := c.Identity()
			if id.Partition != tt.partition || id.UserID == "" || !arn.IsARN(id.ARN) {
				t.Errorf("Identity() = %+v, want partition %s", id, tt.partition)
			}
			want := "arn:" + tt.partition + ":iam::" + id.Account + ":role/bslwiz/BackupRole"
			if got := c.RoleARN("BackupRole", "/bslwiz/"); got != want {
				t.Errorf("RoleARN = %s, want %s", got, want)
			}
		})
	}
}

func TestConnectRefusesTheWrongAccount(t *testing.T) {
	w := newWorld(t)
	aCreds := w.emu.AddUser(accountA, "ops", awstest.AdminPolicy())
	tests := []struct {
		name          string
		expect, a     string
		wantAccountA  bool
		wantInMessage string
	}{
		{"Account A when B is expected", accountB, accountA, true, "which is Account A (" + accountA + ")"},
		{"Account A without an expectation", "", accountA, true, "which is Account A"},
		{"another account", accountB, "", false, "but Account B is " + accountB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := w.options(aCreds)
			o.ExpectAccount, o.AccountA = tt.expect, tt.a
			_, err := bslaws.Connect(context.Background(), o)
			var wrong *bslaws.WrongAccountError
			if !errors.As(err, &wrong) {
				t.Fatalf("Connect error = %v, want *WrongAccountError", err)
			}
			if wrong.Got != accountA || wrong.Want != tt.expect || wrong.IsAccountA != tt.wantAccountA ||
				!strings.Contains(err.Error(), tt.wantInMessage) {
				t.Errorf("error = %+v: %q", wrong, err)
			}
		})
	}
	o := w.options(w.admin)
	o.ExpectAccount, o.AccountA = accountB, accountA
	if _, err := bslaws.Connect(context.Background(), o); err != nil {
		t.Errorf("Account B was refused: %v", err)
	}
}

func TestConnectErrorsNeverShowSecrets(t *testing.T) {
	w := newWorld(t)
	bad := w.admin
	bad.SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	bad.SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN"
	_, err := bslaws.Connect(context.Background(), w.options(bad))
	if err == nil {
		t.Fatal("a wrong secret key was accepted")
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Errorf("the AWS error code is not reachable: %v", err)
	}
	for _, secret := range []string{bad.SecretAccessKey, bad.SessionToken, w.admin.SecretAccessKey} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows a secret: %q", err)
		}
	}
}

func TestStandardRetryerAbsorbsThrottlingAnd5xx(t *testing.T) {
	tests := []struct {
		op    string
		fault awstest.Fault
		run   func(*bslaws.Client) error
	}{
		{"iam:CreatePolicy", awstest.Fault{Throttle: 2}, func(c *bslaws.Client) error {
			_, err := c.EnsurePolicy(context.Background(), permissionsSpec(t, c), false)
			return err
		}},
		{"iam:GetRole", awstest.Fault{ServerError: 2}, func(c *bslaws.Client) error {
			_, err := c.GetRole(context.Background(), "absent")
			if errors.Is(err, bslaws.ErrNotFound) {
				return nil
			}
			return err
		}},
		{"s3:HeadBucket", awstest.Fault{Throttle: 1, ServerError: 1}, func(c *bslaws.Client) error {
			_, err := c.HeadBucket(context.Background(), bucketName, bucketRegion)
			return err
		}},
		{"sts:GetCallerIdentity", awstest.Fault{Throttle: 1, ServerError: 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			w := newWorld(t)
			w.emu.SetFault(tt.op, tt.fault)
			c := w.connect()
			if tt.run != nil {
				if err := tt.run(c); err != nil {
					t.Fatalf("%s with %+v: %v", tt.op, tt.fault, err)
				}
			}
			statuses := statusesOf(w.emu.Calls(), tt.op)
			if n := tt.fault.Throttle + tt.fault.ServerError + 1; len(statuses) != n || statuses[n-1] >= 300 && statuses[n-1] != 404 {
				t.Errorf("%s statuses = %v, want %d attempts ending in success", tt.op, statuses, n)
			}
		})
	}
}

func TestRetriesEndWithTheAWSError(t *testing.T) {
	w := newWorld(t)
	c := w.connect(func(o *bslaws.Options) { o.MaxAttempts = 3 })
	w.emu.SetFault("iam:GetRole", awstest.Fault{Throttle: 10})
	_, err := c.GetRole(context.Background(), "BackupRole")
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "Throttling" || !strings.HasPrefix(err.Error(), "get role BackupRole: ") {
		t.Fatalf("err = %v, want get role ...: Throttling", err)
	}
	if n := len(statusesOf(w.emu.Calls(), "iam:GetRole")); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

func TestEveryCallHasATimeout(t *testing.T) {
	w := newWorld(t)
	c := w.connect(func(o *bslaws.Options) { o.CallTimeout = 100 * time.Millisecond; o.MaxAttempts = 1 })
	w.emu.SetFault("iam:GetRole", awstest.Fault{Latency: time.Second})
	start := time.Now()
	_, err := c.GetRole(context.Background(), "BackupRole")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no answer within 100ms") {
		t.Fatalf("err = %v, want the call timeout", err)
	}
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("the call took %s despite a 100ms timeout", d)
	}
}

// TestConnectThroughAProfileAndEndpointVariables: the SDK's own configuration
// (a credentials-file profile, AWS_PROFILE, AWS_ENDPOINT_URL) is honoured, and
// S3 is addressed path-style behind a host name too.
func TestConnectThroughAProfileAndEndpointVariables(t *testing.T) {
	w := newWorld(t)
	home := os.Getenv("HOME")
	writeFile(t, filepath.Join(home, "credentials"), "[account-b]\naws_access_key_id = "+w.admin.AccessKeyID+
		"\naws_secret_access_key = "+w.admin.SecretAccessKey+"\n")
	writeFile(t, filepath.Join(home, "config"), "[profile account-b]\nregion = "+bucketRegion+"\n")
	byName := strings.Replace(w.srv.URL, "127.0.0.1", "localhost", 1)

	tests := []struct {
		name string
		opts bslaws.Options
		env  map[string]string
	}{
		{"--aws-profile and endpoint option", bslaws.Options{Profile: "account-b", Endpoint: byName}, nil},
		{"AWS_PROFILE and AWS_ENDPOINT_URL", bslaws.Options{}, map[string]string{"AWS_PROFILE": "account-b", "AWS_ENDPOINT_URL": byName}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := bslaws.Connect(context.Background(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if c.Profile() != "account-b" || c.Region() != bucketRegion || c.Identity().Account != accountB {
				t.Errorf("profile %q, region %q, identity %+v", c.Profile(), c.Region(), c.Identity())
			}
			b, err := c.HeadBucket(context.Background(), bucketName, bucketRegion)
			if err != nil || b.State != bslaws.BucketExists {
				t.Errorf("HeadBucket = %+v, %v", b, err)
			}
			if _, err := c.GetPolicy(context.Background(), "absent", "/"); err != nil {
				t.Errorf("IAM through the endpoint: %v", err)
			}
		})
	}
}

func TestExplicitCredentialsIgnoreAMissingAWSProfile(t *testing.T) {
	w := newWorld(t)
	t.Setenv("AWS_PROFILE", "no-such-profile")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "config"))
	c, err := bslaws.Connect(context.Background(), w.options(w.admin))
	if err != nil {
		t.Fatalf("the sandbox's explicit credentials failed on AWS_PROFILE: %v", err)
	}
	if c.Identity().Account == "" {
		t.Fatal("no identity")
	}
}
