package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runGuarded runs bslwiz and fails the test, instead of hanging it, when the
// run does not end: the cases here hung before they were fixed.
func runGuarded(t *testing.T, env map[string]string, args ...string) run {
	t.Helper()
	done := make(chan run, 1)
	go func() { done <- bslwiz(t, env, "", args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(time.Minute):
		t.Fatalf("bslwiz %s did not end", strings.Join(args, " "))
		return run{}
	}
}

func TestFilesThatAreNotPlainFilesAreRefusedWithoutReadingThem(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte("bucket: a\n#"+strings.Repeat("x", maxPlanFileSize)+"\n"), 0o600)
	readable := filepath.Join(dir, "key-0640")
	os.WriteFile(readable, []byte("k3y\n"), 0o640)
	os.Chmod(readable, 0o640)
	plan := []string{"plan", "--name", "x", "--bucket", "acme-velero-backups", "--account-a", "444455556666",
		"--palette-endpoint", "https://127.0.0.1:1", "--state-dir", dir}
	key := map[string]string{"SPECTROCLOUD_APIKEY": "k"}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		msg  string
	}{
		{"a FIFO as the plan file", nil, []string{"plan", "-f", fifo}, "not a regular file"},
		{"/dev/zero as the plan file", nil, []string{"plan", "-f", "/dev/zero"}, "not a regular file"},
		{"a directory as the plan file", nil, []string{"plan", "-f", dir}, "not a regular file"},
		{"a plan file over the limit", nil, []string{"plan", "-f", big}, "larger than"},
		{"a FIFO as the API key file", nil, append(plan, "--api-key-file", fifo), "not a regular file"},
		{"/dev/zero as the API key file", nil, append(plan, "--api-key-file", "/dev/zero"), "not a regular file"},
		{"the API key file from the environment", map[string]string{"BSLWIZ_API_KEY_FILE": fifo}, plan, "not a regular file"},
		{"a FIFO as the key file in the sandbox", nil, sandboxArgs(t, "plan", "--api-key-file", fifo), "not a regular file"},
		{"a group-readable API key file", key, append(plan, "--api-key-file", readable), "chmod 600"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runGuarded(t, tc.env, tc.args...)
			if r.code != ExitUsage || !strings.Contains(r.err, tc.msg) {
				t.Fatalf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", r.code, ExitUsage, tc.msg, r.out, r.err)
			}
		})
	}
}

func TestALocationNameTooLongForAFileIsARuleNotAnError(t *testing.T) {
	long := strings.Repeat("a", 5000)
	for _, args := range [][]string{
		sandboxArgs(t, "plan", "--name", long),
		sandboxArgs(t, "apply", "--yes", "--name", long),
		sandboxArgs(t, "status", long),
		sandboxArgs(t, "undo", long),
	} {
		t.Run(args[3], func(t *testing.T) {
			r := bslwiz(t, nil, "", args...)
			if r.code != ExitValidation || !strings.Contains(r.err, "--name") || strings.Contains(r.err, "file name too long") {
				t.Fatalf("exit %d, want %d naming --name\n%s", r.code, ExitValidation, r.err)
			}
		})
	}
}
