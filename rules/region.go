package rules

import (
	"fmt"
	"strings"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

const fieldRegion = "region"

// RegionInfo describes one AWS Region. OptIn means the Region is disabled in
// an account until someone enables it (Regions launched after 20 March 2019).
type RegionInfo struct {
	Code, Name, Partition string
	OptIn                 bool
}

// partitionInfo is one row of the SDK's partitions.json (v1.48.0).
type partitionInfo struct {
	id      string
	pattern *lazyre.Regexp
}

// partitions lists every partition in the order Regions uses. The patterns
// are disjoint because \w does not match '-': us-gov-west-1 is not an aws
// region, nor is us-iso-east-1.
var partitions = []partitionInfo{
	{"aws", lazyre.New(`^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`)},
	{"aws-cn", lazyre.New(`^cn\-\w+\-\d+$`)},
	{"aws-us-gov", lazyre.New(`^us\-gov\-\w+\-\d+$`)},
	{"aws-eusc", lazyre.New(`^eusc\-(de)\-\w+\-\d+$`)},
	{"aws-iso", lazyre.New(`^us\-iso\-\w+\-\d+$`)},
	{"aws-iso-b", lazyre.New(`^us\-isob\-\w+\-\d+$`)},
	{"aws-iso-e", lazyre.New(`^eu\-isoe\-\w+\-\d+$`)},
	{"aws-iso-f", lazyre.New(`^us\-isof\-\w+\-\d+$`)},
}

// regions is every Region of aws-facts §2, grouped by partition in the order
// of partitions and sorted by code within a partition. Opt-in status of
// ap-southeast-6, me-west-1 and sa-west-1 is inferred from their launch date.
var regions = []RegionInfo{
	{"af-south-1", "Africa (Cape Town)", "aws", true},
	{"ap-east-1", "Asia Pacific (Hong Kong)", "aws", true},
	{"ap-east-2", "Asia Pacific (Taipei)", "aws", true},
	{"ap-northeast-1", "Asia Pacific (Tokyo)", "aws", false},
	{"ap-northeast-2", "Asia Pacific (Seoul)", "aws", false},
	{"ap-northeast-3", "Asia Pacific (Osaka)", "aws", false},
	{"ap-south-1", "Asia Pacific (Mumbai)", "aws", false},
	{"ap-south-2", "Asia Pacific (Hyderabad)", "aws", true},
	{"ap-southeast-1", "Asia Pacific (Singapore)", "aws", false},
	{"ap-southeast-2", "Asia Pacific (Sydney)", "aws", false},
	{"ap-southeast-3", "Asia Pacific (Jakarta)", "aws", true},
	{"ap-southeast-4", "Asia Pacific (Melbourne)", "aws", true},
	{"ap-southeast-5", "Asia Pacific (Malaysia)", "aws", true},
	{"ap-southeast-6", "Asia Pacific (New Zealand)", "aws", true},
	{"ap-southeast-7", "Asia Pacific (Thailand)", "aws", true},
	{"ca-central-1", "Canada (Central)", "aws", false},
	{"ca-west-1", "Canada West (Calgary)", "aws", true},
	{"eu-central-1", "Europe (Frankfurt)", "aws", false},
	{"eu-central-2", "Europe (Zurich)", "aws", true},
	{"eu-north-1", "Europe (Stockholm)", "aws", false},
	{"eu-south-1", "Europe (Milan)", "aws", true},
	{"eu-south-2", "Europe (Spain)", "aws", true},
	{"eu-west-1", "Europe (Ireland)", "aws", false},
	{"eu-west-2", "Europe (London)", "aws", false},
	{"eu-west-3", "Europe (Paris)", "aws", false},
	{"il-central-1", "Israel (Tel Aviv)", "aws", true},
	{"me-central-1", "Middle East (UAE)", "aws", true},
	{"me-south-1", "Middle East (Bahrain)", "aws", true},
	{"me-west-1", "Middle East (Saudi Arabia)", "aws", true},
	{"mx-central-1", "Mexico (Central)", "aws", true},
	{"sa-east-1", "South America (São Paulo)", "aws", false},
	{"sa-west-1", "South America (Chile)", "aws", true},
	{"us-east-1", "US East (N. Virginia)", "aws", false},
	{"us-east-2", "US East (Ohio)", "aws", false},
	{"us-west-1", "US West (N. California)", "aws", false},
	{"us-west-2", "US West (Oregon)", "aws", false},
	{"cn-north-1", "China (Beijing)", "aws-cn", false},
	{"cn-northwest-1", "China (Ningxia)", "aws-cn", false},
	{"us-gov-east-1", "AWS GovCloud (US-East)", "aws-us-gov", false},
	{"us-gov-west-1", "AWS GovCloud (US-West)", "aws-us-gov", false},
	{"eusc-de-east-1", "AWS European Sovereign Cloud (Germany)", "aws-eusc", false},
	{"us-iso-east-1", "US ISO East", "aws-iso", false},
	{"us-iso-west-1", "US ISO West", "aws-iso", false},
	{"us-isob-east-1", "US ISOB East (Ohio)", "aws-iso-b", false},
	{"us-isob-west-1", "US ISOB West", "aws-iso-b", false},
	{"eu-isoe-west-1", "EU ISOE West", "aws-iso-e", false},
	{"us-isof-east-1", "US ISOF East", "aws-iso-f", false},
	{"us-isof-south-1", "US ISOF South", "aws-iso-f", false},
}

var regionByCode = func() map[string]RegionInfo {
	m := make(map[string]RegionInfo, len(regions))
	for _, r := range regions {
		m[r.Code] = r
	}
	return m
}()

// Regions returns every known Region, grouped by partition (aws, aws-cn,
// aws-us-gov, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f) and sorted
// by code within a partition. The slice is a copy.
func Regions() []RegionInfo { return append([]RegionInfo(nil), regions...) }

// Partitions returns the ARN partitions the wizard knows, in a stable order.
func Partitions() []string {
	ids := make([]string, len(partitions))
	for i, p := range partitions {
		ids[i] = p.id
	}
	return ids
}

// KnownPartition reports whether p is one of Partitions.
func KnownPartition(p string) bool {
	for _, q := range partitions {
		if q.id == p {
			return true
		}
	}
	return false
}

// LookupRegion returns the table entry for a Region code.
func LookupRegion(code string) (RegionInfo, bool) {
	r, ok := regionByCode[code]
	return r, ok
}

// Region returns the partition of a Region code. A code missing from the
// table but matching a partition's region pattern is accepted for that
// partition, like the SDK does, so that a Region launched later still works.
func Region(code string) (partition string, err error) {
	fail := func(rule string) (string, error) { return "", &Error{Field: fieldRegion, Value: code, Rule: rule} }
	if code == "" {
		return fail("must not be empty")
	}
	if r, ok := regionByCode[code]; ok {
		return r.Partition, nil
	}
	if fixed := strings.ToLower(strings.TrimSpace(code)); fixed != code {
		if _, ok := regionByCode[fixed]; ok {
			return fail(fmt.Sprintf("is not a region code; did you mean %q?", fixed))
		}
	}
	for _, p := range partitions {
		if p.pattern.MatchString(code) {
			return p.id, nil
		}
	}
	if r, ok := regionByName(code); ok {
		return fail(fmt.Sprintf("is a region name; use its code %q", r.Code))
	}
	return fail("is not an AWS region code (for example us-east-2)")
}

// regionByName finds a Region by its display name or the city in it, so that
// "Ohio" or "US East (Ohio)" can be answered with the code.
func regionByName(s string) (RegionInfo, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 3 || strings.Contains(s, "-") && !strings.Contains(s, " ") { // code-like, not a name

		return RegionInfo{}, false
	}
	for _, r := range regions {
		name := strings.ToLower(r.Name)
		if name == s || strings.Contains(name, "("+s+")") {
			return r, true
		}
	}
	return RegionInfo{}, false
}

// RegionInPartition checks that a Region belongs to a partition, usually
// Account B's (from its caller ARN): buckets and trust cannot cross
// partitions.
func RegionInPartition(code, partition string) error {
	p, err := Region(code)
	if err != nil {
		return err
	}
	if !KnownPartition(partition) {
		return &Error{Field: "partition", Value: partition,
			Rule: "is not a known AWS partition (" + strings.Join(Partitions(), ", ") + ")"}
	}
	if p != partition {
		return &Error{Field: fieldRegion, Value: code,
			Rule: fmt.Sprintf("is in partition %s, but the account is in partition %s", p, partition)}
	}
	return nil
}
