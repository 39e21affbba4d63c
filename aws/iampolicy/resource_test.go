package iampolicy

import (
	"testing"
)

func TestResourcePolicyConditions(t *testing.T) {
	ctx := map[string][]string{"aws:securetransport": {"true"}, "aws:principalarn": {"arn:aws:iam::111122223333:role/r"}}
	unknowable := func(k string) bool { return k == "aws:principalorgid" }
	cases := []struct {
		name string
		doc  string
		want ConditionVerdict
	}{
		{"TLS-only does not deny TLS", `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`, ConditionsFail},
		{"VPC endpoint: missing key, negated", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}]}`, ConditionsHold},
		{"source IP: missing key, negated", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}`, ConditionsHold},
		{"positive operator on a missing key", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`, ConditionsFail},
		{"IfExists on a missing key", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}]}`, ConditionsHold},
		{"Null true on a missing key", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Null":{"s3:x-amz-server-side-encryption":"true"}}}]}`, ConditionsHold},
		{"organization: unknowable", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}}]}`, ConditionsUnknown},
		{"principal ARN like", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/*"}}}]}`, ConditionsFail},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sts, err := ParseResourcePolicy(tc.doc)
			if err != nil || len(sts) != 1 {
				t.Fatalf("parse: %v %v", sts, err)
			}
			if got, _ := sts[0].Conditions(ctx, unknowable); got != tc.want {
				t.Errorf("verdict = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestResourceStatementCoversAndMatches(t *testing.T) {
	role := "arn:aws:iam::111122223333:role/bslwiz-x"
	sts, err := ParseResourcePolicy(`{"Statement":[
	  {"Sid":"Any","Effect":"Deny","Principal":"*","Action":"s3:Put*","Resource":"arn:aws:s3:::b/*"},
	  {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["kms:*"],"Resource":"*"},
	  {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/bslwiz-x"]},"NotAction":"s3:Delete*","Resource":"*"},
	  {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/bslwiz-x"},"Action":"s3:*","NotResource":"arn:aws:s3:::b/logs/*"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if !sts[0].Covers(role, "111122223333") || !sts[0].Matches("s3:PutObject", "arn:aws:s3:::b/kopia/x") || sts[0].Matches("s3:GetObject", "arn:aws:s3:::b/x") {
		t.Error("statement 1")
	}
	if sts[0].Name() != `statement "Any"` || sts[1].Name() != "statement 2" {
		t.Error("names")
	}
	if !sts[1].Covers(role, "111122223333") || sts[1].Names(role) || !sts[1].Matches("kms:Decrypt", "*") {
		t.Error("statement 2: the account's root covers the role without naming it")
	}
	if !sts[2].Names(role) || sts[2].Matches("s3:DeleteObject", "*") || !sts[2].Matches("s3:GetObject", "*") {
		t.Error("statement 3: NotAction")
	}
	if sts[3].Covers(role, "111122223333") || !sts[3].Covers("arn:aws:iam::111122223333:role/other", "111122223333") ||
		sts[3].Matches("s3:GetObject", "arn:aws:s3:::b/logs/a") || !sts[3].Matches("s3:GetObject", "arn:aws:s3:::b/kopia/a") {
		t.Error("statement 4: NotPrincipal and NotResource")
	}
}

// FuzzResourcePolicy: any document parses or fails without panicking, and
// every statement answers Covers, Matches and Conditions.
func FuzzResourcePolicy(f *testing.F) {
	f.Add(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	f.Add(`{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":["1"]},"NotAction":"*","NotResource":["a"],"Condition":{"ForAllValues:StringLike":{"k":["*"]}}}}`)
	f.Add(`{"Statement":[{"Condition":{"Null":{"x":true}},"Action":[1,true,null]}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		sts, err := ParseResourcePolicy(doc)
		if err != nil {
			return
		}
		for _, st := range sts {
			_ = st.Name()
			_ = st.Covers("arn:aws:iam::111122223333:role/r", "111122223333")
			_ = st.Matches("s3:PutObject", "arn:aws:s3:::b/k")
			v, _ := st.Conditions(map[string][]string{"aws:securetransport": {"true"}}, func(string) bool { return false })
			if v != ConditionsHold && v != ConditionsFail {
				t.Fatalf("verdict %v without unknowable keys", v)
			}
		}
	})
}
