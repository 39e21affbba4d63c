package rules

import (
	"strings"
	"testing"
)

func TestAccountID(t *testing.T) {
	tests := []ruleCase{
		{"012345678901", ""}, // the IAM docs' example; leading zero kept
		{"111122223333", ""},
		{"", "must not be empty"},
		{"12345678901", "must be exactly 12 digits (it has 11); keep any leading zeros"},
		{"1234567890123", "must be exactly 12 digits (it has 13)"},
		{"1111-2222-3333", "without hyphens or spaces"},
		{"1111 2222 3333", "without hyphens or spaces"},
		{"11112222333a", "character 'a' at position 12"},
		{"１１１１２２２２３３３３", "character U+FF11"}, // fullwidth digits are not ASCII digits
		{" 111122223333", "white space"},
	}
	for _, tt := range tests {
		checkRule(t, "account ID", tt.in, AccountID(tt.in), tt.rule)
	}
}

func TestRoleAndPolicyNames(t *testing.T) {
	roleTests := []ruleCase{
		{"S3Access", ""}, // the IAM GetRole example
		{"palette-backup_role+=,.@-", ""},
		{strings.Repeat("r", 64), ""},
		{"", "must not be empty"},
		{strings.Repeat("r", 65), "at most 64 characters long (it has 65)"},
		{"my role", "character ' ' (space) at position 3"},
		{"role/name", "character '/' at position 5"},
		{"rôle", "character U+00F4 'ô'"},
	}
	for _, tt := range roleTests {
		checkRule(t, "role name", tt.in, RoleName(tt.in), tt.rule)
	}
	policyTests := []ruleCase{
		{"palette-backup-s3", ""},
		{strings.Repeat("p", 128), ""},
		{"", "must not be empty"},
		{strings.Repeat("p", 129), "at most 128 characters long (it has 129)"},
		{"policy:name", "character ':' at position 7"},
	}
	for _, tt := range policyTests {
		checkRule(t, "policy name", tt.in, PolicyName(tt.in), tt.rule)
	}
}

func TestRolePath(t *testing.T) {
	tests := []ruleCase{
		{"/", ""},
		{"/application_abc/component_xyz/", ""}, // the IAM GetRole example
		{"/division_abc/subdivision_xyz/", ""},  // the IAM identifiers example
		{"/a~b!c/", ""},                         // any printable ASCII
		{"/a//b/", ""},                          // the role path pattern allows empty segments
		{"///", ""},
		{"", `must not be empty (the default path is "/")`},
		{"division_abc/", "must begin with '/'"},
		{"/division_abc", "must end with '/'"},
		{"//", "must not contain an empty segment"},
		{"/a b/", "character ' ' (space) at position 3"},
		{"/é/", "character U+00E9"},
		{"/" + strings.Repeat("a", 510) + "/", ""}, // 512 characters: the maximum
		{"/" + strings.Repeat("a", 511) + "/", "at most 512 characters long (it has 513)"},
	}
	for _, tt := range tests {
		checkRule(t, "role path", tt.in, RolePath(tt.in), tt.rule)
	}
}

func TestPolicyPath(t *testing.T) {
	tests := []ruleCase{
		{"/", ""},
		{"/palette/backup/", ""},
		{"/a.b,c+d@e=f_g-h/", ""},
		{"", "must not be empty"},
		{"palette/", "must begin with '/'"},
		{"/palette", "must end with '/'"},
		{"//", "empty segment"},
		{"/a//b/", "empty segment"},
		{"/a~b/", "character '~' at position 3"}, // allowed in role paths, not in policy paths
		{"/" + strings.Repeat("a", 511) + "/", "at most 512"},
	}
	for _, tt := range tests {
		checkRule(t, "policy path", tt.in, PolicyPath(tt.in), tt.rule)
	}
}

func TestRoleDescription(t *testing.T) {
	tests := []ruleCase{
		{"", ""},
		{"Palette backups to S3 (Velero)\nline two\tand a tab, café ©", ""},
		{strings.Repeat("é", 1000), ""}, // characters, not bytes
		{strings.Repeat("d", 1001), "at most 1000 characters long (it has 1001)"},
		{"Backups — Palette", "character U+2014 '—' at position 9"},
		{"Palette’s role", "character U+2019"},
		{"bell\a", "character U+0007"},
		{"del\x7f", "character U+007F"},
		{"nbsp\u00a0", "character U+00A0"},
	}
	for _, tt := range tests {
		checkRule(t, "role description", tt.in, RoleDescription(tt.in), tt.rule)
	}
}

func TestMaxSessionDuration(t *testing.T) {
	for _, ok := range []int{3600, 7200, 43200} {
		if err := MaxSessionDuration(ok); err != nil {
			t.Errorf("MaxSessionDuration(%d) = %v", ok, err)
		}
	}
	for _, bad := range []int{0, -1, 900, 3599, 43201} {
		err := MaxSessionDuration(bad)
		checkRule(t, "max session duration", itoa(bad), err, "between 3600 and 43200 seconds")
	}
}

func TestExternalID(t *testing.T) {
	tests := []ruleCase{
		{"Unique-ID_1234+=,.@:/-", ""},
		{"ab", ""},
		{strings.Repeat("e", 1224), ""},
		{"", "must not be empty"},
		{"a", "at least 2 characters long"},
		{strings.Repeat("e", 1225), "at most 1224 characters long (it has 1225)"},
		{"abc def", "character ' ' (space) at position 4"},
		{"abc#def", "character '#'"},
		{"abc\n", "white space"},
	}
	for _, tt := range tests {
		checkRule(t, "external ID", tt.in, ExternalID(tt.in), tt.rule)
	}
}
