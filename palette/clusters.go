package palette

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Cluster is a cluster of the project (or tenant) as Palette's cluster
// metadata lists it (v1SpectroClusterMeta).
type Cluster struct {
	Name, UID       string
	CloudType       string // "aws", "eks", ...
	CloudAccountUID string
	Region          string
}

// CloudAccount is an AWS cloud account registered in Palette
// (v1AwsAccount). RoleARN is the STS role of an sts account; an account of
// access keys names no AWS account ID.
type CloudAccount struct {
	Name, UID      string
	CredentialType string // "secret", "sts", "pod-identity"
	Partition      string
	RoleARN        string
}

// wireClustersMeta is v1SpectroClustersMeta.
type wireClustersMeta []struct {
	Metadata struct {
		Name string `json:"name"`
		UID  string `json:"uid"`
	} `json:"metadata"`
	Spec struct {
		CloudAccountUID string `json:"cloudAccountUid"`
		CloudRegion     string `json:"cloudRegion"`
		CloudType       string `json:"cloudType"`
	} `json:"spec"`
}

// wireAwsAccount is the part of v1AwsAccount bslwiz reads.
type wireAwsAccount struct {
	Metadata struct {
		Name string `json:"name"`
		UID  string `json:"uid"`
	} `json:"metadata"`
	Spec struct {
		CredentialType string `json:"credentialType"`
		Partition      string `json:"partition"`
		Sts            *struct {
			Arn string `json:"arn"`
		} `json:"sts"`
	} `json:"spec"`
}

// wireAwsAccounts is v1AwsAccounts.
type wireAwsAccounts struct {
	Items    []wireAwsAccount `json:"items"`
	Listmeta struct {
		Continue string `json:"continue"`
	} `json:"listmeta"`
}

func (w wireAwsAccount) account() CloudAccount {
	a := CloudAccount{Name: w.Metadata.Name, UID: w.Metadata.UID, CredentialType: w.Spec.CredentialType, Partition: w.Spec.Partition}
	if w.Spec.Sts != nil {
		a.RoleARN = w.Spec.Sts.Arn
	}
	return a
}

// Clusters lists the clusters the client's scope sees, sorted by name:
// GET /v1/dashboard/spectroclusters/meta.
func (c *Client) Clusters(ctx context.Context) ([]Cluster, error) {
	var out wireClustersMeta
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v1/dashboard/spectroclusters/meta", out: &out}); err != nil {
		return nil, fmt.Errorf("list Palette clusters: %w", err)
	}
	cs := make([]Cluster, 0, len(out))
	for _, it := range out {
		cs = append(cs, Cluster{Name: it.Metadata.Name, UID: it.Metadata.UID, CloudType: it.Spec.CloudType,
			CloudAccountUID: it.Spec.CloudAccountUID, Region: it.Spec.CloudRegion})
	}
	slices.SortFunc(cs, func(a, b Cluster) int { return strings.Compare(a.Name, b.Name) })
	return cs, nil
}

// AWSCloudAccount reads one AWS cloud account: GET /v1/cloudaccounts/aws/{uid}.
// A missing one matches ErrNotFound.
func (c *Client) AWSCloudAccount(ctx context.Context, uid string) (CloudAccount, error) {
	var out wireAwsAccount
	if err := c.do(ctx, request{method: http.MethodGet, path: "/v1/cloudaccounts/aws/" + url.PathEscape(uid), out: &out}); err != nil {
		return CloudAccount{}, fmt.Errorf("get Palette AWS cloud account %s: %w", uid, err)
	}
	return out.account(), nil
}

// AWSCloudAccounts lists the AWS cloud accounts the client's scope sees:
// GET /v1/cloudaccounts/aws, page by page.
func (c *Client) AWSCloudAccounts(ctx context.Context) ([]CloudAccount, error) {
	var all []CloudAccount
	next := ""
	for range 100 { // 50 a page: 5,000 accounts at most
		q := url.Values{"limit": {"50"}}
		if next != "" {
			q.Set("continue", next)
		}
		var out wireAwsAccounts
		if err := c.do(ctx, request{method: http.MethodGet, path: "/v1/cloudaccounts/aws", query: q, out: &out}); err != nil {
			return nil, fmt.Errorf("list Palette AWS cloud accounts: %w", err)
		}
		for _, it := range out.Items {
			all = append(all, it.account())
		}
		if next = out.Listmeta.Continue; next == "" {
			return all, nil
		}
	}
	return nil, fmt.Errorf("list Palette AWS cloud accounts: more than 100 pages")
}
