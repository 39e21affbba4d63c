package rules

import (
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/internal/testcert"
)

var certNow = time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)

func TestCACert(t *testing.T) {
	year := 365 * 24 * time.Hour
	ca := testcert.PEM(t, "Acme Root CA", true, certNow.Add(-year), certNow.Add(year))
	leaf := testcert.PEM(t, "minio.internal", false, certNow.Add(-year), certNow.Add(year))
	expired := testcert.PEM(t, "Old CA", true, certNow.Add(-2*year), time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC))
	future := testcert.PEM(t, "Future CA", true, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), certNow.Add(3*year))
	keyPEM := "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n"
	brokenDER := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("not DER")}))

	tests := []struct {
		name, in string
		value    string // the Value the error shows
		rule     string
		warnings []string
	}{
		{"empty is optional", "", "", "", nil},
		{"blank is optional", " \n\t", "", "", nil},
		{"a CA", ca, "", "", nil},
		{"a CA with CRLF and indentation", strings.ReplaceAll("\n"+ca, "\n", "\r\n    "), "", "", nil},
		{"a bundle", ca + ca, "", "", nil},
		{"a leaf", leaf, "", "", []string{"is not a CA certificate"}},
		{"expired", expired, "", "", []string{"expired on 2025-01-31"}},
		{"not yet valid", future, "", "", []string{"is not valid before 2027-03-01"}},
		{"trailing text", ca + "garbage\n", "", "", []string{"has text after the last PEM block"}},
		{"a public key too", ca + "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "", "", []string{"has a PUBLIC KEY block"}},
		{"plain text", "hello", "…", "not PEM: no CERTIFICATE block found", nil},
		{"base64 without header", "MIIBszCCAVmgAwIBAgIBATAKBggqhkjOPQQDAjAXMRUwEwYDVQQDEwxBY21lIFJv", "…", "not PEM: no CERTIFICATE block found", nil},
		{"truncated", ca[:len(ca)-30], "-----BEGIN CERTIFICATE-----", "without a matching END line", nil},
		{"a key only", keyPEM, "-----BEGIN PRIVATE KEY-----", "contains a PRIVATE KEY block; paste only the certificate", nil},
		{"cert and key", ca + keyPEM, "-----BEGIN CERTIFICATE-----", "contains a PRIVATE KEY block", nil},
		{"public key only", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "-----BEGIN PUBLIC KEY-----", "no CERTIFICATE block found (found PUBLIC KEY)", nil},
		{"not X.509", brokenDER, "-----BEGIN CERTIFICATE-----", "certificate 1 does not parse as X.509", nil},
	}
	for _, tt := range tests {
		ws, err := CACertAt(tt.in, certNow)
		if tt.rule == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tt.name, err)
				continue
			}
		} else {
			e, ok := err.(*Error)
			if !ok || e.Field != "CA certificate" || e.Value != tt.value || !strings.Contains(e.Rule, tt.rule) {
				t.Errorf("%s: got %v, want value %q and rule %q", tt.name, err, tt.value, tt.rule)
			}
			if strings.Contains(err.Error(), "MC4CAQ") || strings.Contains(err.Error(), "MIIB") {
				t.Errorf("%s: the error shows PEM content: %v", tt.name, err)
			}
			continue
		}
		if len(ws) != len(tt.warnings) {
			t.Errorf("%s: got warnings %v, want %d", tt.name, ws, len(tt.warnings))
			continue
		}
		for i, w := range ws {
			if !strings.Contains(w.Rule, tt.warnings[i]) {
				t.Errorf("%s: warning %d = %v, want %q", tt.name, i, w, tt.warnings[i])
			}
		}
	}
}

func TestCACertWarningNamesTheSubject(t *testing.T) {
	leaf := testcert.PEM(t, "minio.internal", false, certNow.Add(-time.Hour), certNow.Add(time.Hour))
	ws, err := CACertAt(leaf, certNow)
	if err != nil || len(ws) != 1 {
		t.Fatalf("got %v, %v", ws, err)
	}
	if got := ws[0].String(); !strings.HasPrefix(got, `CA certificate "CN=minio.internal": is not a CA certificate`) {
		t.Errorf("got %s", got)
	}
}

func TestCACertUsesTheClock(t *testing.T) {
	expired := testcert.PEM(t, "Old CA", true, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
	ws, err := CACert(expired)
	if err != nil || len(ws) != 1 || !strings.Contains(ws[0].Rule, "expired") {
		t.Errorf("CACert must check expiry against the current time, got %v, %v", ws, err)
	}
}
