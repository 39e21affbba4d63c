package iampolicy

import "testing"

// FuzzEvaluate evaluates any document that parses as a trust policy, in
// any shape (principals, actions and conditions of the wrong types
// included), for a few callers: it never panics, a verdict names a
// statement that exists, and an explicit Deny is never overruled by
// adding an Allow for everyone after it.
func FuzzEvaluate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add(guideTrust)
	f.Add(`{"Statement":[{"Effect":"Deny","Principal":{"AWS":1},"Action":["sts:*",2],"Condition":{"Null":[]}},{"Effect":"Allow","NotPrincipal":"x","NotAction":{}}]}`)
	f.Add(`{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:PrincipalArn":["*",true,3]}}}}`)
	callers := []Caller{
		NewCaller("arn:aws:iam::210987654321:root").WithExternalID(externalID),
		NewRoleSession("arn:aws:iam::444455556666:role/ops/SpectroCloudRole", "s"),
		NewCaller("arn:aws:iam::999999999999:user/x"),
		{Type: PrincipalService, Principal: "ec2.amazonaws.com"},
		{Principal: "not an ARN"},
	}
	f.Fuzz(func(t *testing.T, doc string) {
		tr, err := ParseTrust(doc)
		if err != nil {
			return
		}
		for _, c := range callers {
			for _, action := range []string{ActionAssumeRole, ActionAssumeRoleWithWebIdentity} {
				v := tr.Evaluate(action, c)
				if v.Statement >= tr.Len() || v.Decision != ImplicitDeny && v.Statement < 0 || v.Why == "" {
					t.Fatalf("verdict %+v for a policy of %d statements", v, tr.Len())
				}
				if v.Decision == ExplicitDeny {
					open := tr.Clone()
					open.append("Open", objectNode("Effect", stringNode("Allow"), "Principal", stringNode("*"), "Action", stringNode("*")))
					if again := open.Evaluate(action, c); again.Decision != ExplicitDeny {
						t.Fatalf("an Allow overruled an explicit Deny: %+v", again)
					}
				}
			}
		}
	})
}
