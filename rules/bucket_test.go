package rules

import (
	"strings"
	"testing"
)

func TestBucketName(t *testing.T) {
	tests := []ruleCase{
		// Valid examples of the S3 user guide ("Bucket naming rules").
		{"docexamplebucket1", ""},
		{"log-delivery-march-2020", ""},
		{"my-hosted-content", ""},
		// Valid but not recommended except for static website hosting.
		{"docexamplewebsite.com", ""},
		{"www.docexamplewebsite.com", ""},
		{"my.example.s3.bucket", ""},
		// Our seed bucket and the edges of the length rule.
		{"acme-velero-backups", ""},
		{"abc", ""},
		{strings.Repeat("a", 63), ""},
		{"1.2.3.4.5", ""},
		{"amzn-s3-demo-bucket", ""}, // reserved prefix: a warning, not an error
		// Invalid examples of the S3 user guide, with the reason it gives.
		{"doc_example_bucket", "underscores are not allowed"},
		{"DocExampleBucket", "uppercase letters are not allowed"},
		{"doc-example-bucket-", "must end with a lowercase letter or digit"},
		{"192.168.5.4", "must not be formatted as an IP address"},
		// Each remaining rule of aws-facts §1.
		{"", "must not be empty"},
		{" my-bucket", "white space"},
		{"my-bucket\n", "white space"},
		{"ab", "at least 3 characters long (it has 2)"},
		{strings.Repeat("a", 64), "at most 63 characters long (it has 64)"},
		{"-bucket", "must begin with a lowercase letter or digit"},
		{".bucket", "must begin with a lowercase letter or digit"},
		{"bucket.", "must end with a lowercase letter or digit"},
		{"my..bucket", "must not contain two adjacent periods"},
		{"999.999.999.999", "must not be formatted as an IP address"},
		{"my bucket", "character ' ' (space) at position 3 is not allowed"},
		{"my/bucket", "character '/' at position 3"},
		{"bücket", "character U+00FC 'ü' at position 2"},
		// Several failures: the most useful is reported first.
		{"My_Bucket", "uppercase letters are not allowed"},
		{"a_", "underscores are not allowed"},
		{"-" + strings.Repeat("a", 70), "at most 63"},
	}
	for _, tt := range tests {
		checkRule(t, "bucket name", tt.in, BucketName(tt.in), tt.rule)
	}
}

func TestBucketNameWarnings(t *testing.T) {
	tests := []struct {
		name string
		want []string // fragments, one per expected warning, in order
	}{
		{"acme-velero-backups", nil},
		{"xn--bcher-kva", []string{`begins with "xn--"`}},
		{"sthree-bucket", []string{`begins with "sthree-"`}},
		{"sthree-configurator", []string{`begins with "sthree-"`}},
		{"amzn-s3-demo-bucket", []string{`begins with "amzn-s3-demo-"`}},
		{"reports-s3alias", []string{`ends with "-s3alias"`}},
		{"reports--ol-s3", []string{`ends with "--ol-s3"`}},
		{"mfzwi23gnjvgw.mrap", []string{`ends with ".mrap"`, "contains '.'"}},
		{"reports--usw2-az1--x-s3", []string{`ends with "--x-s3"`}},
		{"reports--table-s3", []string{`ends with "--table-s3"`}},
		{"backups-an", []string{`ends with "-an"`}},
		{"backups-111122223333-us-west-2-an", nil},
		{"backups-111122223333-xx-nowhere-an", []string{`ends with "-an"`}},
		// The example of the S3 guide for the account regional namespace.
		{"amzn-s3-demo-bucket-111122223333-us-west-2-an", []string{`begins with "amzn-s3-demo-"`}},
		{"my.bucket", []string{"contains '.': HTTPS requests cannot use virtual-hosted-style addressing"}},
		// Legacy us-east-1 names: BucketName rejects them, the warning says why they may exist.
		{"My_Legacy_Bucket", []string{"legacy rules for us-east-1 buckets created before 1 March 2018"}},
		{strings.Repeat("a", 255), []string{"legacy rules"}},
		{strings.Repeat("a", 256), nil},
		{"_bucket", nil},
		{"my bucket", nil},
		{"192.168.5.4", nil},
	}
	for _, tt := range tests {
		got := BucketNameWarnings(tt.name)
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %d warnings %v, want %d", tt.name, len(got), got, len(tt.want))
			continue
		}
		for i, w := range got {
			if w.Field != "bucket name" || w.Value != tt.name || !strings.Contains(w.Rule, tt.want[i]) {
				t.Errorf("%q: warning %d is %v, want a rule containing %q", tt.name, i, w, tt.want[i])
			}
		}
	}
}

func TestLegacyBucketName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"My_Legacy.Bucket", true},
		{"ABC", true},
		{"acme-velero-backups", false}, // valid today, so not "legacy only"
		{"ab", false},
		{"_abc", false},
		{"my bucket", false},
		{"10.0.0.1", false},
	}
	for _, tt := range tests {
		if got := LegacyBucketName(tt.name); got != tt.want {
			t.Errorf("LegacyBucketName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
