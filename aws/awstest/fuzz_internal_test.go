package awstest

import (
	"net/http"
	"testing"
)

// FuzzParsePolicy: parsing, validating and evaluating any document never panics, and a document
// that validates as a trust policy also parses.
func FuzzParsePolicy(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}`)
	f.Add(`{"Effect":"Allow","Action":"*","Resource":"*"}`)
	f.Add(`{"Statement":{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:s3:::b*","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a",1,true]}}}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := parsePolicy(doc)
		if _, terr := validatePolicy(doc, kindTrust); terr == nil && err != nil {
			t.Fatalf("validates as trust but does not parse: %v", err)
		}
		_, _ = validatePolicy(doc, kindIdentity)
		if err != nil {
			return
		}
		ctx := condContext{}
		ctx.set("sts:ExternalId", "x")
		evalIdentity([]sourcedPolicy{{ID: "f", Type: "user", Doc: p}}, evalRequest{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: ctx})
		a := &account{id: "210987654321", partition: "aws"}
		evalTrust(p, &principal{account: a, arn: "arn:aws:iam::210987654321:user/u", user: &user{name: "u"}}, ctx)
	})
}

// FuzzParseSigV4: any Authorization header is parsed or refused without panicking, and a parsed
// one yields a canonical request.
func FuzzParseSigV4(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261120/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abcd", "20261120T100000Z")
	f.Add("AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request,SignedHeaders=,Signature=", "")
	f.Add("AWS AKIAEXAMPLE:signature", "x")
	f.Fuzz(func(t *testing.T, auth, date string) {
		r, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/a%20b?x=1&y", nil)
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Authorization", auth)
		r.Header.Set("X-Amz-Date", date)
		s, err := parseSigV4(r)
		if err != nil || s == nil {
			return
		}
		_ = s.canonicalRequest(r, "UNSIGNED-PAYLOAD")
		_ = s.verify(r, "secret", "UNSIGNED-PAYLOAD")
	})
}

// FuzzDecodeAWSChunked: decoding never panics and never yields more bytes than it was given.
func FuzzDecodeAWSChunked(f *testing.F) {
	f.Add([]byte("5;chunk-signature=abc\r\nhello\r\n0\r\n\r\n"))
	f.Add([]byte("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"))
	f.Add([]byte("fffffffffffffff\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		out, err := decodeAWSChunked(body)
		if err == nil && len(out) > len(body) {
			t.Fatalf("decoded %d bytes from %d", len(out), len(body))
		}
	})
}
