package awstest_test

import (
	"context"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestAssumeRoleWithATrustRequiringMFAAsksForTheDevicesCode(t *testing.T) {
	w := newWorld(t)
	const code = "123456"
	alice := w.emu.AddUser(accountB, "alice")
	serial := w.emu.AddMFADevice(accountB, "alice", code)
	if serial != "arn:aws:iam::"+accountB+":mfa/alice" {
		t.Fatalf("serial = %s", serial)
	}
	roleARN := w.createRole(t, "mfa-admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+accountB+`:user/alice"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	tests := []struct {
		name         string
		serial, code *string
		wantCode     string // "" for success
		wantMessage  string
	}{
		{"the device and its code", &serial, sdkaws.String(code), "", ""},
		{"no MFA at all", nil, nil, "AccessDenied", "User: arn:aws:iam::" + accountB + ":user/alice is not authorized to perform: sts:AssumeRole on resource: " + roleARN},
		{"a wrong code", &serial, sdkaws.String("654321"), "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code."},
		{"another user's device", sdkaws.String("arn:aws:iam::" + accountB + ":mfa/bob"), sdkaws.String(code), "AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code."},
		{"a code without a device", nil, sdkaws.String(code), "AccessDenied", "MultiFactorAuthentication failed, unable to validate MFA code."},
		{"a code that is not six digits", &serial, sdkaws.String("12ab56"), "ValidationError", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.sts(alice).AssumeRole(context.Background(), &sts.AssumeRoleInput{
				RoleArn: &roleARN, RoleSessionName: sdkaws.String("alice"), SerialNumber: tt.serial, TokenCode: tt.code,
			})
			if apiCode(err) != tt.wantCode || (tt.wantMessage != "" && apiMessage(err) != tt.wantMessage) {
				t.Errorf("AssumeRole = %v, want %s %q", err, tt.wantCode, tt.wantMessage)
			}
		})
	}
}
