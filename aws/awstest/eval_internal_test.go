package awstest

import (
	"strings"
	"testing"
)

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"*", "anything", false, true},
		{"*", "", false, true},
		{"s3:*", "s3:PutObject", true, true},
		{"S3:put*", "s3:PutObject", true, true},
		{"s3:Put*", "s3:putobject", false, false},
		{"s3:Get?bject", "s3:GetObject", false, true},
		{"s3:Get?bject", "s3:GetObjectAcl", false, false},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", false, true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false, false},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/x", false, false},
		{"arn:aws:s3:::b*t/*", "arn:aws:s3:::bucket/x", false, true},
		{"arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/path/name", false, true},
		{"a*b*c", "aXbYc", false, true},
		{"a*b*c", "aXbY", false, false},
		{"**", "x", false, true},
		{"?", "", false, false},
	}
	for _, tc := range tests {
		if got := globMatch(tc.pattern, tc.s, tc.fold); got != tc.want {
			t.Errorf("globMatch(%q, %q, %v) = %v, want %v", tc.pattern, tc.s, tc.fold, got, tc.want)
		}
	}
}

func TestConditions(t *testing.T) {
	ctx := condContext{}
	ctx.set("sts:ExternalId", "acme-123")
	ctx.set("aws:PrincipalArn", "arn:aws:iam::444455556666:role/SpectroCloudRole")
	ctx.set("aws:SecureTransport", "false")
	ctx.set("aws:EpochTime", "1000")
	ctx.set("aws:SourceIp", "127.0.0.1")
	ctx.set("aws:TagKeys2", "a", "b")
	tests := []struct {
		op, key string
		values  []string
		want    bool
	}{
		{"StringEquals", "sts:ExternalId", []string{"acme-123"}, true},
		{"StringEquals", "STS:EXTERNALID", []string{"acme-123"}, true}, // keys are case-insensitive
		{"StringEquals", "sts:ExternalId", []string{"ACME-123"}, false},
		{"StringEquals", "sts:ExternalId", []string{"x", "acme-123"}, true},
		{"StringEqualsIgnoreCase", "sts:ExternalId", []string{"ACME-123"}, true},
		{"StringNotEquals", "sts:ExternalId", []string{"acme-123"}, false},
		{"StringNotEquals", "sts:ExternalId", []string{"x", "y"}, true},
		{"StringLike", "sts:ExternalId", []string{"acme-*"}, true},
		{"StringNotLike", "sts:ExternalId", []string{"acme-*"}, false},
		{"StringEquals", "sts:SourceIdentity", []string{"x"}, false},   // absent key
		{"StringNotEquals", "sts:SourceIdentity", []string{"x"}, true}, // absent key, negated
		{"StringEqualsIfExists", "sts:SourceIdentity", []string{"x"}, true},
		{"Null", "sts:ExternalId", []string{"false"}, true},
		{"Null", "sts:ExternalId", []string{"true"}, false},
		{"Null", "sts:SourceIdentity", []string{"true"}, true},
		{"ArnLike", "aws:PrincipalArn", []string{"arn:aws:iam::444455556666:role/*"}, true},
		{"ArnNotLike", "aws:PrincipalArn", []string{"arn:aws:iam::444455556666:role/*"}, false},
		{"Bool", "aws:SecureTransport", []string{"false"}, true},
		{"NumericLessThan", "aws:EpochTime", []string{"2000"}, true},
		{"NumericGreaterThanEquals", "aws:EpochTime", []string{"2000"}, false},
		{"IpAddress", "aws:SourceIp", []string{"127.0.0.0/8"}, true},
		{"NotIpAddress", "aws:SourceIp", []string{"10.0.0.0/8"}, true},
		{"ForAllValues:StringEquals", "aws:TagKeys", []string{"a"}, true},
		// Found by the differential fuzz test against aws/iampolicy:
		// ForAnyValue never holds without the key, negated or IfExists...
		{"ForAnyValue:StringNotEquals", "aws:TagKeys", []string{"a"}, false},
		{"ForAnyValue:StringEqualsIfExists", "aws:TagKeys", []string{"a"}, false},
		// ...and ArnEquals is ArnLike: wildcards, one ARN part at a time.
		{"ArnEquals", "aws:PrincipalArn", []string{"arn:aws:iam::*:role/SpectroCloudRole"}, true},
		{"ArnLike", "aws:PrincipalArn", []string{"arn:aws:iam:*:role/SpectroCloudRole"}, false},
		{"ArnLike", "aws:PrincipalArn", []string{"arn:*"}, false},
		// ForAnyValue:...Not...: one request value that matches none.
		{"ForAnyValue:StringNotEquals", "aws:TagKeys2", []string{"a"}, true},
		{"ForAnyValue:StringNotEquals", "aws:TagKeys2", []string{"a", "b"}, false},
	}
	for _, tc := range tests {
		c := condition{Operator: tc.op, Key: tc.key, Values: tc.values}
		if got := c.holds(ctx); got != tc.want {
			t.Errorf("%s %s %v = %v, want %v", tc.op, tc.key, tc.values, got, tc.want)
		}
	}
}

func TestValidatePolicy(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		kind policyKind
		want string // "" = valid
	}{
		{"guide trust", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}`, kindTrust, ""},
		{"statement as an object", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["1","2"]},"Action":["sts:AssumeRole","sts:TagSession"]}}`, kindTrust, ""},
		{"no Version", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, kindIdentity, ""},
		{"bare statement", `{"Effect":"Allow","Action":"*","Resource":"*"}`, kindIdentity, ""},
		{"not JSON", `{`, kindIdentity, "Syntax errors in policy."},
		{"trailing garbage", `{"Statement":[]} x`, kindIdentity, "Syntax errors in policy."},
		{"bad Version", `{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, kindIdentity, "The policy failed legacy parsing"},
		{"lower-case element", `{"Version":"2012-10-17","Statement":[{"effect":"Allow","Action":"*","Resource":"*"}]}`, kindIdentity, "Syntax errors in policy."},
		{"bad Effect", `{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}`, kindIdentity, "Syntax errors in policy."},
		{"no Action", `{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, kindIdentity, "Policy statement must contain actions."},
		{"action without vendor", `{"Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`, kindIdentity, "Actions/Conditions must be prefaced by a vendor"},
		{"no Resource", `{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}`, kindIdentity, "Policy statement must contain resources."},
		{"resource not an ARN", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}]}`, kindIdentity, "must be in ARN format"},
		{"principal in identity policy", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`, kindIdentity, "should not specify a principal"},
		{"trust without principal", `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`, kindTrust, "Missing required field Principal"},
		{"trust with resource", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}]}`, kindTrust, "Has prohibited field Resource"},
		{"trust with s3 action", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`, kindTrust, "may only specify STS"},
		{"unknown condition operator", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringSortOf":{"a":"b"}}}]}`, kindTrust, "Invalid Condition type"},
		{"empty statement list", `{"Version":"2012-10-17","Statement":[]}`, kindIdentity, "Syntax errors in policy."},
	}
	for _, tc := range tests {
		_, err := validatePolicy(tc.doc, tc.kind)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestEvalIdentity(t *testing.T) {
	doc, err := parsePolicy(`{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"},
		{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret*"},
		{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111122223333"}}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	policies := []sourcedPolicy{{ID: "p", Type: "user", Doc: doc}}
	ctx := condContext{}
	ctx.set("aws:PrincipalAccount", "999988887777")
	tests := []struct {
		action, resource string
		want             decision
	}{
		{"s3:GetObject", "arn:aws:s3:::b/k", allowed},
		{"s3:ListBucket", "arn:aws:s3:::b", allowed}, // NotAction iam:* on NotResource secret*
		{"s3:ListBucket", "arn:aws:s3:::secret-bucket", implicitDeny},
		{"iam:CreateRole", "arn:aws:iam::1:role/x", implicitDeny},
		{"s3:DeleteObject", "arn:aws:s3:::b/k", explicitDeny},
	}
	for _, tc := range tests {
		if got, _ := evalIdentity(policies, evalRequest{Action: tc.action, Resource: tc.resource, Context: ctx}); got != tc.want {
			t.Errorf("%s on %s = %s, want %s", tc.action, tc.resource, got, tc.want)
		}
	}
}

func TestNonWhitespaceLen(t *testing.T) {
	if n := nonWhitespaceLen("{ \"a\" :\n\t\"b c\" }\r\n"); n != 10 {
		t.Errorf("nonWhitespaceLen = %d, want 10", n)
	}
}

func TestCanonicalQueryAndURIEncode(t *testing.T) {
	if got := canonicalQuery("prefix=a%20b&list-type=2&x-id=GetObject&empty", false); got != "empty=&list-type=2&prefix=a%20b&x-id=GetObject" {
		t.Errorf("canonicalQuery = %q", got)
	}
	if got := canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1", true); got != "X-Amz-Date=1" {
		t.Errorf("presigned canonicalQuery = %q", got)
	}
	if got := uriEncode("a b/c~d+é", false); got != "a%20b/c~d%2B%C3%A9" {
		t.Errorf("uriEncode = %q", got)
	}
}

func TestDecodeAWSChunked(t *testing.T) {
	body := "5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"
	got, err := decodeAWSChunked([]byte(body))
	if err != nil || string(got) != "hello world" {
		t.Errorf("decodeAWSChunked = %q, %v", got, err)
	}
	for _, bad := range []string{"", "zz\r\n", "5\r\nhi\r\n", "5\r\nhelloXX"} {
		if _, err := decodeAWSChunked([]byte(bad)); err == nil {
			t.Errorf("decodeAWSChunked(%q) accepted", bad)
		}
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		h          string
		start, end int
		ok         bool
	}{
		{"bytes=0-4", 0, 4, true},
		{"bytes=5-", 5, 9, true},
		{"bytes=-3", 7, 9, true},
		{"bytes=8-100", 8, 9, true},
		{"bytes=10-", 0, 0, false},
		{"bytes=4-2", 0, 0, false},
		{"bytes=0-1,3-4", 0, 0, false},
		{"items=0-1", 0, 0, false},
	}
	for _, tc := range tests {
		s, e, ok := parseRange(tc.h, 10)
		if ok != tc.ok || (ok && (s != tc.start || e != tc.end)) {
			t.Errorf("parseRange(%q) = %d %d %v", tc.h, s, e, ok)
		}
	}
}
