package rules

import (
	"strings"
	"testing"
)

func TestAWSProfile(t *testing.T) {
	tests := []struct {
		in, wantErr string
	}{
		{"account-b-admin", ""},
		{"AdministratorAccess-111122223333", ""},
		{"team/prod", ""},
		{"a.b@c_d+e=f,g:h", ""},
		{"my team", ""},
		{"équipe", ""},
		{"", "must not be empty"},
		{" prod", "white space"},
		{"prod\n", "white space"},
		{"prod\nrm -rf ~", "U+000A"},
		{"prod\x1b[2J", "U+001B"},
		{"prod]\n[evil", "']'"},
		{"[prod", "'['"},
		{"a\u202eb", "U+202E"},
	}
	for _, tt := range tests {
		err := AWSProfile(tt.in)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("AWSProfile(%q) = %v, want nil", tt.in, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("AWSProfile(%q) = %v, want an error with %q", tt.in, err, tt.wantErr)
		}
	}
}
