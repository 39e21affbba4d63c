package iampolicy

import (
	"strings"
	"testing"
)

func TestLint(t *testing.T) {
	type want struct {
		sev       Severity
		statement int
		msg       string
	}
	tests := []struct {
		name  string
		stmts []string
		want  []want
	}{
		{"the guide's final policy, Account A as a role", []string{
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"}}}`,
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}`,
		}, nil},
		{"Palette without external ID", []string{
			`{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole"}`,
		}, []want{{Error, 0, `statement 1 (Sid "P") trusts the Palette account 210987654321 without a StringEquals sts:ExternalId condition`}}},
		{"Palette by bare ID, in another partition, or as a role", []string{
			`{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"AWS":["arn:aws-us-gov:iam::210987654321:root"]},"Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/palette-sts"},"Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:user/palette-sts"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceIp":"x"}}}`,
		}, []want{{Error, 0, "confused deputy"}, {Error, 1, "confused deputy"}, {Error, 2, "confused deputy"}, {Error, 3, "confused deputy"}}},
		{"external ID under the wrong operator", []string{
			`{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"*"}}}`,
			`{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"x"}}}`,
			`{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":""}}}`,
		}, []want{{Error, 0, "Palette account"}, {Error, 1, "Palette account"}, {Error, 2, "Palette account"}}},
		{"Palette listed twice in one statement is one finding", []string{
			`{"Effect":"Allow","Principal":{"AWS":["210987654321","arn:aws:iam::210987654321:root"]},"Action":"sts:AssumeRole"}`,
		}, []want{{Error, 0, "Palette account"}}},
		{"Account A as root or ID", []string{
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws-cn:iam::444455556666:root"},"Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"AWS":["444455556666"]},"Action":"sts:AssumeRole"}`,
		}, []want{
			{Warning, 0, "statement 1 trusts all of account 444455556666 (arn:aws-cn:iam::444455556666:root) without an external ID; to trust one role only, name its ARN instead (arn:aws-cn:iam::444455556666:role/NAME)"},
			{Warning, 1, "(arn:<partition>:iam::444455556666:role/NAME)"},
		}},
		{"account trust narrowed by a condition", []string{
			`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}`,
			`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::444455556666:role/ci-*"}}}`,
			`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}`,
		}, nil},
		{"account trust with an unrelated condition", []string{
			`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`,
		}, []want{{Warning, 0, "trusts all of account 444455556666"}}},
		{"everyone", []string{
			`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`,
			`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}`,
		}, []want{{Error, 0, `trusts every AWS principal ("*")`}, {Error, 1, `trusts every AWS principal ("*")`}}},
		{"NotPrincipal with Allow", []string{
			`{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`,
		}, []want{{Error, 0, "uses NotPrincipal with Allow"}}},
		{"Deny, services and federation are not reported", []string{
			`{"Effect":"Deny","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`,
			`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML"}`,
		}, nil},
		{"the unique ID of a deleted role", []string{
			`{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEUNIQUEID1"},"Action":"sts:AssumeRole"}`,
		}, []want{{Warning, 0, "names AROAEXAMPLEUNIQUEID1 (a deleted role)"}}},
	}
	for _, tt := range tests {
		tr, err := ParseTrust(trustWith(tt.stmts...))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := tr.Lint(paletteAccount)
		if len(got) != len(tt.want) {
			t.Errorf("%s: got %d findings %v, want %d", tt.name, len(got), got, len(tt.want))
			continue
		}
		for i, f := range got {
			w := tt.want[i]
			if f.Severity != w.sev || f.Statement != w.statement || !strings.Contains(f.Message, w.msg) {
				t.Errorf("%s: finding %d = %+v, want %v on statement %d containing %q", tt.name, i, f, w.sev, w.statement, w.msg)
			}
		}
	}
}

func TestSeverityAndFindingStrings(t *testing.T) {
	if Error.String() != "error" || Warning.String() != "warning" || Severity(7).String() != "Severity(7)" {
		t.Error("Severity.String")
	}
	if Error <= Warning {
		t.Error("Error must rank above Warning")
	}
	f := Finding{Severity: Warning, Statement: 1, Message: "statement 2 trusts all of account 1"}
	if f.String() != "warning: statement 2 trusts all of account 1" {
		t.Errorf("Finding.String = %q", f.String())
	}
}

func TestOtherTenantsFindsExternalIDsThatAreNotOurs(t *testing.T) {
	tests := []struct {
		name  string
		stmt  string
		found bool
	}{
		{"ours only", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"}}}`, false},
		{"ours and another", `{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":["x1","x2"]}}}`, true},
		{"another only, as a role of Palette's", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:role/p"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x2"}}}`, true},
		{"another account's external ID is its business", `{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x2"}}}`, false},
		{"a Deny", `{"Effect":"Deny","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x2"}}}`, false},
	}
	for _, tt := range tests {
		tr, err := ParseTrust(trustWith(tt.stmt))
		if err != nil {
			t.Fatal(err)
		}
		fs := tr.OtherTenants("210987654321", "x1")
		if (len(fs) > 0) != tt.found || (tt.found && (fs[0].Severity != Error || !strings.Contains(fs[0].Message, `"x2"`))) {
			t.Errorf("%s: %+v", tt.name, fs)
		}
	}
}
