package palette

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// Partitions for which Palette hands out STS account information.
const (
	PartitionAWS      = "aws"
	PartitionAWSGovUS = "aws-us-gov"
)

// StsAccount is what an IAM role's trust policy must name for Palette to assume it: Palette's
// AWS account and the tenant's external ID.
type StsAccount struct{ AccountID, ExternalID, Partition string }

// StsAccount fetches Palette's AWS account ID and the external ID for partition ("aws" when
// empty, or "aws-us-gov"): GET /v1/clouds/aws/account/sts.
func (c *Client) StsAccount(ctx context.Context, partition string) (StsAccount, error) {
	if partition == "" {
		partition = PartitionAWS
	}
	if partition != PartitionAWS && partition != PartitionAWSGovUS {
		return StsAccount{}, fmt.Errorf("get Palette STS account: partition %q is not supported; Palette STS supports %q and %q",
			partition, PartitionAWS, PartitionAWSGovUS)
	}
	var out wireAwsAccountSts
	err := c.do(ctx, request{
		method: http.MethodGet, path: "/v1/clouds/aws/account/sts",
		query: url.Values{"partition": {partition}}, out: &out,
	})
	if err != nil {
		return StsAccount{}, fmt.Errorf("get Palette STS account (%s): %w", partition, err)
	}
	if out.AccountID == "" || out.ExternalID == "" {
		return StsAccount{}, fmt.Errorf("get Palette STS account (%s): the answer lacks the account ID or the external ID", partition)
	}
	if out.Partition == "" {
		out.Partition = partition
	}
	if out.Partition != partition {
		return StsAccount{}, fmt.Errorf("get Palette STS account: asked for partition %q, got %q", partition, out.Partition)
	}
	return StsAccount(out), nil
}
