package ui

import (
	"context"
	"errors"
	"strings"

	"github.com/bslwiz/bslwiz/rules"
	"github.com/bslwiz/bslwiz/steps"
)

// hint says what to do about a failed task. The errors of the aws and
// palette adapters already say what went wrong and, mostly, how to fix it;
// the hint adds what to do in the wizard. The ui package does not import
// those adapters (dependency direction), so their errors are recognised by
// the words they are documented to carry.
func hint(err error, hasForm bool) string {
	back := ""
	if hasForm {
		back = "; esc goes back to the form"
	}
	var (
		ipe *steps.InvalidPlanError
		re  *rules.Error
		msg = err.Error()
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(msg, "i/o timeout"):
		return "The call timed out. Check the network path from this machine (VPN, proxy, security groups), then retry" + back + "."
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "no such host"), strings.Contains(msg, "network is unreachable"):
		return "Nothing answered at that address. Check the endpoint, and that this machine can reach it (DNS, proxy, VPN)" + back + "."
	case strings.Contains(msg, "x509:"), strings.Contains(msg, "tls:"):
		return "The TLS handshake failed. A self-hosted Palette needs its CA bundle (Palette CA bundle, --palette-ca-file)" + back + "."
	case errors.As(err, &ipe):
		return "A value entered for another step breaks a rule (listed above). Change it with its flag or in the plan file " +
			"and start bslwiz again; the journal keeps your progress."
	case errors.As(err, &re):
		if hasForm {
			return "Press esc to go back to the form and change the value."
		}
		return "Change the value with its flag and start bslwiz again; the journal keeps your progress."
	case strings.Contains(msg, "palette: 401"), strings.Contains(msg, "palette: 403"):
		return "Palette refused the API key. Check that it belongs to this tenant and has not expired or been revoked" + back + "."
	case strings.Contains(msg, "palette: 429"):
		return "Palette is limiting the request rate. Wait a few seconds, then retry."
	case strings.Contains(msg, "aws sso login"):
		return "Run the sign-in command above in another shell (it works without a browser), then retry."
	case strings.Contains(msg, "no AWS credentials found"):
		return "Sign in to Account B as described above, in another shell, then retry" + back + "."
	case strings.Contains(msg, "choose Account B's profile"), strings.Contains(msg, "choose the profile for"):
		return "Use Account B's credentials: the AWS profile of step 5 (--aws-profile), then retry" + back + "."
	case strings.Contains(msg, "changed since it was previewed"):
		return "Someone changed the trust policy meanwhile. Retry to read it again and review the new difference before confirming."
	}
	if hasForm {
		return "Retry, or go back to the form (esc) and change the inputs."
	}
	return "Retry once the cause above is fixed; the journal keeps your progress if you stop here."
}
