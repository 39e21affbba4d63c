package awstest

import (
	"net/http"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// The emulator's own table of partitions and opt-in Regions. It is a copy on
// purpose: the emulator shares no code with the rules it tests.

// regionPartitions maps a Region code to its partition, as the SDK's
// partitions.json regionRegex does (aws-facts §2).
var regionPartitions = []struct {
	id      string
	pattern *lazyre.Regexp
}{
	{"aws", lazyre.New(`^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`)},
	{"aws-cn", lazyre.New(`^cn\-\w+\-\d+$`)},
	{"aws-us-gov", lazyre.New(`^us\-gov\-\w+\-\d+$`)},
	{"aws-eusc", lazyre.New(`^eusc\-(de)\-\w+\-\d+$`)},
	{"aws-iso", lazyre.New(`^us\-iso\-\w+\-\d+$`)},
	{"aws-iso-b", lazyre.New(`^us\-isob\-\w+\-\d+$`)},
	{"aws-iso-e", lazyre.New(`^eu\-isoe\-\w+\-\d+$`)},
	{"aws-iso-f", lazyre.New(`^us\-isof\-\w+\-\d+$`)},
}

// globalSigningRegions are the pseudo-regions some SDKs sign global endpoints
// with; they belong to their partition.
var globalSigningRegions = map[string]string{
	"aws-global": "aws", "aws-cn-global": "aws-cn", "aws-us-gov-global": "aws-us-gov",
}

// partitionOfRegion returns the partition of a signing region, "" when the
// code matches none.
func partitionOfRegion(region string) string {
	if p, ok := globalSigningRegions[region]; ok {
		return p
	}
	for _, p := range regionPartitions {
		if p.pattern.MatchString(region) {
			return p.id
		}
	}
	return ""
}

// optInRegions are the aws Regions that are disabled in an account until it
// enables them (launched after 20 March 2019, aws-facts §2).
var optInRegions = map[string]bool{
	"af-south-1": true, "ap-east-1": true, "ap-east-2": true, "ap-south-2": true, "ap-southeast-3": true,
	"ap-southeast-4": true, "ap-southeast-5": true, "ap-southeast-6": true, "ap-southeast-7": true,
	"ca-west-1": true, "eu-central-2": true, "eu-south-1": true, "eu-south-2": true, "il-central-1": true,
	"me-central-1": true, "me-south-1": true, "me-west-1": true, "mx-central-1": true, "sa-west-1": true,
}

// EnableRegion opts an account in to an opt-in Region (af-south-1, ap-east-1,
// ...). Requests signed for an opt-in Region the caller's account has not
// enabled are refused, as AWS refuses them. CreateBucket in such a Region
// enables it for the bucket's owner.
func (e *Emulator) EnableRegion(accountID, region string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	if a.enabledRegions == nil {
		a.enabledRegions = map[string]bool{}
	}
	a.enabledRegions[region] = true
}

// regionRefusal is why a request signed for region cannot be served for an
// account, or nil. Credentials exist only in their own partition, so a
// request signed for a Region of another partition is an unknown key
// (InvalidClientTokenId), as is one signed for an opt-in Region the account
// has not enabled; STS names the latter RegionDisabledException.
// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html
func regionRefusal(service, region string, a *account) *apiError {
	if p := partitionOfRegion(region); p != "" && p != a.partition {
		return authError(service, authUnknownKey, "")
	}
	if optInRegions[region] && !a.enabledRegions[region] {
		if service == "sts" {
			return newError(http.StatusForbidden, "RegionDisabledException",
				"STS is not activated in this region for account:%s. Your account administrator can activate STS in this region using the IAM Console.", a.id)
		}
		return authError(service, authUnknownKey, "")
	}
	return nil
}

// answersWrongRegionWith400 reports whether S3 answers a request for a bucket
// in region, sent to another Region, with 400 instead of a 301 redirect: it
// does for buckets in Regions launched after 20 March 2019 (the opt-in
// Regions), with x-amz-bucket-region set all the same.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (IllegalLocationConstraintException)
func answersWrongRegionWith400(region string) bool { return optInRegions[region] }
