package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/steps"
)

func oneLineCACert(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "minio.internal CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))), " ")
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
