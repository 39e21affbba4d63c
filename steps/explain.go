package steps

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go"

	"github.com/bslwiz/bslwiz/palette"
)

// Explain is the one line a person reads for err: what failed and what to
// do. The words bslwiz wrote itself (the step, what it was doing, the typed
// errors of the adapters) are kept; the SDK's or the transport's own text at
// the end of the chain ("operation error STS: GetCallerIdentity, https
// response error StatusCode: 0, …") is replaced by what it means. The raw
// error stays for --debug and the journal's events.
func Explain(err error) string {
	full := err.Error()
	friendly, raw := rawCause(err)
	if raw == nil {
		return oneLine(full)
	}
	rawText := raw.Error()
	prefix, ok := strings.CutSuffix(full, rawText)
	if !ok {
		// The raw text is not at the end (a typed error quoted it): keep
		// what bslwiz wrote, drop nothing it did not.
		return oneLine(full)
	}
	if friendly == "" {
		return oneLine(strings.TrimSuffix(strings.TrimSpace(prefix), ":"))
	}
	return oneLine(prefix + friendly)
}

// oneLine keeps a message on one line unless it is a list bslwiz laid out
// itself (the plan's rules, the missing inputs), whose lines are indented.
func oneLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "  ") {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// rawCause finds the outermost error in err's chain whose text is an SDK's or
// a transport's, and what it means for a person; friendly "" means the raw
// text adds nothing to the words before it.
func rawCause(err error) (friendly string, raw error) {
	var (
		profile config.SharedConfigProfileNotExistError
		op      *smithy.OperationError
		pe      *palette.APIError
		pre     *palette.RequestError
	)
	switch {
	case errors.As(err, &profile):
		return "", profile
	case errors.As(err, &op):
		return explainAWS(op), op
	case errors.As(err, &pe):
		return explainPalette(pe), pe
	case errors.As(err, &pre):
		return explainPaletteRequest(pre), pre
	}
	return "", nil
}

// explainAWS says what an AWS SDK error means.
func explainAWS(op *smithy.OperationError) string {
	call := fmt.Sprintf("AWS %s %s", op.ServiceID, op.OperationName)
	var ae smithy.APIError
	if errors.As(op, &ae) {
		code, msg := ae.ErrorCode(), strings.TrimSpace(ae.ErrorMessage())
		switch {
		case strings.HasPrefix(code, "AccessDenied"), code == "UnauthorizedOperation", code == "AuthorizationError":
			if msg == "" {
				msg = "access denied"
			}
			return fmt.Sprintf("%s was denied (%s: %s): use a profile allowed to do it, or ask an Account B administrator to grant it", call, code, msg)
		case code == "Throttling", code == "ThrottlingException", code == "SlowDown", code == "TooManyRequestsException", code == "RequestLimitExceeded":
			return fmt.Sprintf("%s was still throttled after the SDK's retries (%s): wait a minute and run again; what is done is kept", call, code)
		}
		var re *awshttp.ResponseError
		if errors.As(op, &re) && re.HTTPStatusCode() >= 500 {
			return fmt.Sprintf("%s failed on AWS's side (%d %s): run again in a moment; what is done is kept", call, re.HTTPStatusCode(), code)
		}
		if msg != "" {
			return fmt.Sprintf("%s refused the call (%s: %s)", call, code, msg)
		}
		return fmt.Sprintf("%s refused the call (%s)", call, code)
	}
	if what, fix, ok := transportTrouble(op); ok {
		return fmt.Sprintf("%s %s: %s", call, what, fix+"; check AWS_ENDPOINT_URL (or the profile's endpoint), a proxy, and the network")
	}
	var re *awshttp.ResponseError
	if errors.As(op, &re) && re.HTTPStatusCode() > 0 {
		return fmt.Sprintf("%s got HTTP %d with no AWS error in it: is AWS_ENDPOINT_URL an AWS endpoint?", call, re.HTTPStatusCode())
	}
	return fmt.Sprintf("%s failed before AWS answered: run again with --debug to see why", call)
}

// transportTrouble reads a call that got no answer: nothing listening, no
// such host, a timeout, a TLS failure.
func transportTrouble(err error) (what, fix string, ok bool) {
	var (
		ue   *url.Error
		dnse *net.DNSError
		oe   *net.OpError
		ne   net.Error
	)
	where := ""
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			where = " at " + u.Scheme + "://" + u.Host
		}
	}
	switch {
	case errors.As(err, &dnse):
		return "could not be sent" + where, "no such host (" + dnse.Name + ")", true
	case errors.As(err, &oe) && oe.Op == "dial":
		return "could not be sent" + where, "nothing answered (connection refused)", true
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out" + where, "no answer in time", true
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "failed its TLS handshake" + where, "the certificate is not trusted", true
	}
	return "", "", false
}

// explainPalette says what a Palette API error means.
func explainPalette(e *palette.APIError) string {
	ref := ""
	if e.Ref != "" {
		ref = ", ref " + e.Ref
	}
	switch {
	case e.Status == 401:
		return fmt.Sprintf("Palette refused the API key (401%s): create a new one in Palette (Tenant Settings → API Keys) and set SPECTROCLOUD_APIKEY or --api-key-file", ref)
	case e.Status == 403:
		return fmt.Sprintf("Palette says the API key may not do this (403%s): use a key of a user with the project's backup-location permissions", ref)
	case e.Status == 429:
		return fmt.Sprintf("Palette kept limiting the request rate (429, %d attempts): wait a minute and run again; what is done is kept", e.Attempts)
	case e.Status >= 500:
		return fmt.Sprintf("Palette failed on its side (%d %s%s): run again in a moment; what is done is kept", e.Status, e.Code, ref)
	}
	msg := e.Message
	if msg == "" {
		msg = e.Code
	}
	return fmt.Sprintf("Palette refused the call (%d: %s%s)", e.Status, msg, ref)
}

// explainPaletteRequest says what a Palette call that got no answer means.
func explainPaletteRequest(e *palette.RequestError) string {
	if errors.Is(e, context.Canceled) {
		return "cancelled"
	}
	if errors.Is(e, context.DeadlineExceeded) || strings.Contains(e.Error(), "timeout") {
		return fmt.Sprintf("Palette did not answer %s %s in time: check --palette-endpoint ($SPECTROCLOUD_HOST), a proxy, and the network", e.Method, e.Path)
	}
	msg := e.Error()
	switch {
	case strings.Contains(msg, "connection refused"):
		return fmt.Sprintf("nothing answered at the Palette endpoint (%s %s: connection refused): check --palette-endpoint ($SPECTROCLOUD_HOST), a proxy, and the network", e.Method, e.Path)
	case strings.Contains(msg, "no such host"):
		return "the Palette endpoint's host name does not resolve: check --palette-endpoint ($SPECTROCLOUD_HOST) and DNS"
	case strings.Contains(msg, "x509:") || strings.Contains(msg, "tls:"):
		return "the Palette endpoint's TLS certificate is not trusted: for a self-hosted Palette, give its CA bundle with --palette-ca-file"
	}
	return fmt.Sprintf("Palette %s %s got no answer: check --palette-endpoint ($SPECTROCLOUD_HOST) and the network; --debug shows why", e.Method, e.Path)
}

// Explained is err with Explain's line as its text; errors.Is and
// errors.As still see err. A face shows it where it would show err.
func Explained(err error) error {
	if err == nil {
		return nil
	}
	if line := Explain(err); line != err.Error() {
		return &explainedError{line: line, err: err}
	}
	return err
}

type explainedError struct {
	line string
	err  error
}

func (e *explainedError) Error() string { return e.line }
func (e *explainedError) Unwrap() error { return e.err }
