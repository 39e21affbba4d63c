package cli

import (
	"strings"
	"testing"
)

// A --sandbox run says what is true of it afterwards: `bslwiz undo NAME`
// and `bslwiz status NAME` without --sandbox once answered "no journal"
// (exit 2) and a list of missing inputs.
func TestCommandsAfterASandboxRunSayWhatIsTrue(t *testing.T) {
	dir := t.TempDir()
	if r := bslwiz(t, nil, "", "--sandbox", "--state-dir", dir, "apply", "--yes", "--name", "gone"); r.code != ExitOK {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	env := map[string]string{"SPECTROCLOUD_APIKEY": "k"}
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"undo", []string{"undo", "gone", "--state-dir", dir}, ExitOK},
		{"status", []string{"status", "gone", "--state-dir", dir}, ExitValidation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bslwiz(t, env, "", tc.args...)
			if r.code != tc.want || !strings.Contains(r.out+r.err, "gone was a --sandbox run") || !strings.Contains(r.out+r.err, "nothing it made exists any more") {
				t.Fatalf("exit %d, want %d saying it was a sandbox run\n%s%s", r.code, tc.want, r.out, r.err)
			}
			if strings.Contains(r.out+r.err, "no journal") || strings.Contains(r.out+r.err, "missing input") {
				t.Fatalf("it still blames the journal or the inputs:\n%s%s", r.out, r.err)
			}
		})
	}
}

// --sandbox keeps to its own Palette: SPECTROCLOUD_HOST exported for
// `bslwiz sandbox` or a real Palette once became the endpoint (and got the
// sandbox's key); --palette-endpoint with --sandbox is refused.
func TestTheSandboxKeepsItsOwnPalette(t *testing.T) {
	env := map[string]string{"SPECTROCLOUD_HOST": "https://palette.example.com", "BSLWIZ_SANDBOX_LATENCY": "1ms"}
	r := bslwiz(t, env, "", sandboxArgs(t, "export", "--format", "terraform")...)
	if r.code != ExitOK || strings.Contains(r.out, "palette.example.com") || !strings.Contains(r.out, "127.0.0.1") {
		t.Fatalf("exit %d; the export names another Palette than the sandbox's:\n%s%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.err, "ignoring the Palette endpoint https://palette.example.com") {
		t.Fatalf("the dropped endpoint is not said:\n%s", r.err)
	}
	if !strings.Contains(r.err, "Active knobs: BSLWIZ_SANDBOX_LATENCY=1ms") {
		t.Fatalf("the banner does not name the active knob:\n%s", r.err)
	}
	r = bslwiz(t, nil, "", sandboxArgs(t, "plan", "--palette-endpoint", "https://palette.example.com")...)
	if r.code != ExitUsage || !strings.Contains(r.err, "--sandbox serves its own Palette") {
		t.Fatalf("--palette-endpoint with --sandbox: exit %d\n%s", r.code, r.err)
	}
}

// The provider takes a host without a scheme and always speaks HTTPS: a
// Terraform export of a plain-HTTP Palette says it cannot reach it.
func TestTerraformExportOfTheSandboxSaysItsPaletteIsPlainHTTP(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "export", "--format", "terraform")...)
	if r.code != ExitOK || !strings.Contains(r.out, "speaks only HTTPS") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
}
