package steps

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

	"github.com/bslwiz/bslwiz/rules"
)

func pemTestCert(t testing.TB) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "minio.internal CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// TestUnflattenPEM: PEM pasted into a one-line field (newlines turned into
// spaces) decodes again; a path or multi-line PEM is left alone.
func TestUnflattenPEM(t *testing.T) {
	cert := pemTestCert(t)
	flat := strings.Join(strings.Fields(cert), " ")
	two := flat + " " + flat
	tests := []struct {
		name, in string
		certs    int // certificates rules.CACert must accept; -1: returned unchanged
	}{
		{"flattened certificate", flat, 1},
		{"two flattened certificates", two, 2},
		{"surrounding spaces", "  " + flat + "  ", 1},
		{"multi-line PEM", cert, -1},
		{"file path", "/etc/ssl/minio-ca.pem", -1},
		{"empty", "", -1},
		{"BEGIN without END", "-----BEGIN CERTIFICATE----- MIIB", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnflattenPEM(tt.in)
			if tt.certs < 0 {
				if got != tt.in {
					t.Errorf("UnflattenPEM(%q) = %q, want it unchanged", tt.in, got)
				}
				return
			}
			if _, err := rules.CACert(got); err != nil {
				t.Fatalf("rules.CACert after unflattening: %v\n%s", err, got)
			}
			if n := strings.Count(got, "-----BEGIN CERTIFICATE-----"); n != tt.certs {
				t.Errorf("%d certificates, want %d", n, tt.certs)
			}
		})
	}
}

// FuzzUnflattenPEM: whatever is pasted, unflattening never panics, leaves
// text without a BEGIN line alone, and keeps every base64 word.
func FuzzUnflattenPEM(f *testing.F) {
	cert := pemTestCert(f)
	f.Add(strings.Join(strings.Fields(cert), " "))
	f.Add(cert)
	f.Add("/etc/ssl/ca.pem")
	f.Add("-----BEGIN CERTIFICATE----- a b c -----END CERTIFICATE----- -----BEGIN X-----")
	f.Fuzz(func(t *testing.T, in string) {
		out := UnflattenPEM(in)
		if !strings.Contains(in, "-----BEGIN ") && out != in {
			t.Fatalf("text without a BEGIN line changed: %q -> %q", in, out)
		}
		if out == in {
			return
		}
		for _, m := range pemBlock.FindAllStringSubmatch(strings.TrimSpace(in), -1) {
			for _, w := range strings.Fields(m[2]) {
				if !strings.Contains(out, "\n"+w+"\n") {
					t.Fatalf("word %q of the body was lost: %q -> %q", w, in, out)
				}
			}
		}
	})
}
