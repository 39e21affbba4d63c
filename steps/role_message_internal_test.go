package steps

import (
	"testing"

	"github.com/bslwiz/bslwiz/aws"
)

func TestRoleStepMessageSaysWhatItMakesAndWhatItAdopts(t *testing.T) {
	role := &aws.Role{Name: "r"}
	for _, tc := range []struct {
		d    roleStepData
		want string
	}{
		{roleStepData{}, "creating the policy; creating the role"},
		{roleStepData{policy: aws.PolicyState{Exists: true}, role: role}, "adopting the policy; adopting the role"},
		{roleStepData{policy: aws.PolicyState{Exists: true}, drift: true, role: role}, "adding the policy's new default version; adopting the role"},
		{roleStepData{policy: aws.PolicyState{Exists: true}}, "adopting the policy; creating the role"},
	} {
		if got := roleStepMessage(&tc.d); got != tc.want {
			t.Errorf("roleStepMessage(%+v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
