package steps

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"strings"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// Failure is what kind of trouble a step's error is, so a face (the TUI, the
// line prompts) can say what to do about it without importing the adapters
// or reading their wording.
type Failure int

// The kinds of failure, most specific first.
const (
	FailureUnknown       Failure = iota
	FailureCancelled             // the user or a signal stopped it
	FailureTimeout               // a call timed out
	FailureUnreachable           // nothing answered at the address
	FailureTLS                   // the TLS handshake failed (self-hosted Palette needs its CA)
	FailureInvalidPlan           // a value breaks a rule (InvalidPlanError)
	FailureRule                  // one value breaks a rule (rules.Error)
	FailurePaletteAuth           // Palette refused the API key
	FailureRateLimited           // Palette is limiting the request rate
	FailureSSOExpired            // the AWS SSO session must be renewed
	FailureNoCredentials         // no AWS credentials
	FailureWrongAccount          // signed in to Account A, or not Account B
	FailureTrustChanged          // the trust policy changed since the preview
	FailureTrustUnsafe           // a trust policy bslwiz must not write or adopt
	FailureUnsupported           // nothing bslwiz can do makes this work (China and STS)
)

// FailureOf classifies err.
func FailureOf(err error) Failure {
	var (
		ipe  *InvalidPlanError
		re   *rules.Error
		sso  *aws.SSOExpiredError
		wa   *aws.WrongAccountError
		cre  *aws.CredentialsRefusedError
		tc   *aws.TrustChangedError
		tle  *TrustLintError
		upe  *UnsupportedPartitionError
		ne   net.Error
		oe   *net.OpError
		dnse *net.DNSError
		ua   x509.UnknownAuthorityError
		hn   x509.HostnameError
		ci   x509.CertificateInvalidError
	)
	switch {
	case err == nil:
		return FailureUnknown
	case errors.Is(err, context.Canceled):
		return FailureCancelled
	case errors.As(err, &tc):
		return FailureTrustChanged
	case errors.As(err, &tle):
		return FailureTrustUnsafe
	case errors.As(err, &upe):
		return FailureUnsupported
	case errors.As(err, &sso):
		return FailureSSOExpired
	case errors.Is(err, aws.ErrNoCredentials), errors.As(err, &cre):
		return FailureNoCredentials
	case errors.As(err, &wa):
		return FailureWrongAccount
	case errors.Is(err, palette.ErrAuth):
		return FailurePaletteAuth
	case errors.Is(err, palette.ErrRateLimited):
		return FailureRateLimited
	case errors.As(err, &ipe):
		return FailureInvalidPlan
	case errors.As(err, &re):
		return FailureRule
	case errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci), strings.Contains(err.Error(), "tls:"):
		return FailureTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return FailureTimeout
	case errors.As(err, &dnse), errors.As(err, &oe) && oe.Op == "dial":
		return FailureUnreachable
	}
	return FailureUnknown
}
