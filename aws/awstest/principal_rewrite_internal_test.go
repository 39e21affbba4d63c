package awstest

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStoredTrustRewritesOnlyAccountIDPrincipals(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"an account ID", `{"Statement":[{"Principal":{"AWS":"111122223333"}}]}`,
			`{"Statement":[{"Principal":{"AWS":"arn:aws-us-gov:iam::111122223333:root"}}]}`},
		{"in a list, formatting kept", "{\"Statement\": {\"Principal\": {\"AWS\": [ \"arn:aws-us-gov:iam::1:role/x\",\n \"444455556666\" ]}}}",
			"{\"Statement\": {\"Principal\": {\"AWS\": [ \"arn:aws-us-gov:iam::1:role/x\",\n \"arn:aws-us-gov:iam::444455556666:root\" ]}}}"},
		{"NotPrincipal too", `{"Statement":[{"NotPrincipal":{"AWS":"111122223333"}}]}`,
			`{"Statement":[{"NotPrincipal":{"AWS":"arn:aws-us-gov:iam::111122223333:root"}}]}`},
		{"a condition value stays", `{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}`,
			`{"Statement":[{"Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}`},
		{"a Service principal stays", `{"Statement":[{"Principal":{"Service":"111122223333"}}]}`,
			`{"Statement":[{"Principal":{"Service":"111122223333"}}]}`},
		{"not JSON", `{"Statement":`, `{"Statement":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storedTrust(tt.in, "aws-us-gov"); got != tt.want {
				t.Errorf("storedTrust =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// FuzzRewritePrincipals: rewriting never panics, keeps a document that parses parseable,
// changes nothing without account-ID principals, and is idempotent.
func FuzzRewritePrincipals(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["210987654321","arn:aws:iam::1:root"]},"Action":"sts:AssumeRole"}]}`)
	f.Add(`{"Statement":{"Principal":{"AWS":"\u0032\u0031\u0030987654321"}}}`)
	f.Add(`[{"Principal":{"AWS":{"AWS":"111122223333"}}}]`)
	f.Fuzz(func(t *testing.T, doc string) {
		out := storedTrust(doc, "aws")
		if json.Valid([]byte(doc)) && !json.Valid([]byte(out)) {
			t.Fatalf("a valid document became invalid:\n%s\n%s", doc, out)
		}
		if again := storedTrust(out, "aws"); again != out {
			t.Fatalf("not idempotent:\n%s\n%s", out, again)
		}
		if !strings.Contains(doc, "AWS") && out != doc {
			t.Fatalf("changed a document without AWS principals:\n%s\n%s", doc, out)
		}
	})
}
