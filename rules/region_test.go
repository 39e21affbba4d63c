package rules

import (
	"slices"
	"testing"
)

// factsRegions is aws-facts §2 copied by hand, independently of the table in
// region.go: a Region removed from the table, or mapped to the wrong
// partition, fails TestEveryListedRegionHasItsPartition.
var factsRegions = map[string][]string{
	"aws": {
		// not opt-in (17)
		"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2",
		"eu-west-3", "eu-central-1", "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
		"ap-southeast-1", "ap-southeast-2",
		// opt-in (19)
		"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
		"ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
		"me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-west-1",
	},
	"aws-cn":     {"cn-north-1", "cn-northwest-1"},
	"aws-us-gov": {"us-gov-east-1", "us-gov-west-1"},
	"aws-eusc":   {"eusc-de-east-1"},
	"aws-iso":    {"us-iso-east-1", "us-iso-west-1"},
	"aws-iso-b":  {"us-isob-east-1", "us-isob-west-1"},
	"aws-iso-e":  {"eu-isoe-west-1"},
	"aws-iso-f":  {"us-isof-east-1", "us-isof-south-1"},
}

func TestEveryListedRegionHasItsPartition(t *testing.T) {
	listed := 0
	for partition, codes := range factsRegions {
		for _, code := range codes {
			listed++
			got, err := Region(code)
			if err != nil || got != partition {
				t.Errorf("Region(%q) = %q, %v; want partition %q", code, got, err, partition)
			}
			info, ok := LookupRegion(code)
			if !ok || info.Partition != partition || info.Name == "" {
				t.Errorf("LookupRegion(%q) = %+v, %v; want a named entry in %q", code, info, ok, partition)
			}
			if err := RegionInPartition(code, partition); err != nil {
				t.Errorf("RegionInPartition(%q, %q) = %v", code, partition, err)
			}
		}
	}
	if n := len(Regions()); n != listed {
		t.Errorf("Regions() has %d entries, aws-facts §2 lists %d", n, listed)
	}
}

func TestRegionsOrderAndOptIn(t *testing.T) {
	rs := Regions()
	partitionRank := func(p string) int { return slices.Index(Partitions(), p) }
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1], rs[i]
		ra, rb := partitionRank(a.Partition), partitionRank(b.Partition)
		if ra > rb || ra == rb && a.Code >= b.Code {
			t.Errorf("Regions() not ordered by partition then code: %s (%s) before %s (%s)", a.Code, a.Partition, b.Code, b.Partition)
		}
	}
	notOptIn := 0
	for _, r := range rs {
		if r.Partition == "aws" && !r.OptIn {
			notOptIn++
		}
		if r.Partition != "aws" && r.OptIn {
			t.Errorf("%s: only aws Regions are opt-in", r.Code)
		}
	}
	if notOptIn != 17 {
		t.Errorf("%d aws Regions are enabled by default, aws-facts §2 lists 17", notOptIn)
	}
	rs[0].Code = "changed"
	if Regions()[0].Code == "changed" {
		t.Error("Regions() must return a copy")
	}
}

func TestRegion(t *testing.T) {
	tests := []struct {
		code, partition, rule string
	}{
		{"us-east-2", "aws", ""},
		{"eusc-de-east-1", "aws-eusc", ""},
		// Regions launched after the table: matched by the partition pattern, like the SDK.
		{"ap-southeast-9", "aws", ""},
		{"us-gov-south-1", "aws-us-gov", ""},
		{"us-isob-south-1", "aws-iso-b", ""},
		{"cn-south-1", "aws-cn", ""},
		{"", "", "must not be empty"},
		{"US-EAST-1", "", `did you mean "us-east-1"?`},
		{"us-east-1 ", "", `did you mean "us-east-1"?`},
		{"Ohio", "", `is a region name; use its code "us-east-2"`},
		{"US East (N. Virginia)", "", `use its code "us-east-1"`},
		{"mars-north-1", "", "is not an AWS region code"},
		{"us-east", "", "is not an AWS region code"},
		{"useast1", "", "is not an AWS region code"},
		{"us-east-1a", "", "is not an AWS region code"}, // an Availability Zone
	}
	for _, tt := range tests {
		got, err := Region(tt.code)
		checkRule(t, "region", tt.code, err, tt.rule)
		if got != tt.partition {
			t.Errorf("Region(%q) partition = %q, want %q", tt.code, got, tt.partition)
		}
	}
}

func TestRegionInPartition(t *testing.T) {
	tests := []struct {
		code, partition, field, rule string
	}{
		{"us-east-2", "aws", "", ""},
		{"cn-north-1", "aws", "region", "is in partition aws-cn, but the account is in partition aws"},
		{"us-gov-west-1", "aws", "region", "is in partition aws-us-gov"},
		{"us-east-2", "aws-us-gov", "region", "is in partition aws, but the account is in partition aws-us-gov"},
		{"nowhere", "aws", "region", "is not an AWS region code"},
		{"us-east-2", "awz", "partition", "is not a known AWS partition"},
	}
	for _, tt := range tests {
		err := RegionInPartition(tt.code, tt.partition)
		in := tt.code
		if tt.field == "partition" {
			in = tt.partition
		}
		checkRule(t, tt.field, in, err, tt.rule)
	}
}

func TestKnownPartition(t *testing.T) {
	for _, p := range []string{"aws", "aws-cn", "aws-us-gov", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"} {
		if !KnownPartition(p) {
			t.Errorf("KnownPartition(%q) = false", p)
		}
	}
	for _, p := range []string{"", "AWS", "aws-mars", "arn"} {
		if KnownPartition(p) {
			t.Errorf("KnownPartition(%q) = true", p)
		}
	}
}
