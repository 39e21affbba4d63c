// Package testcert makes self-signed certificates for tests: the one maker
// the rules, the steps and the command line test their certificate fields
// with. It imports nothing of bslwiz, and only tests import it.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// PEM returns a self-signed certificate for cn, valid from notBefore to
// notAfter, as PEM text; a CA certificate when isCA.
func PEM(t testing.TB, cn string, isCA bool, notBefore, notAfter time.Time) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  isCA,
		BasicConstraintsValid: true,
	}
	if isCA {
		tmpl.KeyUsage = x509.KeyUsageCertSign
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// CA is a CA certificate valid from an hour ago for a year.
func CA(t testing.TB, cn string) string {
	t.Helper()
	return PEM(t, cn, true, time.Now().Add(-time.Hour), time.Now().Add(365*24*time.Hour))
}
