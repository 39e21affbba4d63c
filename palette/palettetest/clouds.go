package palettetest

import (
	"net/http"
	"strconv"
)

// Operation IDs of the cluster and cloud account reads (palette-openapi-4.8.json).
const (
	OpClustersMetaGet    = "v1SpectroClustersMetaGet"
	OpCloudAccountsAWS   = "v1CloudAccountsAwsList"
	OpCloudAccountAWSGet = "v1CloudAccountsAwsGet"
)

const (
	pathClustersMeta     = "/v1/dashboard/spectroclusters/meta"
	pathCloudAccountsAWS = "/v1/cloudaccounts/aws"
	pathCloudAccountAWS  = pathCloudAccountsAWS + "/{uid}"
)

// cloudAccount is an AWS cloud account of a tenant, tenant-scoped when
// projectUID is "".
type cloudAccount struct {
	uid, name, projectUID string
	credentialType        string // "sts" or "secret"
	roleARN, externalID   string // sts
	accessKey             string // secret (never answered back)
	partition             string
}

// cluster is a cluster of a project on a cloud account.
type cluster struct {
	uid, name, projectUID string
	cloudType             string
	cloudAccountUID       string
	region                string
}

// AddAWSCloudAccountSTS registers an AWS cloud account of credential type
// sts (Palette assumes roleARN with the tenant's external ID) in project
// projectUID ("" for the tenant), and returns its uid.
func (t *Tenant) AddAWSCloudAccountSTS(projectUID, name, roleARN string) string {
	return t.addCloudAccount(&cloudAccount{name: name, projectUID: projectUID, credentialType: "sts", roleARN: roleARN, externalID: t.ExternalID, partition: "aws"})
}

// AddAWSCloudAccountSecret registers an AWS cloud account of access keys:
// Palette's answer names no AWS account ID.
func (t *Tenant) AddAWSCloudAccountSecret(projectUID, name, accessKey string) string {
	return t.addCloudAccount(&cloudAccount{name: name, projectUID: projectUID, credentialType: "secret", accessKey: accessKey, partition: "aws"})
}

func (t *Tenant) addCloudAccount(a *cloudAccount) string {
	a.uid = newUID()
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	t.clouds = append(t.clouds, a)
	return a.uid
}

// AddCluster adds an AWS cluster to project projectUID on cloud account
// cloudAccountUID, and returns its uid.
func (t *Tenant) AddCluster(projectUID, name, cloudAccountUID, region string) string {
	c := &cluster{uid: newUID(), name: name, projectUID: projectUID, cloudType: "aws", cloudAccountUID: cloudAccountUID, region: region}
	t.e.mu.Lock()
	defer t.e.mu.Unlock()
	t.clusters = append(t.clusters, c)
	return c.uid
}

// visible reports whether a resource of project projectUID is seen by a
// caller of scope c: a project sees its own and the tenant's; the tenant
// scope sees the tenant's.
func (c *caller) visible(projectUID string) bool {
	return projectUID == "" || projectUID == c.projectUID
}

type v1SpectroClusterMetaSpec struct {
	CloudAccountUID string `json:"cloudAccountUid"`
	CloudRegion     string `json:"cloudRegion"`
	CloudType       string `json:"cloudType"`
}

type v1SpectroClusterMeta struct {
	Metadata v1ObjectEntity           `json:"metadata"`
	Spec     v1SpectroClusterMetaSpec `json:"spec"`
}

type v1AwsStsCredentialsOut struct {
	Arn        string `json:"arn"`
	ExternalID string `json:"externalId"`
}

type v1AwsCloudAccountOut struct {
	AccessKey      string                  `json:"accessKey,omitempty"`
	CredentialType string                  `json:"credentialType"`
	Partition      string                  `json:"partition"`
	Sts            *v1AwsStsCredentialsOut `json:"sts,omitempty"`
}

type v1CloudAccountStatus struct {
	State string `json:"state"`
}

type v1AwsAccount struct {
	APIVersion string               `json:"apiVersion"`
	Kind       string               `json:"kind"`
	Metadata   v1ObjectEntity       `json:"metadata"`
	Spec       v1AwsCloudAccountOut `json:"spec"`
	Status     v1CloudAccountStatus `json:"status"`
}

type v1ListMetaData struct {
	Continue string `json:"continue"`
	Count    int    `json:"count"`
	Limit    int    `json:"limit"`
	Offset   int    `json:"offset"`
}

type v1AwsAccounts struct {
	Items    []v1AwsAccount `json:"items"`
	Listmeta v1ListMetaData `json:"listmeta"`
}

func (a *cloudAccount) wire() v1AwsAccount {
	out := v1AwsAccount{APIVersion: "v1", Kind: "cloudaccount", Metadata: v1ObjectEntity{Name: a.name, UID: a.uid},
		Spec:   v1AwsCloudAccountOut{CredentialType: a.credentialType, Partition: a.partition},
		Status: v1CloudAccountStatus{State: "Running"}}
	switch a.credentialType {
	case "sts":
		out.Spec.Sts = &v1AwsStsCredentialsOut{Arn: a.roleARN, ExternalID: a.externalID}
	case "secret":
		out.Spec.AccessKey = a.accessKey // Palette answers the key ID, never the secret
	}
	return out
}

func (e *Emulator) clustersMeta(w http.ResponseWriter, _ *http.Request, c *caller) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []v1SpectroClusterMeta{}
	for _, cl := range c.tenant.clusters {
		if c.projectUID != "" && cl.projectUID == c.projectUID {
			out = append(out, v1SpectroClusterMeta{Metadata: v1ObjectEntity{Name: cl.name, UID: cl.uid},
				Spec: v1SpectroClusterMetaSpec{CloudAccountUID: cl.cloudAccountUID, CloudRegion: cl.region, CloudType: cl.cloudType}})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// cloudAccountsAWS lists page by page (limit at most 50, continue is the
// next offset as a token).
func (e *Emulator) cloudAccountsAWS(w http.ResponseWriter, r *http.Request, c *caller) {
	limit, offset := 50, 0
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "limit: must be a positive integer")
			return
		}
		limit = min(n, 50)
	}
	if v := q.Get("continue"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "continue: invalid token")
			return
		}
		offset = n
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	var all []v1AwsAccount
	for _, a := range c.tenant.clouds {
		if c.visible(a.projectUID) {
			all = append(all, a.wire())
		}
	}
	out := v1AwsAccounts{Items: []v1AwsAccount{}, Listmeta: v1ListMetaData{Count: len(all), Limit: limit, Offset: offset}}
	if offset < len(all) {
		end := min(offset+limit, len(all))
		out.Items = append(out.Items, all[offset:end]...)
		if end < len(all) {
			out.Listmeta.Continue = strconv.Itoa(end)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) cloudAccountAWS(w http.ResponseWriter, _ *http.Request, c *caller) {
	uid := c.params["uid"]
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, a := range c.tenant.clouds {
		if a.uid == uid && c.visible(a.projectUID) {
			writeJSON(w, http.StatusOK, a.wire())
			return
		}
	}
	writeError(w, http.StatusNotFound, "ResourceNotFound", "cloud account "+uid+" not found")
}
