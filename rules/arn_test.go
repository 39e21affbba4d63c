package rules

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

func TestRoleARN(t *testing.T) {
	tests := []ruleCase{
		// The IAM GetRole API example, with a path.
		{"arn:aws:iam::123456789012:role/application_abc/component_xyz/S3Access", ""},
		{"arn:aws:iam::111122223333:role/palette-backup", ""},
		{"arn:aws-cn:iam::111122223333:role/palette-backup", ""},
		{"arn:aws-us-gov:iam::111122223333:role/palette-backup", ""},
		{"arn:aws-eusc:iam::111122223333:role/palette-backup", ""},
		{"arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk", ""},
		{"", "must not be empty"},
		{"palette-backup", `must begin with "arn:"`},
		{"arn:aws:iam::111122223333", "six parts"},
		{"arn:awz:iam::111122223333:role/x", `partition "awz" is not a known AWS partition`},
		{"arn:aws:s3:::acme-velero-backups", `service must be iam, not "s3"`},
		{"arn:aws:sts::111122223333:assumed-role/palette-backup/session", "is an STS session ARN"},
		{"arn:aws:iam:us-east-1:111122223333:role/x", `must have an empty region (IAM is global), not "us-east-1"`},
		{"arn:aws:iam::11112222333:role/x", `account ID "11112222333" must be exactly 12 digits`},
		{"arn:aws:iam::111122223333:user/bob", `must name a role (role/NAME), not "user/bob"`},
		{"arn:aws:iam::111122223333:root", `must name a role (role/NAME), not "root"`},
		{"arn:aws:iam::111122223333:role/", `role name "" must not be empty`},
		{"arn:aws:iam::111122223333:role/my role", `role name "my role" character ' ' (space)`},
		{"arn:aws:iam::111122223333:role/p a/x", `role path "/p a/" character ' ' (space)`},
		{"arn:aws:iam::111122223333:role//x", `role path "//" must not contain an empty segment`},
	}
	for _, tt := range tests {
		a, err := RoleARN(tt.in)
		checkRule(t, "role ARN", tt.in, err, tt.rule)
		if tt.rule == "" && a.String() != tt.in {
			t.Errorf("RoleARN(%q) = %v, want the parsed ARN", tt.in, a)
		}
		if tt.rule != "" && a != (arn.ARN{}) {
			t.Errorf("RoleARN(%q) returned %v with an error", tt.in, a)
		}
	}
	a, _ := RoleARN("arn:aws-us-gov:iam::123456789012:role/application_abc/component_xyz/S3Access")
	if a.Partition != "aws-us-gov" || a.AccountID != "123456789012" || a.Resource != "role/application_abc/component_xyz/S3Access" {
		t.Errorf("parsed fields: %+v", a)
	}
}

func TestAccountAPrincipal(t *testing.T) {
	tests := []ruleCase{
		{"444455556666", ""},
		{"arn:aws:iam::444455556666:root", ""},
		{"arn:aws-cn:iam::444455556666:root", ""},
		{"arn:aws:iam::444455556666:role/SpectroCloudRole", ""},
		{"", "must not be empty"},
		{"4444-5555-6666", "without hyphens"},
		{"44445555666", "must be exactly 12 digits"},
		{"SpectroCloudRole", "must be a 12-digit account ID or a role ARN"},
		{"arn:aws:iam::444455556666:user/palette", `must name a role (role/NAME), not "user/palette"`},
		{"arn:aws:sts::444455556666:assumed-role/SpectroCloudRole/i-0abc", "is an STS session ARN; give the role's IAM ARN, arn:aws:iam::444455556666:role/SpectroCloudRole (with its path"},
		{"arn:aws:iam::44445555666:root", `account ID "44445555666" must be exactly 12 digits`},
		{"arn:aws:iam::444455556666:role/", "role name"},
	}
	for _, tt := range tests {
		checkRule(t, "Account A principal", tt.in, AccountAPrincipal(tt.in), tt.rule)
	}
}

func TestPrincipalAccount(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"210987654321", "210987654321", true},
		{" 210987654321 ", "210987654321", true},
		{"arn:aws:iam::210987654321:root", "210987654321", true},
		{"arn:aws-us-gov:iam::210987654321:role/a/b/c", "210987654321", true},
		{"arn:aws:iam::210987654321:user/palette", "210987654321", true},
		{"arn:aws:sts::210987654321:assumed-role/r/s", "210987654321", true},
		{"arn:aws:s3:::bucket", "", false},
		{"arn:aws:iam::2109876543:root", "", false},
		{"2109-8765-4321", "", false},
		{"*", "", false},
	}
	for _, tt := range tests {
		got, ok := PrincipalAccount(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("PrincipalAccount(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
