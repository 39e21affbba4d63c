package aws_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"

	bslaws "github.com/bslwiz/bslwiz/aws"
)

func TestConnectWithoutCredentials(t *testing.T) {
	isolateEnv(t)
	_, err := bslaws.Connect(context.Background(), bslaws.Options{Region: "us-east-2"})
	if !errors.Is(err, bslaws.ErrNoCredentials) {
		t.Fatalf("Connect error = %v, want ErrNoCredentials", err)
	}
	if !strings.HasPrefix(err.Error(), "no AWS credentials found: set AWS_PROFILE or use --aws-profile, ") {
		t.Errorf("message = %q", err)
	}
}

func TestConnectUnknownProfile(t *testing.T) {
	home := isolateEnv(t)
	writeFile(t, filepath.Join(home, "config"), "[profile dev]\nregion = us-east-2\n")
	_, err := bslaws.Connect(context.Background(), bslaws.Options{Profile: "prod"})
	if err == nil || !strings.Contains(err.Error(), `AWS profile "prod" is not in the shared config`) {
		t.Fatalf("Connect error = %v", err)
	}
}

func TestConnectSSOExpired(t *testing.T) {
	const ssoConfig = `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = us-east-2

[profile legacy]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile chained]
role_arn = arn:aws:iam::111122223333:role/Deployer
source_profile = dev

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`
	const cachedToken = "aoaAAAAAGSECRETSSOACCESSTOKEN"
	tests := []struct {
		name, profile, envProfile string
		expiredToken              bool // a cached token that expired, instead of none
		wantProfile               string
	}{
		{name: "sso-session profile", profile: "dev", wantProfile: "dev"},
		{name: "sso-session token expired", profile: "dev", expiredToken: true, wantProfile: "dev"},
		{name: "legacy sso profile", profile: "legacy", wantProfile: "legacy"},
		{name: "legacy token expired", profile: "legacy", expiredToken: true, wantProfile: "legacy"},
		{name: "role chained from sso", profile: "chained", wantProfile: "chained"},
		{name: "AWS_PROFILE", envProfile: "dev", wantProfile: "dev"},
	}
	bslaws.SetAWSCLIVersion(t, "aws-cli/2.24.0 Python/3.12.6 Linux/6.1 exe/x86_64.debian.12")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := isolateEnv(t) // no ~/.aws/sso/cache: the token was never fetched
			writeFile(t, filepath.Join(home, "config"), ssoConfig)
			if tt.envProfile != "" {
				t.Setenv("AWS_PROFILE", tt.envProfile)
			}
			if tt.expiredToken {
				// `aws sso login` caches by session name, legacy profiles by start URL.
				for _, key := range []string{"corp", "https://corp.awsapps.com/start"} {
					path, err := ssocreds.StandardCachedTokenFilepath(key)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
						t.Fatal(err)
					}
					writeFile(t, path, `{"accessToken":"`+cachedToken+`","expiresAt":"2020-01-01T00:00:00Z","region":"us-east-1","startUrl":"https://corp.awsapps.com/start"}`)
				}
			}
			_, err := bslaws.Connect(context.Background(), bslaws.Options{Profile: tt.profile})
			var sso *bslaws.SSOExpiredError
			if !errors.As(err, &sso) {
				t.Fatalf("Connect error = %v, want *SSOExpiredError", err)
			}
			wantCmd := "aws sso login --profile " + tt.wantProfile + " --use-device-code"
			if sso.Profile != tt.wantProfile || sso.LoginCommand() != wantCmd || !strings.Contains(err.Error(), wantCmd) {
				t.Errorf("profile %q, message %q; want the command %q", sso.Profile, err, wantCmd)
			}
			if strings.Contains(err.Error(), home) || strings.Contains(err.Error(), cachedToken) {
				t.Errorf("message leaks the token or its cache path: %q", err)
			}
		})
	}
}

func TestSSOExpiredErrorKeepsCause(t *testing.T) {
	cause := &ssocreds.InvalidTokenError{}
	err := &bslaws.SSOExpiredError{Profile: "team dev", Err: cause}
	if got := err.LoginCommand(); got != "aws sso login --profile 'team dev' --use-device-code" {
		t.Errorf("LoginCommand = %q", got)
	}
	var invalid *ssocreds.InvalidTokenError
	if !errors.As(err, &invalid) {
		t.Error("the SDK's cause is not reachable")
	}
}

// TestTheSSOHintIsTheFormTheInstalledAWSCLIAccepts: --use-device-code exists from aws CLI
// 2.22; Debian 12 ships 2.9.19, which refuses it ("Unknown options") and uses a device
// code by default. Without a readable version both forms are given, labelled.
func TestTheSSOHintIsTheFormTheInstalledAWSCLIAccepts(t *testing.T) {
	const config = "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n"
	tests := []struct {
		name, version, wantCommand string
		wantBothForms              bool
	}{
		{"Debian 12's 2.9.19", "aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0-18-amd64 source/x86_64.debian.12 prompt/off", "aws sso login --profile dev", false},
		{"2.21", "aws-cli/2.21.3 Python/3.12.6", "aws sso login --profile dev", false},
		{"2.22", "aws-cli/2.22.0 Python/3.12.6", "aws sso login --profile dev --use-device-code", false},
		{"3.0", "aws-cli/3.0.1 Python/3.13.0", "aws sso login --profile dev --use-device-code", false},
		{"no aws CLI", "", "aws sso login --profile dev --use-device-code", true},
		{"unreadable version", "something else", "aws sso login --profile dev --use-device-code", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := isolateEnv(t)
			writeFile(t, filepath.Join(home, "config"), config)
			bslaws.SetAWSCLIVersion(t, tt.version)
			_, err := bslaws.Connect(context.Background(), bslaws.Options{Profile: "dev"})
			var sso *bslaws.SSOExpiredError
			if !errors.As(err, &sso) {
				t.Fatalf("Connect error = %v, want *SSOExpiredError", err)
			}
			if sso.LoginCommand() != tt.wantCommand || !strings.Contains(err.Error(), tt.wantCommand) {
				t.Errorf("LoginCommand %q, message %q; want %q", sso.LoginCommand(), err, tt.wantCommand)
			}
			both := strings.Contains(err.Error(), "aws sso login --profile dev --use-device-code  (aws CLI 2.22 or later)") &&
				strings.Contains(err.Error(), "aws sso login --profile dev  (earlier versions)")
			if both != tt.wantBothForms {
				t.Errorf("message %q: both forms labelled = %v, want %v", err, both, tt.wantBothForms)
			}
		})
	}
}
