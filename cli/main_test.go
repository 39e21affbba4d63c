package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain keeps every test off the machine's AWS configuration and off the
// network: the SDK's default chain would otherwise read ~/.aws and ask the
// EC2 instance metadata service.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "bslwiz-cli-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", home)
	os.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "aws-config"))
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "aws-credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "SPECTROCLOUD_APIKEY", "SPECTROCLOUD_HOST"} {
		os.Unsetenv(k)
	}
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
