package steps

import (
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/internal/testcert"
	"github.com/bslwiz/bslwiz/rules"
)

// TestUnflattenPEM: PEM pasted into a one-line field (newlines turned into
// spaces) decodes again; a path or multi-line PEM is left alone.
func TestUnflattenPEM(t *testing.T) {
	cert := testcert.CA(t, "minio.internal CA")
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
	cert := testcert.CA(f, "minio.internal CA")
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
