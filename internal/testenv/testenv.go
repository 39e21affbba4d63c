// Package testenv finds the outside programs some tests drive (the aws CLI
// v2, tmux, sshd). A test that needs a missing program skips with a message
// saying how to install it, except under CI=true, where .ci/run installs
// them and a missing program is a failure.
package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Require returns the path of program name, or skips (fails under CI).
func Require(t testing.TB, name, debianPackage string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	missing(t, name+" is not installed (apt-get install -y "+debianPackage+")")
	return ""
}

// AWSCLI returns the path of an aws CLI v2. A v1 CLI earlier on PATH (pip
// installs one under pyenv, say) is passed over for Debian's v2 at
// /usr/bin/aws.
func AWSCLI(t testing.TB) string {
	t.Helper()
	var candidates []string
	if p, err := exec.LookPath("aws"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/aws", "/usr/local/bin/aws")
	for _, p := range candidates {
		out, err := exec.Command(p, "--version").CombinedOutput()
		if err == nil && strings.HasPrefix(string(out), "aws-cli/2") {
			return p
		}
	}
	missing(t, "aws CLI v2 is not installed (apt-get install -y awscli)")
	return ""
}

func missing(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI must install it (.ci/run)", msg)
	}
	t.Skip(msg)
}
