package aws_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
)

const govAccount = "123456789012"

func TestConnectWithoutARegionSignsInTheCallersPartition(t *testing.T) {
	tests := []struct{ partition, wantRegion string }{
		{"aws", "us-east-1"}, {"aws-us-gov", "us-gov-west-1"}, {"aws-cn", "cn-northwest-1"},
	}
	for _, tt := range tests {
		t.Run(tt.partition, func(t *testing.T) {
			w := newWorld(t)
			creds := w.admin
			if tt.partition != "aws" {
				w.emu.AddAccountInPartition(govAccount, tt.partition)
				creds = w.emu.AddUser(govAccount, "admin", awstest.AdminPolicy())
			}
			o := w.options(creds)
			o.Region = ""
			c, err := bslaws.Connect(context.Background(), o)
			if err != nil {
				t.Fatalf("Connect with no region: %v", err)
			}
			if c.Region() != tt.wantRegion || c.Identity().Partition != tt.partition {
				t.Errorf("signed in %s as %s, want %s in %s", c.Region(), c.Identity().ARN, tt.wantRegion, tt.partition)
			}
			// IAM works too: it signs in the partition's home region.
			if _, err := c.GetRole(context.Background(), "no-such-role"); err == nil {
				t.Error("GetRole of a missing role succeeded")
			} else if !errors.Is(err, bslaws.ErrNotFound) {
				t.Errorf("GetRole in %s: %v, want not found", tt.partition, err)
			}
		})
	}
}

func TestConnectKeepsTheRegionOfTheEnvironmentAndTheProfile(t *testing.T) {
	tests := []struct{ name, env, profileRegion string }{
		{"AWS_REGION", "us-gov-east-1", ""},
		{"the profile's region", "", "us-gov-east-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.emu.AddAccountInPartition(govAccount, "aws-us-gov")
			creds := w.emu.AddUser(govAccount, "admin", awstest.AdminPolicy())
			home := os.Getenv("HOME")
			writeFile(t, filepath.Join(home, "credentials"), "[gov]\naws_access_key_id = "+creds.AccessKeyID+
				"\naws_secret_access_key = "+creds.SecretAccessKey+"\n")
			cfg := "[profile gov]\n"
			if tt.profileRegion != "" {
				cfg += "region = " + tt.profileRegion + "\n"
			}
			writeFile(t, filepath.Join(home, "config"), cfg)
			if tt.env != "" {
				t.Setenv("AWS_REGION", tt.env)
			}
			w.emu.ResetCalls()
			c, err := bslaws.Connect(context.Background(), bslaws.Options{Profile: "gov", Endpoint: w.srv.URL})
			if err != nil {
				t.Fatalf("Connect: %v", err)
			}
			if c.Region() != "us-gov-east-1" {
				t.Errorf("Region() = %s, want the configured us-gov-east-1", c.Region())
			}
			if a, _ := arn.Parse(c.Identity().ARN); a.Partition != "aws-us-gov" {
				t.Errorf("caller %s", c.Identity().ARN)
			}
			if got := statusesOf(w.emu.Calls(), "sts:GetCallerIdentity"); len(got) != 1 || got[0] != 200 {
				t.Errorf("GetCallerIdentity statuses %v, want one 200 (no probing when a region is configured)", got)
			}
		})
	}
}
