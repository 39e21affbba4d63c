package rules

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bslwiz/bslwiz/internal/testcert"
)

// Oracles written independently of the validators, from aws-facts §1 and
// the DNS-1123 label rule.
var (
	bucketOracle   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	locationOracle = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	accountOracle  = regexp.MustCompile(`^[0-9]{12}$`)
	externalOracle = regexp.MustCompile(`^[A-Za-z0-9_+=,.@:/-]+$`) // and 2–1224 long
	iamNameOracle  = regexp.MustCompile(`^[A-Za-z0-9_+=,.@-]{1,64}$`)
)

// checkFuzzError asserts the contract every validator keeps: nil, or a
// *Error naming its field and rule in a printable message.
func checkFuzzError(t *testing.T, name string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v is %T, want *rules.Error", name, err, err)
	}
	msg := e.Error()
	if e.Field == "" || e.Rule == "" || !strings.HasPrefix(msg, e.Field+` "`) || !utf8.ValidString(msg) {
		t.Fatalf("%s: malformed error %q (%+v)", name, msg, e)
	}
	checkTerminalSafe(t, name, msg)
}

// checkTerminalSafe fails when msg holds a character that acts on a terminal (ESC and
// every other control character, newlines too) or hides text (bidirectional overrides).
func checkTerminalSafe(t *testing.T, name, msg string) {
	t.Helper()
	for _, r := range msg {
		if unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c {
			t.Fatalf("%s: the message %q holds %U, which reaches the terminal raw", name, msg, r)
		}
	}
}

func checkFuzzWarnings(t *testing.T, name string, ws []Warning) {
	t.Helper()
	for _, w := range ws {
		if w.Field == "" || w.Rule == "" || !utf8.ValidString(w.String()) {
			t.Fatalf("%s: malformed warning %+v", name, w)
		}
		checkTerminalSafe(t, name, w.String())
	}
}

// FuzzValidators runs every validator on any input: none may panic, every
// error keeps the *Error contract, and what a validator accepts satisfies
// an independent oracle of its rule.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{
		"acme-velero-backups", "My_Bucket", "192.168.5.4", "us-east-2", "US-EAST-1", "Ohio",
		"111122223333", "arn:aws:iam::444455556666:role/SpectroCloudRole", "arn:aws:iam::444455556666:root",
		"/application_abc/component_xyz/", "https://minio.internal:9000", "http://a:b@host/?q#f", "acme-backups",
		"Unique-ID_1234+=,.@:/-", "", "\xff",
	} {
		f.Add(s, 3600)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		err := BucketName(s)
		checkFuzzError(t, "BucketName", err)
		if err == nil && (!bucketOracle.MatchString(s) || strings.Contains(s, "..") || ipLike.MatchString(s)) {
			t.Fatalf("BucketName accepted %q", s)
		}
		if err != nil && bucketOracle.MatchString(s) && !strings.Contains(s, "..") && !ipLike.MatchString(s) {
			t.Fatalf("BucketName rejected valid %q: %v", s, err)
		}
		checkFuzzWarnings(t, "BucketNameWarnings", BucketNameWarnings(s))
		LegacyBucketName(s)

		p, err := Region(s)
		checkFuzzError(t, "Region", err)
		if err == nil {
			if !KnownPartition(p) || RegionInPartition(s, p) != nil {
				t.Fatalf("Region(%q) = %q, inconsistent with RegionInPartition", s, p)
			}
		}
		checkFuzzError(t, "RegionInPartition", RegionInPartition(s, "aws"))
		checkFuzzError(t, "RegionInPartition", RegionInPartition("us-east-1", s))

		err = AccountID(s)
		checkFuzzError(t, "AccountID", err)
		if (err == nil) != accountOracle.MatchString(s) {
			t.Fatalf("AccountID(%q) = %v disagrees with the oracle", s, err)
		}
		err = RoleName(s)
		checkFuzzError(t, "RoleName", err)
		if (err == nil) != iamNameOracle.MatchString(s) {
			t.Fatalf("RoleName(%q) = %v disagrees with the oracle", s, err)
		}
		checkFuzzError(t, "PolicyName", PolicyName(s))
		checkFuzzError(t, "AWSProfile", AWSProfile(s))
		checkFuzzError(t, "RolePath", RolePath(s))
		checkFuzzError(t, "PolicyPath", PolicyPath(s))
		checkFuzzError(t, "RoleDescription", RoleDescription(s))
		checkFuzzError(t, "MaxSessionDuration", MaxSessionDuration(n))
		if (MaxSessionDuration(n) == nil) != (n >= 3600 && n <= 43200) {
			t.Fatalf("MaxSessionDuration(%d) wrong", n)
		}

		a, err := RoleARN(s)
		checkFuzzError(t, "RoleARN", err)
		if err == nil {
			if a.String() != s || a.Service != "iam" || !KnownPartition(a.Partition) || AccountID(a.AccountID) != nil {
				t.Fatalf("RoleARN(%q) accepted %+v", s, a)
			}
			if err := AccountAPrincipal(s); err != nil {
				t.Fatalf("a valid role ARN %q is not a valid Account A principal: %v", s, err)
			}
		}
		checkFuzzError(t, "AccountAPrincipal", AccountAPrincipal(s))

		err = ExternalID(s)
		checkFuzzError(t, "ExternalID", err)
		if (err == nil) != (externalOracle.MatchString(s) && len(s) >= 2 && len(s) <= 1224) {
			t.Fatalf("ExternalID(%q) = %v disagrees with the oracle", s, err)
		}

		ws, err := S3URL(s)
		checkFuzzError(t, "S3URL", err)
		checkFuzzWarnings(t, "S3URL", ws)
		if err == nil && s != "" && !strings.HasPrefix(strings.ToLower(s), "http") {
			t.Fatalf("S3URL accepted %q", s)
		}

		err = LocationName(s)
		checkFuzzError(t, "LocationName", err)
		if (err == nil) != locationOracle.MatchString(s) {
			t.Fatalf("LocationName(%q) = %v disagrees with the oracle", s, err)
		}
	})
}

// FuzzCACert feeds arbitrary text, and damaged certificates, to CACertAt.
func FuzzCACert(f *testing.F) {
	year := 365 * 24 * time.Hour
	ca := testcert.PEM(f, "Seed CA", true, certNow.Add(-year), certNow.Add(year))
	f.Add(ca)
	f.Add(ca + ca)
	f.Add(ca[:len(ca)/2])
	f.Add("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	f.Add("not pem")
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := CACertAt(s, certNow)
		checkFuzzError(t, "CACert", err)
		checkFuzzWarnings(t, "CACert", ws)
		if err != nil && ws != nil {
			t.Fatalf("warnings %v returned with error %v", ws, err)
		}
	})
}
