package aws_test

import (
	"path/filepath"
	"reflect"
	"testing"

	bslaws "github.com/bslwiz/bslwiz/aws"
)

func TestProfiles(t *testing.T) {
	home := isolateEnv(t)
	writeFile(t, filepath.Join(home, "config"), `# comment
[default]
region = us-east-1
[profile dev]
sso_session = corp
[ profile  spaced ]
[profile prod] ; trailing comment
[sso-session corp]
sso_start_url = https://x
[services local]
s3 =
  endpoint_url = http://localhost
[not-a-profile]
`)
	writeFile(t, filepath.Join(home, "credentials"), `[default]
aws_access_key_id = AKIDEXAMPLE
[ci]
[profile ignored]
[dev]
`)
	got, err := bslaws.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ci", "default", "dev", "prod", "spaced"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Profiles() = %q, want %q", got, want)
	}
}

func TestProfilesHonoursFileVariables(t *testing.T) {
	home := isolateEnv(t)
	other := filepath.Join(home, "elsewhere")
	writeFile(t, other, "[profile only-here]\n")
	writeFile(t, filepath.Join(home, "config"), "[profile not-used]\n")
	t.Setenv("AWS_CONFIG_FILE", other)
	got, err := bslaws.Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"only-here"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Profiles() = %q, want %q", got, want)
	}
}

func TestProfilesWithoutFiles(t *testing.T) {
	isolateEnv(t)
	got, err := bslaws.Profiles()
	if err != nil || len(got) != 0 {
		t.Errorf("Profiles() = %q, %v; want none", got, err)
	}
}
