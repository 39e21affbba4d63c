package aws_test

import (
	"testing"

	"github.com/bslwiz/bslwiz/aws"
)

func TestWorkloadTrust(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"ec2 service", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, "EC2 instances"},
		{"ec2 in a list", `{"Statement":{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}}`, "EC2 instances"},
		{"oidc", `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/X"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			"OIDC provider arn:aws:iam::444455556666:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/X"},
		{"deny is not a candidate", `{"Statement":[{"Effect":"Deny","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, ""},
		{"an account", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`, ""},
		{"saml is not oidc", `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::1:saml-provider/x"},"Action":"sts:AssumeRoleWithSAML"}]}`, ""},
		{"not json", `{`, ""},
	}
	for _, tc := range tests {
		if got := aws.WorkloadTrust(tc.doc); got != tc.want {
			t.Errorf("%s: WorkloadTrust = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func FuzzWorkloadTrust(f *testing.F) {
	f.Add(`{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}]}`)
	f.Add(`{"Statement":{"Effect":"Allow","Principal":"*"}}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, doc string) {
		got := aws.WorkloadTrust(doc) // never panics
		if got != "" && got != "EC2 instances" && len(got) < len("OIDC provider ") {
			t.Fatalf("WorkloadTrust(%q) = %q", doc, got)
		}
	})
}
