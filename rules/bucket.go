package rules

import (
	"fmt"
	"strings"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

const fieldBucket = "bucket name"

// ipLike is the "formatted as an IP address" rule. The S3 documentation gives
// only an example (192.168.5.4); rejecting every dotted quad of 1–3 digit
// groups, valid address or not, is our reading of it (aws-facts §1).
var ipLike = lazyre.New(`^\d{1,3}(\.\d{1,3}){3}$`)

// BucketName checks the syntax rules of S3 general-purpose bucket names
// (aws-facts §1): 3–63 characters of lowercase letters, digits, '.' and '-',
// beginning and ending with a letter or digit, no two adjacent periods, not
// formatted as an IP address. Rules that older buckets may predate (reserved
// prefixes and suffixes) are warnings: see BucketNameWarnings.
func BucketName(name string) error {
	fail := func(rule string) error { return &Error{Field: fieldBucket, Value: name, Rule: rule} }
	switch {
	case name == "":
		return fail("must not be empty")
	case hasOuterSpace(name):
		return fail(ruleOuterSpace)
	}
	if strings.IndexFunc(name, isUpper) >= 0 {
		return fail("uppercase letters are not allowed")
	}
	if strings.ContainsRune(name, '_') {
		return fail("underscores are not allowed")
	}
	if r, pos := firstBad(name, isBucketRune); pos > 0 {
		return fail(badChar(r, pos, "use lowercase letters, digits, '.' and '-'"))
	}
	switch {
	case len(name) < 3:
		return fail(fmt.Sprintf("must be at least 3 characters long (it has %d)", len(name)))
	case len(name) > 63:
		return fail(fmt.Sprintf("must be at most 63 characters long (it has %d)", len(name)))
	case !isLowerAlnum(rune(name[0])):
		return fail("must begin with a lowercase letter or digit")
	case !isLowerAlnum(rune(name[len(name)-1])):
		return fail("must end with a lowercase letter or digit")
	case strings.Contains(name, ".."):
		return fail("must not contain two adjacent periods")
	case ipLike.MatchString(name):
		return fail("must not be formatted as an IP address")
	}
	return nil
}

func isBucketRune(r rune) bool { return isLowerAlnum(r) || r == '.' || r == '-' }

// reservedPrefixes and reservedSuffixes are S3's reserved name parts with the
// reason each is reserved (aws-facts §1). "sthree-configurator" is covered by
// "sthree-".
var reservedPrefixes = []struct{ prefix, why string }{
	{"xn--", "reserved for internationalised (punycode) domain names"},
	{"sthree-", "reserved by S3"},
	{"amzn-s3-demo-", "reserved for the examples in the AWS documentation"},
}

var reservedSuffixes = []struct{ suffix, why string }{
	{"-s3alias", "the suffix of S3 access point aliases; give the bucket's own name"},
	{"--ol-s3", "the suffix of S3 Object Lambda access point aliases; give the bucket's own name"},
	{".mrap", "the suffix of S3 Multi-Region Access Points; give the bucket's own name"},
	{"--x-s3", "the suffix of S3 directory buckets, which this backup location cannot use"},
	{"--table-s3", "the suffix of S3 table buckets, which this backup location cannot use"},
}

// accountRegional matches the tail of an account-regional-namespace bucket,
// `<prefix>-<12-digit account>-<region>-an` (aws-facts §1).
var accountRegional = lazyre.New(`^(.+)-\d{12}-([a-z]+(?:-[a-z]+)*-\d+)-an$`)

// BucketNameWarnings reports what works but costs something: reserved
// prefixes and suffixes (a bucket that predates the rule, or an alias given
// instead of a bucket), names valid only under the legacy us-east-1 rules,
// and dots, which break virtual-hosted-style HTTPS. It does not repeat the
// errors of BucketName.
func BucketNameWarnings(name string) []Warning {
	var ws []Warning
	warn := func(rule string) { ws = append(ws, Warning{Field: fieldBucket, Value: name, Rule: rule}) }
	if BucketName(name) != nil {
		if LegacyBucketName(name) {
			warn("is valid only under the legacy rules for us-east-1 buckets created before 1 March 2018; " +
				"such a bucket can be used only with path-style addressing")
		}
		return ws
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(name, p.prefix) {
			warn(fmt.Sprintf("begins with %q, which is %s; new buckets cannot use it", p.prefix, p.why))
		}
	}
	for _, s := range reservedSuffixes {
		if strings.HasSuffix(name, s.suffix) {
			warn(fmt.Sprintf("ends with %q, %s", s.suffix, s.why))
		}
	}
	if strings.HasSuffix(name, "-an") && !isAccountRegionalName(name) {
		warn(`ends with "-an", which is reserved for buckets in an account regional namespace ` +
			`(<prefix>-<12-digit account ID>-<region>-an)`)
	}
	if strings.Contains(name, ".") {
		warn("contains '.': HTTPS requests cannot use virtual-hosted-style addressing " +
			"(the certificate *.s3.<region>.amazonaws.com covers one label), so path-style addressing is needed, " +
			"and S3 Transfer Acceleration cannot be used")
	}
	return ws
}

func isAccountRegionalName(name string) bool {
	m := accountRegional.FindStringSubmatch(name)
	if m == nil {
		return false
	}
	_, err := Region(m[2])
	return err == nil
}

// LegacyBucketName reports whether name breaks today's rules but follows the
// legacy rules for buckets created in us-east-1 before 1 March 2018: 3–255
// characters of letters (either case), digits, '.', '-' and '_', beginning
// with a letter or digit, not formatted as an IP address. Such buckets still
// exist; HeadBucket settles whether this one does.
func LegacyBucketName(name string) bool {
	if BucketName(name) == nil || len(name) < 3 || len(name) > 255 || ipLike.MatchString(name) {
		return false
	}
	if _, pos := firstBad(name, isLegacyBucketRune); pos > 0 {
		return false
	}
	first := rune(name[0])
	return isLowerAlnum(first) || isUpper(first)
}

func isLegacyBucketRune(r rune) bool { return isBucketRune(r) || isUpper(r) || r == '_' }
