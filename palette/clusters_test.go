package palette_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/bslwiz/bslwiz/palette"
)

// TestClustersAndCloudAccountsThroughTheContract: the project's clusters
// and its AWS cloud accounts (the project's and the tenant's), read through
// the contract validator; another project's stay out of sight.
func TestClustersAndCloudAccountsThroughTheContract(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other := f.tenant.AddProject("Other")
	sts := f.tenant.AddAWSCloudAccountSTS(f.projectUID, "account-a", "arn:aws:iam::444455556666:role/PaletteCloudRole")
	keys := f.tenant.AddAWSCloudAccountSecret("", "tenant-keys", "AKIAEXAMPLE")
	hidden := f.tenant.AddAWSCloudAccountSTS(other, "other", "arn:aws:iam::999988887777:role/x")
	f.tenant.AddCluster(f.projectUID, "demo-cluster", sts, "us-east-2")
	f.tenant.AddCluster(f.projectUID, "aaa-cluster", keys, "us-west-2")
	f.tenant.AddCluster(other, "other-cluster", hidden, "us-east-1")
	c := f.client.InProject(f.projectUID)

	cs, err := c.Clusters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Name != "aaa-cluster" || cs[1].Name != "demo-cluster" || cs[1].CloudAccountUID != sts || cs[1].CloudType != "aws" || cs[1].Region != "us-east-2" {
		t.Fatalf("clusters = %+v", cs)
	}
	a, err := c.AWSCloudAccount(ctx, sts)
	if err != nil || a.CredentialType != "sts" || a.RoleARN != "arn:aws:iam::444455556666:role/PaletteCloudRole" || a.Name != "account-a" {
		t.Fatalf("cloud account = %+v, %v", a, err)
	}
	if _, err := c.AWSCloudAccount(ctx, hidden); !errors.Is(err, palette.ErrNotFound) {
		t.Errorf("another project's cloud account: %v, want ErrNotFound", err)
	}
	all, err := c.AWSCloudAccounts(ctx)
	if err != nil || len(all) != 2 {
		t.Fatalf("cloud accounts = %+v, %v", all, err)
	}
	if all[1].CredentialType != "secret" || all[1].RoleARN != "" {
		t.Errorf("an access-key account = %+v", all[1])
	}
}

// TestCloudAccountsArePaged: more than one page of 50 comes back whole.
func TestCloudAccountsArePaged(t *testing.T) {
	f := newFixture(t)
	for i := range 120 {
		f.tenant.AddAWSCloudAccountSTS("", fmt.Sprintf("a-%03d", i), fmt.Sprintf("arn:aws:iam::%012d:role/r", 100000000000+i))
	}
	all, err := f.client.AWSCloudAccounts(context.Background())
	if err != nil || len(all) != 120 || all[119].Name != "a-119" {
		t.Fatalf("got %d accounts, %v", len(all), err)
	}
}
