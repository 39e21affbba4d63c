package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// complete asks bslwiz for completions the way the shell scripts do, through
// cobra's hidden __complete command, and returns the candidates without
// their descriptions.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	r := bslwiz(t, nil, "", append([]string{"__complete"}, args...)...)
	if r.code != ExitOK {
		t.Fatalf("__complete %s: exit %d\n%s", strings.Join(args, " "), r.code, r.err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		if strings.HasPrefix(line, ":") || line == "" {
			continue // the directive
		}
		name, _, _ := strings.Cut(line, "\t")
		out = append(out, name)
	}
	return out
}

func TestCompletionOffersAWSProfilesFromTheSharedFiles(t *testing.T) {
	dir := t.TempDir()
	config, creds := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	os.WriteFile(config, []byte("[default]\nregion = us-east-1\n[profile account-b-admin]\n[sso-session corp]\n"), 0o600)
	os.WriteFile(creds, []byte("[account-b-keys]\naws_access_key_id = x\n"), 0o600)
	t.Setenv("AWS_CONFIG_FILE", config)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"apply", "--aws-profile", ""}, []string{"account-b-admin", "account-b-keys", "default"}},
		{[]string{"plan", "--aws-profile", "account-b-a"}, []string{"account-b-admin"}},
		{[]string{"--aws-profile", "d"}, []string{"default"}},
	} {
		if got := complete(t, tc.args...); !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestCompletionOffersRegions(t *testing.T) {
	got := complete(t, "plan", "--region", "us-east-")
	if !slices.Equal(got, []string{"us-east-1", "us-east-2"}) {
		t.Errorf("regions for us-east-: %v", got)
	}
	if all := complete(t, "export", "--region", ""); !slices.Contains(all, "eu-west-1") || !slices.Contains(all, "cn-north-1") {
		t.Errorf("all regions lack eu-west-1 or cn-north-1: %v", all)
	}
}

func TestCompletionOffersTheLocationsThatHaveJournals(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"prod-backups.json", "staging.json", "demo.sandbox.json", "notes.txt", "Bad_Name.json"} {
		os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o600)
	}
	os.Mkdir(filepath.Join(dir, "dir.json"), 0o700)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"undo", "--state-dir", dir, ""}, []string{"prod-backups", "staging"}},
		{[]string{"status", "--state-dir", dir, "pr"}, []string{"prod-backups"}},
		{[]string{"undo", "--sandbox", "--state-dir", dir, ""}, []string{"demo"}},
		{[]string{"status", "--state-dir", dir, "staging", ""}, nil}, // one location only
		{[]string{"apply", "--state-dir", dir, "--name", "s"}, []string{"staging"}},
	} {
		if got := complete(t, tc.args...); !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
		}
	}
	// Without --state-dir, the default state directory.
	state := filepath.Join(t.TempDir(), "state")
	t.Setenv("XDG_STATE_HOME", state)
	os.MkdirAll(filepath.Join(state, "bslwiz"), 0o700)
	os.WriteFile(filepath.Join(state, "bslwiz", "from-default.json"), []byte("{}"), 0o600)
	if got := complete(t, "undo", ""); !slices.Equal(got, []string{"from-default"}) {
		t.Errorf("default state dir: %v", got)
	}
}

func TestCompletionOffersFlagsAndCommands(t *testing.T) {
	if got := complete(t, ""); !slices.Contains(got, "apply") || !slices.Contains(got, "completion") || slices.Contains(got, "version") {
		t.Errorf("commands: %v", got)
	}
	got := complete(t, "export", "--f")
	if !slices.Contains(got, "--format") || !slices.Contains(got, "--force-path-style") || slices.Contains(got, "--yes") {
		t.Errorf("export flags for --f: %v", got)
	}
	if got := complete(t, "export", "--format", ""); !slices.Equal(got, []string{"terraform", "cloudformation", "cloudformation-account-a", "awscli", "json"}) {
		t.Errorf("formats: %v", got)
	}
	if got := complete(t, "plan", "--scope", ""); !slices.Equal(got, []string{"project", "tenant"}) {
		t.Errorf("scopes: %v", got)
	}
}

func TestCompletionScriptsForEachShell(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_bslwiz", "zsh": "#compdef bslwiz", "fish": "complete -c bslwiz"} {
		r := bslwiz(t, nil, "", "completion", shell)
		if r.code != ExitOK || !strings.Contains(r.out, want) {
			t.Errorf("completion %s: exit %d, lacks %q\n%s", shell, r.code, want, r.err)
		}
	}
}
