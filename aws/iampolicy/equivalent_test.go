package iampolicy

import (
	"net/url"
	"testing"
)

func TestEquivalent(t *testing.T) {
	base := `{"Version":"2012-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]}]}`
	same := []struct{ name, doc string }{
		{"itself", base},
		{"URL-encoded (GetRole)", url.QueryEscape(base)},
		{"layout and key order", `{ "Statement": [ {"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}},"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Sid":"P"},
		  {"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"],"Action":["sts:AssumeRole","sts:TagSession"],"Principal":{"Service":"ec2.amazonaws.com"},"Effect":"Allow"} ], "Version": "2012-10-17" }`},
		{"statement order", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]},{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}}]}`},
		{"string vs array, ID vs root ARN, list order, action case", `{"Version":"2012-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":["210987654321"]},"Action":["STS:AssumeRole"],"Condition":{"StringEquals":{"STS:ExternalID":["e"]}}},{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["sts:TagSession","sts:AssumeRole","sts:tagsession"],"Resource":["arn:aws:s3:::a","arn:aws:s3:::b"]}]}`},
		{"duplicated statement", `{"Version":"2012-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}},{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]}]}`},
	}
	for _, tt := range same {
		if !Equivalent(base, tt.doc) || !Equivalent(tt.doc, base) {
			t.Errorf("%s: want equivalent", tt.name)
		}
	}
	different := []struct{ name, doc string }{
		{"external ID", `{"Version":"2012-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"E"}}},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]}]}`},
		{"a statement gone", `{"Version":"2012-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}}]}`},
		{"Sid", `{"Version":"2012-10-17","Statement":[{"Sid":"Q","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]}]}`},
		{"resource case", `{"Version":"2012-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::B","arn:aws:s3:::a"]}]}`},
		{"Version", `{"Version":"2008-10-17","Statement":[{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"e"}}},{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::a"]}]}`},
		{"not JSON", `{"Version":`},
		{"empty", ``},
	}
	for _, tt := range different {
		if Equivalent(base, tt.doc) || Equivalent(tt.doc, base) {
			t.Errorf("%s: want not equivalent", tt.name)
		}
	}
}

func TestEquivalentIAMSpellings(t *testing.T) {
	pairs := []struct{ a, b string }{
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`, `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`},
		{`{"Statement":{"Effect":"Allow"}}`, `{"Statement":[{"Effect":"Allow"}]}`},
		{`{"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":true}}}]}`, `{"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`},
		{`{"Statement":[{"Condition":{"NumericLessThan":{"n":["1","2"]}}}]}`, `{"Statement":[{"Condition":{"NumericLessThan":{"n":[2,1]}}}]}`},
		{`{"Statement":[{"Principal":{"AWS":"arn:aws-cn:iam::111122223333:root"}}]}`, `{"Statement":[{"Principal":{"AWS":"111122223333"}}]}`},
	}
	for _, p := range pairs {
		if !Equivalent(p.a, p.b) {
			t.Errorf("want equivalent:\n%s\n%s", p.a, p.b)
		}
	}
	unequal := []struct{ a, b string }{
		{`{"Statement":[{"x":1}]}`, `{"Statement":[{"x":"1"}]}`}, // unknown keys compare exactly
		{`{"Statement":[{"x":[1,2]}]}`, `{"Statement":[{"x":[2,1]}]}`},
		{`{"Statement":[{"Principal":{"AWS":"arn:aws:iam::111122223333:role/a"}}]}`, `{"Statement":[{"Principal":{"AWS":"111122223333"}}]}`},
		{`{"Statement":[{"Principal":{"Service":"*"}}]}`, `{"Statement":[{"Principal":"*"}]}`},
		{`{"Statement":[{"Effect":"Allow"}]}`, `{"Statement":[{"Effect":"allow"}]}`},
	}
	for _, p := range unequal {
		if Equivalent(p.a, p.b) {
			t.Errorf("want not equivalent:\n%s\n%s", p.a, p.b)
		}
	}
}
