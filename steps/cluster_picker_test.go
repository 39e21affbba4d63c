package steps

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
)

// identityOnlyA is an Account A client that only says who it is.
type identityOnlyA struct{ AccountA }

func (identityOnlyA) Identity() aws.Identity {
	return aws.Identity{Account: "444455556666", ARN: "arn:aws:iam::444455556666:user/cluster-admin", Partition: "aws"}
}

// cloudsPalette is the fake Palette with the project's clusters and AWS
// cloud accounts (paletteClouds), counting the lists it answers.
type cloudsPalette struct {
	*fakePalette
	clusters []palette.Cluster
	clouds   []palette.CloudAccount
	err      error
	lists    *int
}

func (f *cloudsPalette) InProject(uid string) PaletteAPI {
	cp := *f
	cp.fakePalette = f.fakePalette.InProject(uid).(*fakePalette)
	return &cp
}

func (f *cloudsPalette) Clusters(context.Context) ([]palette.Cluster, error) {
	*f.lists++
	return f.clusters, f.err
}

func (f *cloudsPalette) AWSCloudAccounts(context.Context) ([]palette.CloudAccount, error) {
	return f.clouds, f.err
}

func newCloudsPalette() *cloudsPalette {
	return &cloudsPalette{fakePalette: newFakePalette(), lists: new(int),
		clusters: []palette.Cluster{
			{Name: "demo-cluster", UID: "c1", CloudType: "aws", CloudAccountUID: "a1", Region: "us-east-2"},
			{Name: "keys-cluster", UID: "c2", CloudType: "aws", CloudAccountUID: "a2", Region: "eu-west-1"},
		},
		clouds: []palette.CloudAccount{
			{Name: "account-a", UID: "a1", CredentialType: "sts", Partition: "aws", RoleARN: "arn:aws:iam::444455556666:role/SpectroCloudRole"},
			{Name: "old-keys", UID: "a2", CredentialType: "secret", Partition: "aws"},
		}}
}

// clusterSession is a session on pal whose plan has Account A as given
// ("" for none), connected to Palette.
func clusterSession(t *testing.T, pal *cloudsPalette, accountA string) *Session {
	t.Helper()
	s := NewSession(Plan{LocationName: "prod-backups", Bucket: "acme-velero-backups", AccountA: accountA},
		fakeSession(newFakeAccountB(), pal.fakePalette, nil).Backends, nil)
	s.Backends.NewPalette = func(palette.Config) (PaletteAPI, error) { return pal, nil }
	if _, err := s.Gather(context.Background(), FactProject); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestClusterPickerOptionsAndDerivation: with no Account A the session
// lists the project's clusters once, each with the account its cloud
// account names; ClusterAccountA derives Account A as --cluster does and
// refuses a cluster in another account than the one given.
func TestClusterPickerOptionsAndDerivation(t *testing.T) {
	pal := newCloudsPalette()
	s := clusterSession(t, pal, "")
	list, err := s.Clusters()
	if err != nil {
		t.Fatal(err)
	}
	want := []ClusterChoice{
		{Name: "demo-cluster", UID: "c1", Region: "us-east-2", CloudType: "aws", Account: "444455556666", CloudAccount: "account-a"},
		{Name: "keys-cluster", UID: "c2", Region: "eu-west-1", CloudType: "aws", Account: "", CloudAccount: "old-keys"},
	}
	if len(list) != len(want) {
		t.Fatalf("Clusters() = %+v, want %+v", list, want)
	}
	for i := range want {
		if list[i] != want[i] {
			t.Errorf("Clusters()[%d] = %+v, want %+v", i, list[i], want[i])
		}
	}

	for _, tc := range []struct {
		name, cluster, accountA string
		want, err               string
	}{
		{"STS cloud account names Account A", "demo-cluster", "", "444455556666", ""},
		{"the same account given as a role ARN", "demo-cluster", "arn:aws:iam::444455556666:role/SpectroCloudRole", "444455556666", ""},
		{"another account given", "demo-cluster", "123456789012", "",
			"cluster demo-cluster runs in account 444455556666 (cloud account account-a), but Account A is 123456789012"},
		{"access keys name no account", "keys-cluster", "", "", "uses access keys, which name no AWS account: type Account A"},
		{"access keys beside a given Account A", "keys-cluster", "123456789012", "", ""},
		{"not in the project", "no-such", "", "", "cluster no-such is not a cluster of project Default (its clusters: demo-cluster, keys-cluster)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ClusterAccountA(tc.cluster, tc.accountA)
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("ClusterAccountA(%q, %q) error %v, want %q", tc.cluster, tc.accountA, err, tc.err)
			}
			if got != tc.want {
				t.Errorf("ClusterAccountA(%q, %q) = %q, want %q", tc.cluster, tc.accountA, got, tc.want)
			}
		})
	}

	// Chosen, the cluster's account is the plan's Account A, as --cluster's.
	s.UpdatePlan(func(p *Plan) { p.Cluster = "demo-cluster" })
	if got := s.Plan().AccountA; got != "444455556666" {
		t.Errorf("Plan().AccountA with cluster demo-cluster = %q, want 444455556666", got)
	}
	if err := s.LoadClusters(context.Background()); err != nil || *pal.lists != 1 {
		t.Errorf("LoadClusters after the listing: %v, %d lists, want none more", err, *pal.lists)
	}
}

// TestClusterPickerReadsOnDemand: with Account A given, connecting lists
// nothing; LoadClusters reads the list once, and a failure is kept for
// the picker to say.
func TestClusterPickerReadsOnDemand(t *testing.T) {
	pal := newCloudsPalette()
	s := clusterSession(t, pal, "444455556666")
	if _, err := s.Clusters(); !errors.Is(err, ErrClustersNotRead) || *pal.lists != 0 {
		t.Fatalf("Clusters() with Account A given: %v after %d lists, want ErrClustersNotRead and none", err, *pal.lists)
	}
	for range 2 {
		if err := s.LoadClusters(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if list, err := s.Clusters(); err != nil || len(list) != 2 || *pal.lists != 1 {
		t.Errorf("after LoadClusters: %d clusters, %v, %d lists; want 2, nil, 1", len(list), err, *pal.lists)
	}

	bad := newCloudsPalette()
	bad.err = errors.New("403 Forbidden")
	s = clusterSession(t, bad, "444455556666")
	if err := s.LoadClusters(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Clusters(); err == nil || !strings.Contains(err.Error(), "read Palette's clusters: 403 Forbidden") {
		t.Errorf("Clusters() after a failed list: %v", err)
	}
	if _, err := s.ClusterAccountA("demo-cluster", ""); err == nil || !strings.Contains(err.Error(), "403 Forbidden") {
		t.Errorf("ClusterAccountA after a failed list: %v", err)
	}
}

// TestAccountAClientKeepsTheClusters: signing in to Account A keeps what
// Palette said of the clusters, so a cluster's Account A stays derived.
func TestAccountAClientKeepsTheClusters(t *testing.T) {
	pal := newCloudsPalette()
	s := clusterSession(t, pal, "")
	s.UpdatePlan(func(p *Plan) { p.Cluster, p.AccountAProfile = "demo-cluster", "account-a" })
	s.Backends.ConnectAccountA = func(context.Context, aws.Options) (AccountA, error) { return identityOnlyA{}, nil }
	if _, err := s.AccountAClient(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := s.Plan().AccountA; got != "444455556666" {
		t.Errorf("Plan().AccountA after signing in to Account A = %q, want 444455556666", got)
	}
	if list, err := s.Clusters(); err != nil || len(list) != 2 {
		t.Errorf("Clusters() after signing in to Account A: %d, %v", len(list), err)
	}
}

// TestAnotherProjectForgetsTheClusters: a plan moved to another project
// drops the clusters listed for the first, so no picker offers them.
func TestAnotherProjectForgetsTheClusters(t *testing.T) {
	s := clusterSession(t, newCloudsPalette(), "")
	if list, err := s.Clusters(); err != nil || len(list) != 2 {
		t.Fatalf("Clusters() = %d, %v", len(list), err)
	}
	s.UpdatePlan(func(p *Plan) { p.Project = "Staging" })
	if _, err := s.Clusters(); !errors.Is(err, ErrClustersNotRead) {
		t.Errorf("Clusters() after the project changed: %v, want ErrClustersNotRead", err)
	}
}
