package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// paletteClouds is what bslwiz reads of Palette for Account A: the
// project's clusters and its AWS cloud accounts. *palette.Client has it; a
// client without it (a fake) leaves both unknown.
type paletteClouds interface {
	Clusters(ctx context.Context) ([]palette.Cluster, error)
	AWSCloudAccounts(ctx context.Context) ([]palette.CloudAccount, error)
}

// ClusterChoice is a cluster of the project as a face offers it.
type ClusterChoice struct {
	Name, UID, Region, CloudType string
	// Account is the AWS account Palette's cloud account names ("" when
	// it uses access keys, which name none).
	Account      string
	CloudAccount string // its name
}

// paletteCloudFacts is what the session found of the project's clusters
// and cloud accounts.
type paletteCloudFacts struct {
	fetched  bool
	clusters []palette.Cluster
	clouds   []palette.CloudAccount
	err      error // why they could not be read
}

// gatherClouds lists the project's clusters and AWS cloud accounts, at
// once, when the plan picks a cluster or has no Account A yet (a face then
// offers the list). A failure is kept, not returned: it leaves the cluster
// list and authorization (1) unknown, and --cluster fails on it.
func (s *Session) gatherClouds(ctx context.Context, c PaletteAPI, p Plan) error {
	pc, ok := c.(paletteClouds)
	if p.Cluster == "" && p.AccountA != "" {
		return nil
	}
	f := paletteCloudFacts{fetched: true}
	if !ok {
		f.err = errors.New("this Palette client cannot list clusters")
	} else {
		var wg sync.WaitGroup
		var cerr, aerr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.clouds, aerr = pc.AWSCloudAccounts(ctx)
		}()
		f.clusters, cerr = pc.Clusters(ctx)
		wg.Wait()
		f.err = errors.Join(cerr, aerr)
	}
	s.mu.Lock()
	s.acctA.palette = f
	s.mu.Unlock()
	if p.Cluster == "" {
		return nil
	}
	_, err := s.clusterAccount(ctx, p)
	return err
}

// LoadClusters lists the project's clusters and AWS cloud accounts when
// the session has not yet (it does not when Account A is given), for a
// face's picker. It needs step 1's Palette client; a failure to list is
// kept, as gatherClouds keeps it, and Clusters returns it.
func (s *Session) LoadClusters(ctx context.Context) error {
	s.mu.Lock()
	fetched := s.acctA.palette.fetched
	s.mu.Unlock()
	if fetched {
		return nil
	}
	c, err := s.PaletteClient()
	if err != nil {
		return err
	}
	return s.gatherClouds(ctx, c, Plan{}) // no cluster named: list, derive nothing
}

// ErrClustersNotRead says the session has not listed Palette's clusters:
// it does when the plan names a cluster or has no Account A yet.
var ErrClustersNotRead = errors.New("the project's clusters were not read from Palette (Account A was given)")

// Clusters returns the project's clusters found so far, with the account
// of each one's cloud account, for a face's list, and why there are none
// when they could not be read (or were not: ErrClustersNotRead).
func (s *Session) Clusters() ([]ClusterChoice, error) {
	s.mu.Lock()
	f := s.acctA.palette
	s.mu.Unlock()
	if !f.fetched {
		return nil, ErrClustersNotRead
	}
	if f.err != nil {
		return nil, fmt.Errorf("read Palette's clusters: %w", f.err)
	}
	out := make([]ClusterChoice, 0, len(f.clusters))
	for _, c := range f.clusters {
		ch := ClusterChoice{Name: c.Name, UID: c.UID, Region: c.Region, CloudType: c.CloudType}
		if a, ok := cloudByUID(f.clouds, c.CloudAccountUID); ok {
			ch.CloudAccount = a.Name
			ch.Account, _ = rules.PrincipalAccount(a.RoleARN)
		}
		out = append(out, ch)
	}
	return out, nil
}

func cloudByUID(clouds []palette.CloudAccount, uid string) (palette.CloudAccount, bool) {
	for _, a := range clouds {
		if a.UID == uid {
			return a, true
		}
	}
	return palette.CloudAccount{}, false
}

// clusterAccount derives Account A from the plan's cluster: its cloud
// account's STS role ARN names it; a cloud account of access keys names
// none, so Account A's credentials tell it, or the operator does.
func (s *Session) clusterAccount(ctx context.Context, p Plan) (string, error) {
	c, a, err := s.findCluster(p.Cluster, p.Scope)
	var nf *clusterNotFound
	if errors.As(err, &nf) {
		return "", clusterRule(nf.name, nf.rule)
	}
	if err != nil {
		return "", err
	}
	acct, ok := rules.PrincipalAccount(a.RoleARN)
	if !ok && p.AccountAProfile != "" {
		ac, err := s.AccountAClient(ctx)
		if err != nil {
			return "", fmt.Errorf("cluster %s: its cloud account %s uses access keys: %w", c.Name, a.Name, err)
		}
		acct, ok = ac.Identity().Account, true
	}
	if !ok {
		return "", fmt.Errorf("cluster %s: its cloud account %s uses access keys, which name no AWS account: give --account-a, or --account-a-profile to read it", c.Name, a.Name)
	}
	if given, gok := accountOf(p.AccountA); gok && given != acct && s.RawPlan().AccountA != "" {
		return "", clusterRule(c.Name, fmt.Sprintf("runs in account %s (cloud account %s), but Account A is %s: drop one, or check the cluster", acct, a.Name, given))
	}
	s.mu.Lock()
	s.acctA.derived, s.acctA.derivedFor = acct, p.Cluster
	s.mu.Unlock()
	return acct, nil
}

// ClusterAccountA is Account A as cluster name's cloud account names it,
// from what Palette answered (it asks nothing): the derivation and the
// guard of --cluster, for a face's picker. accountA is the Account A the
// operator gave ("" when none): a cluster in another account is refused. A
// cloud account of access keys names no account: it is accepted beside a
// given Account A (acct is then ""), else the error asks for Account A.
func (s *Session) ClusterAccountA(name, accountA string) (acct string, err error) {
	c, a, err := s.findCluster(name, s.RawPlan().Scope)
	if err != nil {
		return "", err
	}
	acct, ok := rules.PrincipalAccount(a.RoleARN)
	given, gok := accountOf(strings.TrimSpace(accountA))
	switch {
	case !ok && gok:
		return "", nil
	case !ok:
		return "", fmt.Errorf("cluster %s: its cloud account %s uses access keys, which name no AWS account: type Account A", c.Name, a.Name)
	case gok && given != acct:
		return "", fmt.Errorf("cluster %s runs in account %s (cloud account %s), but Account A is %s: clear one, or check the cluster", c.Name, acct, a.Name, given)
	}
	return acct, nil
}

// findCluster is cluster name and its AWS cloud account in what Palette
// answered, or why there is none.
func (s *Session) findCluster(name, scope string) (palette.Cluster, palette.CloudAccount, error) {
	s.mu.Lock()
	f := s.acctA.palette
	s.mu.Unlock()
	if f.err != nil {
		return palette.Cluster{}, palette.CloudAccount{}, fmt.Errorf("cluster %s: read Palette's clusters: %w", name, f.err)
	}
	var names []string
	for _, c := range f.clusters {
		names = append(names, c.Name)
		if c.Name != name {
			continue
		}
		a, ok := cloudByUID(f.clouds, c.CloudAccountUID)
		if !ok {
			return c, a, fmt.Errorf("cluster %s: its cloud account %s is not an AWS cloud account this API key sees; give --account-a", c.Name, c.CloudAccountUID)
		}
		return c, a, nil
	}
	where := "project " + s.Project().Name
	if scope == "tenant" {
		where = "the tenant"
	}
	if len(names) == 0 {
		return palette.Cluster{}, palette.CloudAccount{}, &clusterNotFound{name: name, rule: "is not a cluster: " + where + " has none"}
	}
	return palette.Cluster{}, palette.CloudAccount{}, &clusterNotFound{name: name,
		rule: "is not a cluster of " + where + " (its clusters: " + strings.Join(names, ", ") + "): check the name, or --project"}
}

// clusterNotFound is a cluster name that Palette does not have.
type clusterNotFound struct{ name, rule string }

func (e *clusterNotFound) Error() string { return "cluster " + e.name + " " + e.rule }

// clusterRule is a cluster the plan names that Palette does not have, or
// that runs in another Account A: a rule of the plan (exit 3), marked on
// the cluster field.
func clusterRule(name, rule string) error {
	if f, ok := FieldByKey("cluster"); ok {
		return Problems{Errors: []FieldError{{f, &rules.Error{Field: f.Label, Value: name, Rule: rule}}}}.Err()
	}
	return fmt.Errorf("cluster %s %s", name, rule)
}

// derivedAccountALocked is Account A as the plan's cluster names it: from
// its STS cloud account in what Palette answered, or as clusterAccount
// derived it (access keys, through Account A's credentials). Callers hold
// s.mu.
func (s *Session) derivedAccountALocked() string {
	name := s.plan.Cluster
	if name == "" {
		return ""
	}
	if s.acctA.derivedFor == name {
		return s.acctA.derived
	}
	for _, c := range s.acctA.palette.clusters {
		if c.Name == name {
			if a, ok := cloudByUID(s.acctA.palette.clouds, c.CloudAccountUID); ok {
				acct, _ := rules.PrincipalAccount(a.RoleARN)
				return acct
			}
		}
	}
	return ""
}

// paletteCloudAccountFor fills authorization (1) for Account A acct: the
// project (or tenant) has an AWS cloud account whose STS role is in acct.
func (s *Session) paletteCloudAccountFor(ctx context.Context, a Authorization, acct string) Authorization {
	s.mu.Lock()
	f := s.acctA.palette
	s.mu.Unlock()
	if !f.fetched {
		c, err := s.PaletteClient()
		if err != nil {
			a.Reason = "Palette is not connected yet"
			return a
		}
		pc, ok := c.(paletteClouds)
		if !ok {
			a.Reason = "this Palette client cannot list cloud accounts"
			return a
		}
		f.clouds, f.err = pc.AWSCloudAccounts(ctx)
	}
	if f.err != nil {
		a.Reason = "could not list Palette's AWS cloud accounts: " + firstLine(f.err.Error())
		return a
	}
	var keys []string
	for _, c := range f.clouds {
		if got, ok := rules.PrincipalAccount(c.RoleARN); ok && got == acct {
			a.Status = AuthOK
			a.Reason = "cloud account " + c.Name + " (STS, " + c.RoleARN + ") is in Account A " + acct
			return a
		}
		if c.CredentialType != "sts" {
			keys = append(keys, c.Name)
		}
	}
	if len(keys) > 0 {
		a.Reason = "no STS cloud account names Account A " + acct + "; " + strings.Join(keys, ", ") +
			" use access keys, which name no account: check in Palette (Tenant Settings → Cloud Accounts) that one is for " + acct
		return a
	}
	a.Status = AuthFailed
	a.Reason = "Palette has no AWS cloud account for Account A " + acct + " in this scope: add one (Tenant Settings → Cloud Accounts → Add AWS Account, STS), " +
		"so Palette can administer the cluster there"
	return a
}
