package iampolicy

import (
	"strings"
	"testing"
)

const guideTrust = `{"Version":"2012-10-17","Statement":[
 {"Sid":"PaletteAssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e"}}},
 {"Sid":"AccountA","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}`

func TestEvaluateTrust(t *testing.T) {
	palette := NewCaller("arn:aws:iam::210987654321:root")
	session := NewRoleSession("arn:aws:iam::444455556666:role/ops/SpectroCloudRole", "s1")
	tests := []struct {
		name   string
		doc    string
		action string
		caller Caller
		want   Decision
		why    string // a substring of Why
	}{
		{"Palette with the right external ID", guideTrust, ActionAssumeRole, palette.WithExternalID(externalID), Allowed, `Sid "PaletteAssumeRole") allows`},
		{"Palette with a wrong external ID", guideTrust, ActionAssumeRole, palette.WithExternalID("other"), ImplicitDeny, "StringEquals sts:ExternalId does not hold"},
		{"Palette without an external ID", guideTrust, ActionAssumeRole, palette, ImplicitDeny, "names it; StringEquals"},
		{"the external ID's value is case-sensitive", guideTrust, ActionAssumeRole, palette.WithExternalID(strings.ToUpper(externalID)), ImplicitDeny, "does not hold"},
		{"the key's name is not", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:assumerole","Condition":{"StringEquals":{"STS:EXTERNALID":"acme-3f9c2b7e"}}}}`, ActionAssumeRole, palette.WithExternalID(externalID), Allowed, "allows"},
		{"a role in Account A, by the account's root", guideTrust, ActionAssumeRole, session, Allowed, `Sid "AccountA"`},
		{"a stranger", guideTrust, ActionAssumeRole, NewCaller("arn:aws:iam::999999999999:root"), ImplicitDeny, "no statement allows it"},
		{"another partition is another account", guideTrust, ActionAssumeRole, NewCaller("arn:aws-cn:iam::444455556666:root"), ImplicitDeny, "no statement"},
		{"web identity is another action", guideTrust, ActionAssumeRoleWithWebIdentity, session, ImplicitDeny, "no statement"},
		{"role ARN names its sessions, case-insensitively",
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/ops/spectrocloudrole"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, session, Allowed, "allows"},
		{"role ARN with another path is another role",
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/SpectroCloudRole"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, session, ImplicitDeny, "no statement"},
		{"a user ARN does not name a role", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/SpectroCloudRole"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, NewCaller("arn:aws:iam::444455556666:role/SpectroCloudRole"), ImplicitDeny, "no statement"},
		{"a unique ID names no one", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"AROAEXAMPLEEXAMPLE123"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, session, ImplicitDeny, "no statement"},
		{"explicit Deny wins", guideTrust[:len(guideTrust)-2] + `,{"Sid":"NoA","Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"sts:*"}]}`,
			ActionAssumeRole, session, ExplicitDeny, `Sid "NoA") denies`},
		{"a Deny whose condition fails does not", guideTrust[:len(guideTrust)-2] + `,{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`,
			ActionAssumeRole, session, Allowed, "allows"},
		{"NotPrincipal with Allow admits everyone else",
			`{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, NewCaller("arn:aws:iam::999999999999:root"), Allowed, "allows"},
		{"NotPrincipal leaves out whom it names",
			`{"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, session, ImplicitDeny, "no statement"},
		{"NotAction", `{"Statement":{"Effect":"Allow","Principal":"*","NotAction":"sts:TagSession"}}`, ActionAssumeRole, session, Allowed, "allows"},
		{"star principal", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:Assume*"}}`, ActionAssumeRole, session, Allowed, "allows"},
		{"service principal", `{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, Caller{Type: PrincipalService, Principal: "ec2.amazonaws.com"}, Allowed, "allows"},
		{"AWS * is not a service", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, Caller{Type: PrincipalService, Principal: "ec2.amazonaws.com"}, ImplicitDeny, "no statement"},
		{"federated web identity", `{"Statement":{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"accounts.google.com:aud":"app"}}}}`,
			ActionAssumeRoleWithWebIdentity, Caller{Type: PrincipalFederated, Principal: "accounts.google.com", Context: map[string][]string{"accounts.google.com:aud": {"app"}}}, Allowed, "allows"},
		{"StringLike", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::4444555566?6:role/*/Spectro*"}}}}`,
			ActionAssumeRole, session, Allowed, "allows"},
		{"a session by its own ARN", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::444455556666:assumed-role/SpectroCloudRole/s1"},"Action":"sts:AssumeRole"}}`,
			ActionAssumeRole, session, Allowed, "allows"},
		{"ArnEquals takes wildcards too, per part", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}}`,
			ActionAssumeRole, palette, Allowed, "allows"},
		{"ArnLike parts do not spill into each other", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam:*:root"}}}}`,
			ActionAssumeRole, palette, ImplicitDeny, "ArnLike aws:PrincipalArn does not hold"},
		{"ArnNotLike", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::210987654321:*"}}}}`,
			ActionAssumeRole, palette, ImplicitDeny, "does not hold"},
		{"StringNotEquals holds without the key", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"sts:ExternalId":"x"}}}}`,
			ActionAssumeRole, palette, Allowed, "allows"},
		{"StringEqualsIfExists holds without the key", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"x"}}}}`,
			ActionAssumeRole, palette, Allowed, "allows"},
		{"StringEqualsIfExists checks a key that exists", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEqualsIfExists":{"sts:ExternalId":"x"}}}}`,
			ActionAssumeRole, palette.WithExternalID("y"), ImplicitDeny, "does not hold"},
		{"StringEqualsIgnoreCase", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEqualsIgnoreCase":{"sts:ExternalId":"ACME-3F9C2B7E"}}}}`,
			ActionAssumeRole, palette.WithExternalID(externalID), Allowed, "allows"},
		{"Null true: the key must be absent", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"Null":{"sts:ExternalId":"true"}}}}`,
			ActionAssumeRole, palette.WithExternalID(externalID), ImplicitDeny, "Null sts:ExternalId"},
		{"Null false: the key must be there", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"Null":{"sts:ExternalId":"false"}}}}`,
			ActionAssumeRole, palette.WithExternalID(externalID), Allowed, "allows"},
		{"Bool is case-insensitive", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"Bool":{"aws:SecureTransport":"TRUE"}}}}`,
			ActionAssumeRole, Caller{Principal: palette.Principal, Context: map[string][]string{"aws:SecureTransport": {"true"}}}, Allowed, "allows"},
		{"ForAnyValue without the key is false", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"x"}}}}`,
			ActionAssumeRole, palette, ImplicitDeny, "does not hold"},
		{"ForAllValues without the key is true", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"x"}}}}`,
			ActionAssumeRole, palette, Allowed, "allows"},
		{"ForAllValues wants every value", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}}}`,
			ActionAssumeRole, Caller{Principal: palette.Principal, Context: map[string][]string{"aws:tagkeys": {"a", "c"}}}, ImplicitDeny, "does not hold"},
		{"ForAnyValue:StringNotEquals wants one value that matches none", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}}}`,
			ActionAssumeRole, Caller{Principal: palette.Principal, Context: map[string][]string{"aws:tagkeys": {"a", "c"}}}, Allowed, "allows"},
		{"an operator bslwiz does not evaluate", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}}}`,
			ActionAssumeRole, palette, ImplicitDeny, "NumericLessThan is not one bslwiz evaluates"},
		{"NullIfExists is no operator", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"NullIfExists":{"sts:ExternalId":"true"}}}}`,
			ActionAssumeRole, palette, ImplicitDeny, "not one bslwiz evaluates"},
		{"conditions are ANDed", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"acme-3f9c2b7e","aws:PrincipalAccount":"1"}}}}`,
			ActionAssumeRole, palette.WithExternalID(externalID), ImplicitDeny, "aws:PrincipalAccount does not hold"},
		{"values are ORed", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":["x","acme-3f9c2b7e"]}}}}`,
			ActionAssumeRole, palette.WithExternalID(externalID), Allowed, "allows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseTrust(tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			v := tr.Evaluate(tt.action, tt.caller)
			if v.Decision != tt.want || !strings.Contains(v.Why, tt.why) {
				t.Errorf("Evaluate = %v (%s), want %v (…%s…)", v.Decision, v.Why, tt.want, tt.why)
			}
			if v.Allowed() != (tt.want == Allowed) {
				t.Errorf("Allowed() = %v", v.Allowed())
			}
		})
	}
}

func TestNewCallerContext(t *testing.T) {
	c := NewCaller("arn:aws:iam::444455556666:user/ci")
	if got := c.Context["aws:principaltype"]; len(got) != 1 || got[0] != "User" {
		t.Errorf("aws:PrincipalType = %v", got)
	}
	e := c.WithExternalID("x")
	if _, ok := c.Context["sts:externalid"]; ok {
		t.Error("WithExternalID changed the caller it was called on")
	}
	if got := e.Context["sts:externalid"]; len(got) != 1 || got[0] != "x" {
		t.Errorf("sts:ExternalId = %v", got)
	}
	if Decision(9).String() != "Decision(9)" || ImplicitDeny.String() != "denied" {
		t.Error("Decision.String")
	}
}
