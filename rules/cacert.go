package rules

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
	"time"
)

const fieldCACert = "CA certificate"

// CACert checks the optional CA certificate of a backup location: one or more
// PEM CERTIFICATE blocks that parse as X.509. Empty means none and is valid.
// Expired, not-yet-valid and non-CA certificates are warnings. A private key
// pasted with the certificate is an error, so that it is never sent on.
// Messages show the PEM header line or the certificate subject, never the
// PEM text itself.
func CACert(pemText string) ([]Warning, error) { return CACertAt(pemText, time.Now()) }

// CACertAt is CACert with the clock given, for tests and for checking at a
// planned time.
func CACertAt(pemText string, now time.Time) ([]Warning, error) {
	if strings.TrimSpace(pemText) == "" {
		return nil, nil
	}
	fail := func(value, rule string) ([]Warning, error) {
		return nil, &Error{Field: fieldCACert, Value: value, Rule: rule}
	}
	firstLine := firstLineOf(pemText)
	var certs []*x509.Certificate
	var otherTypes []string
	rest := unindent(pemText)
	for {
		block, next := pem.Decode(rest)
		if block == nil {
			break
		}
		rest = next
		if block.Type != "CERTIFICATE" {
			if strings.Contains(block.Type, "PRIVATE KEY") {
				return fail(firstLine, fmt.Sprintf("contains a %s block; paste only the certificate and keep the key secret", block.Type))
			}
			otherTypes = append(otherTypes, block.Type)
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return fail(firstLine, fmt.Sprintf("certificate %d does not parse as X.509: %v", len(certs)+1, err))
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		rule := "not PEM: no CERTIFICATE block found"
		if len(otherTypes) > 0 {
			rule += " (found " + strings.Join(otherTypes, ", ") + ")"
		} else if bytes.Contains([]byte(pemText), []byte("-----BEGIN")) {
			rule += " (a BEGIN line without a matching END line, or damaged base64)"
		}
		return fail(firstLine, rule)
	}
	var ws []Warning
	warn := func(c *x509.Certificate, rule string) {
		ws = append(ws, Warning{Field: fieldCACert, Value: c.Subject.String(), Rule: rule})
	}
	if trailing := strings.TrimSpace(string(rest)); trailing != "" {
		ws = append(ws, Warning{Field: fieldCACert, Value: firstLineOf(trailing),
			Rule: "has text after the last PEM block, which is ignored"})
	}
	for _, t := range otherTypes {
		ws = append(ws, Warning{Field: fieldCACert, Value: firstLine, Rule: fmt.Sprintf("has a %s block, which is ignored", t)})
	}
	for _, c := range certs {
		switch {
		case now.After(c.NotAfter):
			warn(c, "expired on "+c.NotAfter.UTC().Format(time.DateOnly))
		case now.Before(c.NotBefore):
			warn(c, "is not valid before "+c.NotBefore.UTC().Format(time.DateOnly))
		}
		if !c.IsCA {
			warn(c, "is not a CA certificate (basic constraints CA:FALSE); TLS verification needs the CA that signed the endpoint's certificate")
		}
	}
	return ws, nil
}

// unindent trims every line, so that a certificate copied from an indented
// YAML block or with CRLF line ends still decodes.
func unindent(s string) []byte {
	var b bytes.Buffer
	b.Grow(len(s))
	for line := range strings.Lines(s) {
		b.WriteString(strings.TrimSpace(line))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// firstLineOf returns the first non-blank line of s when it is a PEM
// boundary line ("-----BEGIN …"), enough to recognise the input in a message.
// Any other text shows as "…": it could be key material pasted without its
// header.
func firstLineOf(s string) string {
	for line := range strings.Lines(s) {
		if t := strings.TrimSpace(line); t != "" {
			if strings.HasPrefix(t, "-----") {
				return t
			}
			return "…"
		}
	}
	return ""
}
