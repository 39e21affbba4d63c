package iampolicy

import (
	"errors"
	"strings"
	"testing"
)

func TestNonWhitespaceLen(t *testing.T) {
	tests := []struct {
		doc  string
		want int
	}{
		{"", 0},
		{"{}", 2},
		{"{ \"a\" :\t1 }\r\n", 7},
		{`"é"`, 3}, // characters, not bytes
		// Layout never changes the size: canonical and compact forms count the same.
		{canonicalOf(t, mixedTrust), NonWhitespaceLen(mustCompact(t, mixedTrust))},
	}
	for _, tt := range tests {
		if got := NonWhitespaceLen(tt.doc); got != tt.want {
			t.Errorf("NonWhitespaceLen(%q) = %d, want %d", tt.doc, got, tt.want)
		}
	}
}

func canonicalOf(t *testing.T, doc string) string {
	t.Helper()
	c, err := Canonicalize(doc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// trustOfSize returns a trust policy of exactly n non-whitespace characters.
func trustOfSize(t *testing.T, n int) string {
	t.Helper()
	base := `{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	pad := n - len(base)
	if pad < 0 {
		t.Fatalf("size %d below the base document", n)
	}
	doc := strings.Replace(base, `"Sid":""`, `"Sid":"`+strings.Repeat("S", pad)+`"`, 1)
	if NonWhitespaceLen(doc) != n {
		t.Fatalf("built %d characters, want %d", NonWhitespaceLen(doc), n)
	}
	return doc
}

func TestCheckTrustSize(t *testing.T) {
	if err := CheckTrustSize(trustOfSize(t, 2048), 0); err != nil {
		t.Errorf("2,048 characters fit the default quota: %v", err)
	}
	indented := strings.ReplaceAll(trustOfSize(t, 2048), ",", ",\n      ")
	if err := CheckTrustSize(indented, TrustSizeDefault); err != nil {
		t.Errorf("whitespace must not count: %v", err)
	}
	err := CheckTrustSize(trustOfSize(t, 2131), TrustSizeDefault)
	want := "trust policy is 2,131 characters (whitespace not counted); the IAM quota ACLSizePerRole is 2,048 (raise it to 4,096 in Service Quotas)"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	var se *SizeError
	if !errors.As(err, &se) || se.Size != 2131 || se.Limit != 2048 || se.Quota != "ACLSizePerRole" {
		t.Errorf("want a *SizeError with the numbers, got %#v", err)
	}
	if err := CheckTrustSize(trustOfSize(t, 2131), TrustSizeMax); err != nil {
		t.Errorf("a raised quota admits 2,131 characters: %v", err)
	}
	err = CheckTrustSize(trustOfSize(t, 4097), TrustSizeMax)
	if err == nil || !strings.Contains(err.Error(), "is 4,097 characters") || !strings.Contains(err.Error(), "is 4,096 (the maximum") {
		t.Errorf("at the maximum there is nothing to raise: %v", err)
	}
	if err := CheckTrustSize(trustOfSize(t, 3000), 3000); err != nil {
		t.Errorf("a custom quota: %v", err)
	}
}

func TestCheckManagedPolicySize(t *testing.T) {
	doc, _ := Permissions("aws", strings.Repeat("b", 255), PermissionsOptions{Tagging: true,
		KMSKeyARN: "arn:aws:kms:us-east-2:111122223333:key/" + strings.Repeat("k", 100)})
	if err := CheckManagedPolicySize(doc); err != nil {
		t.Errorf("the guide's policy fits: %v", err)
	}
	big := `{"Version":"2012-10-17","Statement":[{"Sid":"` + strings.Repeat("S", 6200) + `"}]}`
	err := CheckManagedPolicySize(big)
	want := "managed policy is 6,249 characters (whitespace not counted); the IAM quota PolicySize is 6,144 (it cannot be raised; split the policy)"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 2131: "2,131", 1234567: "1,234,567", -4096: "-4,096"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
