package sandbox

import "fmt"

// The seed of authorization (1): Palette administers a cluster in Account A
// through an AWS cloud account of credential type STS.
const (
	// CloudAccountName is the Palette cloud account for Account A.
	CloudAccountName = "account-a"
	// CloudAccountRole is the role in Account A it assumes.
	CloudAccountRole = "PaletteCloudAccountRole"
	// ClusterName is the cluster on it, in project Default.
	ClusterName = "demo-cluster"
)

// seedClouds gives Account A the role Palette's cloud account assumes (it
// trusts Palette's account with the tenant's external ID), and registers
// that cloud account and a cluster on it in the project.
func (sb *Sandbox) seedClouds() {
	sb.AWS.AddRole(AccountA, CloudAccountRole, fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",`+
		`"Principal":{"AWS":"arn:%s:iam::%s:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}`,
		sb.Partition, PaletteAccount, sb.Tenant.ExternalID))
	roleARN := fmt.Sprintf("arn:%s:iam::%s:role/%s", sb.Partition, AccountA, CloudAccountRole)
	uid := sb.Tenant.AddAWSCloudAccountSTS(sb.ProjectUID, CloudAccountName, roleARN)
	sb.Tenant.AddCluster(sb.ProjectUID, ClusterName, uid, sb.BucketRegion)
}
