package clipboard

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestClipboardToolGetsNoSecrets runs System().Copy with a fake xclip first on
// PATH that records its environment, while the process holds a Palette key
// and AWS secrets: none of them may reach the tool.
func TestClipboardToolGetsNoSecrets(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fake tool is a Linux xclip")
	}
	dir := t.TempDir()
	script := "#!/bin/sh\n/usr/bin/env > " + filepath.Join(dir, "env") + "\n/bin/cat > " + filepath.Join(dir, "in") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xclip"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"SPECTROCLOUD_APIKEY":   "sk-secret-palette-key",
		"AWS_SECRET_ACCESS_KEY": "aws-secret-access-key",
		"AWS_SESSION_TOKEN":     "aws-session-token",
		"AWS_ACCESS_KEY_ID":     "AKIAEXAMPLEKEYID",
		"BSLWIZ_ANYTHING":       "bslwiz-value",
	}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	t.Setenv("PATH", dir)
	t.Setenv("DISPLAY", ":99")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("SSH_CONNECTION", "")
	t.Setenv("SSH_TTY", "")

	r := System().Copy(arn)
	if r.Method != Native || r.Tool != "xclip" {
		t.Fatalf("Copy = %+v, want the native xclip", r)
	}
	in, err := os.ReadFile(filepath.Join(dir, "in"))
	if err != nil || string(in) != arn {
		t.Fatalf("xclip read %q (%v), want %q", in, err, arn)
	}
	env, err := os.ReadFile(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range secrets {
		if strings.Contains(string(env), k) || strings.Contains(string(env), v) {
			t.Errorf("the clipboard tool got %s:\n%s", k, env)
		}
	}
	if !strings.Contains(string(env), "DISPLAY=:99") {
		t.Errorf("the clipboard tool needs DISPLAY, got:\n%s", env)
	}
}
