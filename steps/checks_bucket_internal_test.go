package steps

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

func TestCoveredPrefix(t *testing.T) {
	cases := map[string]string{
		"": "the whole bucket", "kopia/": `"kopia/"`, "k": `"kopia/"`, "kopia/ns1/": `"kopia/"`,
		"backups/": `"backups/"`, "logs/": "", "kopiax/": "",
	}
	for prefix, want := range cases {
		if got := coveredPrefix(prefix); got != want {
			t.Errorf("coveredPrefix(%q) = %q, want %q", prefix, got, want)
		}
	}
}

func TestKeyPolicyAllows(t *testing.T) {
	role := "arn:aws:iam::111122223333:role/bslwiz-x"
	cases := []struct {
		name, doc string
		want      bool
		how       string
	}{
		{"the default key policy", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`, true, "lets IAM policies grant it"},
		{"names the role", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + role + `"},"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*"}]}`, true, "names the role"},
		{"another role only", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"kms:*","Resource":"*"}]}`, false, ""},
		{"decrypt only", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:Decrypt","Resource":"*"}]}`, false, ""},
		{"an unconditional deny", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}]}`, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, how := keyPolicyAllows(tc.doc, role, "111122223333")
			if got != tc.want || how != tc.how {
				t.Errorf("keyPolicyAllows = %v %q, want %v %q", got, how, tc.want, tc.how)
			}
		})
	}
}

func TestBucketPolicyFindings(t *testing.T) {
	objects := "arn:aws:s3:::acme-b/kopia/x"
	sse := `{"Statement":[{"Sid":"RequireKMS","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-b/*","Condition":{"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`
	tls := `{"Statement":[{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::acme-b","arn:aws:s3:::acme-b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	sts, _ := iampolicy.ParseResourcePolicy(sse)
	if st, ok := sseHeaderRequired(sts, objects); !ok || st.Sid != "RequireKMS" {
		t.Error("the SSE header requirement is not found")
	}
	if _, ok := tlsOnly(sts); ok {
		t.Error("an SSE requirement read as TLS-only")
	}
	sts, _ = iampolicy.ParseResourcePolicy(tls)
	if st, ok := tlsOnly(sts); !ok || st.Sid != "TLS" {
		t.Error("the TLS-only statement is not found")
	}

	p := Plan{Bucket: "acme-b", Region: "us-east-2", Partition: "aws", AccountB: "111122223333", LocationName: "x",
		PaletteAccountID: "210987654321", ExternalID: "acme-5f1c9e"}
	b := &BucketFacts{Bucket: "acme-b", Owner: "111122223333", Posture: aws.Posture{Policy: tls}}
	if d := bucketPolicyDenials(p, b); len(d) != 0 {
		t.Errorf("TLS-only denies Palette's TLS calls: %v", d)
	}
	b.Posture.Policy = `{"Statement":[{"Sid":"OnlyOrg","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::acme-b/*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`
	if d := bucketPolicyDenials(p, b); len(d) != 0 {
		t.Errorf("an organization condition bslwiz cannot know is a certain denial: %v", d)
	}
	b.Posture.Policy = `{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:role/bslwiz-x"},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::acme-b/*"}]}`
	if d := bucketPolicyDenials(p, b); len(d) != 1 || !strings.Contains(d[0], "statement 1 denies s3:DeleteObject") {
		t.Errorf("a Deny naming the role = %v", d)
	}
}

func TestSessionLengthFact(t *testing.T) {
	if f := sessionLengthFact(3600); !strings.Contains(f, "(1 hour)") || !strings.Contains(f, "43200") {
		t.Errorf("1 hour: %q", f)
	}
	if f := sessionLengthFact(43200); !strings.Contains(f, "12 hours") || !strings.Contains(f, "large cluster") {
		t.Errorf("12 hours: %q", f)
	}
}
