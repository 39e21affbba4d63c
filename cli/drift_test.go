package cli

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/internal/testcert"
	"github.com/bslwiz/bslwiz/steps"
)

func oneLineCACert(t *testing.T) string {
	return strings.Join(strings.Fields(testcert.CA(t, "minio.internal CA")), " ")
}

// The TUI accepted PEM pasted on one line and --ca-cert refused it: every
// face now reads the field the same way.
func TestAOneLinePEMIsTheSameCertificateInEveryFace(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "plan", "--ca-cert", oneLineCACert(t))...)
	if r.code != ExitOK {
		t.Fatalf("plan with a one-line PEM: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, "a CA certificate is set") {
		t.Fatalf("the certificate is not in the plan:\n%s", r.out)
	}
}

// A wrong Account B met while detecting the bucket's region is an auth
// failure (exit 4); a %v wrap once hid it behind exit 1.
func TestAWrongAccountFoundWhileDetectingTheRegionIsAnAuthFailure(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "apply", "--yes", "--region", "", "--account-b", "999988887777")...)
	if r.code != ExitAuth {
		t.Fatalf("exit %d, want %d\n%s%s", r.code, ExitAuth, r.out, r.err)
	}
}

// apply printed "Done" and exited 0 while a final check failed.
func TestAFailedFinalCheckIsNotDone(t *testing.T) {
	checks := []steps.CheckResult{
		{ID: steps.CheckTrust, Name: "Role trusts Palette", Status: steps.StatusOK},
		{ID: steps.CheckBucket, Name: "Bucket exists", Status: steps.StatusFail, Reason: "gone"},
		{ID: steps.CheckPermissions, Name: "Permissions", Status: steps.StatusWarn},
	}
	err := failedChecks(checks)
	if ExitCode(err) != ExitValidation || !strings.Contains(err.Error(), "Bucket exists") {
		t.Fatalf("failedChecks = %v (exit %d), want exit %d naming the check", err, ExitCode(err), ExitValidation)
	}
	if err := failedChecks(checks[:1]); err != nil {
		t.Fatalf("all checks pass: %v", err)
	}
	if err := failedChecks(checks[2:]); err != nil {
		t.Fatalf("a warning is not a failure: %v", err)
	}
}

// A secret that does not match, or a key AWS does not know, is an auth
// failure (exit 4) that says so; it was exit 1, blamed on the region.
func TestRefusedAWSKeysAreAnAuthFailure(t *testing.T) {
	served := serveSandbox(t)
	for _, k := range []string{"AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"} {
		env := map[string]string{}
		for key, v := range served {
			env[key] = v
		}
		env[k] = "wrong" + env[k]
		env["BSLWIZ_STATE_DIR"] = t.TempDir()
		useAWSEnv(t, env)
		r := bslwiz(t, env, "", "apply", "--yes", "--name", "x", "--bucket", "acme-velero-backups", "--account-a", "444455556666")
		if r.code != ExitAuth || !strings.Contains(r.err, "AWS refused") || strings.Contains(r.err, "region") {
			t.Fatalf("%s wrong: exit %d\n%s", k, r.code, r.err)
		}
	}
}

// Found by a new-user walk: undo of a --sandbox run answered with a 403
// that read as a bad key, status passed for a location that does not
// exist, and a typo in a monitoring script read as healthy.
func TestSandboxRunsAndMissingLocationsAreToldAsTheyAre(t *testing.T) {
	dir := t.TempDir()
	args := func(a ...string) []string { return append([]string{"--sandbox", "--state-dir", dir}, a...) }
	if r := bslwiz(t, nil, "", args("apply", "--yes", "--name", "walk1")...); r.code != ExitOK {
		t.Fatalf("apply: exit %d\n%s", r.code, r.err)
	}
	for _, cmd := range [][]string{{"status", "walk1"}, {"undo", "walk1", "--yes"}} {
		r := bslwiz(t, nil, "", args(cmd...)...)
		if r.code != ExitOK || !strings.Contains(r.out, "was a sandbox run") {
			t.Fatalf("%v: exit %d\n%s%s", cmd, r.code, r.out, r.err)
		}
	}
	if r := bslwiz(t, nil, "", args("undo", "walk1", "--yes")...); r.code != ExitOK || !strings.Contains(r.out, "already undone") {
		t.Fatalf("a second undo: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r := bslwiz(t, nil, "", args("status", "nosuch")...)
	if r.code != ExitValidation || !strings.Contains(r.out+r.err, `no location named "nosuch"`) {
		t.Fatalf("status of a location that does not exist: exit %d\n%s%s", r.code, r.out, r.err)
	}
}

// A region the bucket is not in broke the plan but exited 1.
func TestARegionTheBucketIsNotInIsABrokenRule(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "plan", "--region", "us-east-9")...)
	if r.code != ExitValidation || !strings.Contains(r.err, "set the region to us-east-2") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
}
