package iampolicy

import (
	"strings"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	in := `{"x-b":1,"Statement":{"Condition":{"StringEquals":{"sts:ExternalId":"e","aws:SourceAccount":["2","1"]}},"zeta":true,
	"Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com","AWS":["b","a"]},"alpha":null,"Effect":"Allow","Sid":"S",
	"NotResource":[],"Resource":"*","NotAction":"x","NotPrincipal":{}},"Id":"i","x-a":{"k2":[],"k1":{}},"Version":"2012-10-17"}`
	want := `{
  "Version": "2012-10-17",
  "Id": "i",
  "Statement": [
    {
      "Sid": "S",
      "Effect": "Allow",
      "Principal": {
        "AWS": [
          "b",
          "a"
        ],
        "Service": "ec2.amazonaws.com"
      },
      "NotPrincipal": {},
      "Action": "sts:AssumeRole",
      "NotAction": "x",
      "Resource": "*",
      "NotResource": [],
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": [
            "2",
            "1"
          ],
          "sts:ExternalId": "e"
        }
      },
      "alpha": null,
      "zeta": true
    }
  ],
  "x-a": {
    "k1": {},
    "k2": []
  },
  "x-b": 1
}`
	got, err := Canonicalize(in)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got\n%s\nwant\n%s\ndiff\n%s", got, want, LineDiff(want, got, 2).Unified())
	}
	if again, _ := Canonicalize(got); again != got {
		t.Error("Canonicalize is not idempotent")
	}
	if !Equivalent(in, got) {
		t.Error("the canonical form must mean the same")
	}
}

func TestCanonicalizeIgnoresLayoutAndKeyOrder(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	b := "{\n\t\"Statement\" : [ { \"Resource\":\"*\", \"Action\":\"s3:GetObject\",\n\"Effect\":\"Allow\" } ],\r\n \"Version\":\"2012-10-17\" }"
	ca, _ := Canonicalize(a)
	cb, _ := Canonicalize(b)
	if ca != cb {
		t.Errorf("layout leaked into the canonical form:\n%s\n%s", ca, cb)
	}
}

func TestCanonicalKeepsValuesAndSpelling(t *testing.T) {
	in := `{"Statement":[{"Sid":"<&>","Condition":{"NumericEquals":{"n":1.50e2}}}],"Version":"2012-10-17"}`
	got, _ := Canonicalize(in)
	for _, s := range []string{`"Sid": "<&>"`, `"n": 1.50e2`} {
		if !strings.Contains(got, s) {
			t.Errorf("canonical form lost %s:\n%s", s, got)
		}
	}
}

func TestTrustCanonicalMatchesCanonicalize(t *testing.T) {
	tr, _ := ParseTrust(mixedTrust)
	tr.EnsurePalette("aws", paletteAccount, externalID)
	want, err := Canonicalize(tr.JSON())
	if err != nil || tr.Canonical() != want {
		t.Errorf("Trust.Canonical differs from Canonicalize(JSON()): %v", err)
	}
	single, _ := ParseTrust(`{"Statement":{"Effect":"Allow"},"Version":"2012-10-17"}`)
	if got := single.Canonical(); got != "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\"\n    }\n  ]\n}" {
		t.Errorf("a single statement must display as an array:\n%s", got)
	}
}

func TestCanonicalizeRejects(t *testing.T) {
	for _, doc := range []string{"", "[]", `"x"`, `{"a":1,"a":2}`, `{`} {
		if _, err := Canonicalize(doc); err == nil || !strings.HasPrefix(err.Error(), "canonicalize policy: ") {
			t.Errorf("Canonicalize(%q) = %v, want an error with context", doc, err)
		}
	}
	if got, err := Canonicalize(`{"Statement":"odd"}`); err != nil || !strings.Contains(got, `"Statement": "odd"`) {
		t.Errorf("any JSON object canonicalizes: %q, %v", got, err)
	}
}
