package aws_test

import (
	"context"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/awstest"
)

// TestACorrectCreateRolePassesAGuardrailThatRequiresABoundaryAndTags: a common landing-zone
// guardrail lets roles be created only with a given permissions boundary and tagged; IAM
// fills iam:PermissionsBoundary, aws:RequestTag/* and aws:TagKeys from the request.
func TestACorrectCreateRolePassesAGuardrailThatRequiresABoundaryAndTags(t *testing.T) {
	w := newWorld(t)
	admin := w.connect()
	ctx := context.Background()
	boundary, err := admin.EnsurePolicy(ctx, bslaws.PolicySpec{Name: "platform-boundary", Document: awstest.AdminPolicy()}, false)
	if err != nil {
		t.Fatal(err)
	}
	guardrail := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":["iam:GetRole","iam:ListAttachedRolePolicies","sts:GetCallerIdentity"],"Resource":"*"},
	 {"Effect":"Allow","Action":"iam:CreateRole","Resource":"*","Condition":{
	   "StringEquals":{"iam:PermissionsBoundary":"` + boundary.ARN + `","aws:RequestTag/bslwiz:location":"acme"},
	   "ForAllValues:StringEquals":{"aws:TagKeys":["bslwiz:location"]}}},
	 {"Effect":"Allow","Action":"iam:TagRole","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["bslwiz:location"]}}},
	 {"Effect":"Allow","Action":"iam:PutRolePermissionsBoundary","Resource":"*","Condition":{"StringEquals":{"iam:PermissionsBoundary":"` + boundary.ARN + `"}}}
	]}`
	dev, err := bslaws.Connect(ctx, w.options(w.emu.AddUser(accountB, "developer", guardrail)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		adjust func(*bslaws.RoleSpec)
		allow  bool
	}{
		{"boundary and tag", func(s *bslaws.RoleSpec) { s.PermissionsBoundary = boundary.ARN }, true},
		{"no boundary", func(*bslaws.RoleSpec) {}, false},
		{"another boundary", func(s *bslaws.RoleSpec) { s.PermissionsBoundary = "arn:aws:iam::aws:policy/AdministratorAccess" }, false},
		{"an extra tag", func(s *bslaws.RoleSpec) {
			s.PermissionsBoundary = boundary.ARN
			s.Tags = map[string]string{"bslwiz:location": "acme", "owner": "me"}
		}, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := roleSpec()
			spec.Name = roleName + string(rune('a'+i))
			tt.adjust(&spec)
			_, err := dev.EnsureRole(ctx, spec)
			if (err == nil) != tt.allow {
				t.Fatalf("EnsureRole under the guardrail: %v, want allowed=%v", err, tt.allow)
			}
		})
	}
}
