package ui

import "github.com/bslwiz/bslwiz/steps"

// hint says what to do about a failed task. The errors of the aws and
// palette adapters already say what went wrong and, mostly, how to fix it;
// the hint adds what to do in the wizard. The kind of failure comes from
// steps.FailureOf, which knows the adapters' error types, so nothing here
// depends on their wording.
func hint(err error, hasForm bool) string {
	back := ""
	if hasForm {
		back = "; esc goes back to the form"
	}
	switch steps.FailureOf(err) {
	case steps.FailureTimeout:
		return "The call timed out. Check the network path from this machine (VPN, proxy, security groups), then retry" + back + "."
	case steps.FailureUnreachable:
		return "Nothing answered at that address. Check the endpoint, and that this machine can reach it (DNS, proxy, VPN)" + back + "."
	case steps.FailureTLS:
		return "The TLS handshake failed. A self-hosted Palette needs its CA bundle (Palette CA bundle, --palette-ca-file)" + back + "."
	case steps.FailureInvalidPlan:
		return "A value breaks a rule (listed above). Go back to the step that asks for it and change it " +
			"(esc in the wizard; back or edit in the line prompts), or change its flag; the journal keeps your progress."
	case steps.FailureRule:
		if hasForm {
			return "Press esc to go back to the form and change the value."
		}
		return "Change the value with its flag and start bslwiz again; the journal keeps your progress."
	case steps.FailurePaletteAuth:
		return "Palette refused the API key. Check that it belongs to this tenant and has not expired or been revoked" + back + "."
	case steps.FailureRateLimited:
		return "Palette is limiting the request rate. Wait a few seconds, then retry."
	case steps.FailureSSOExpired:
		return "Run the sign-in command above in another shell (it works without a browser), then retry."
	case steps.FailureNoCredentials:
		return "Sign in to Account B as described above, in another shell, then retry" + back + "."
	case steps.FailureWrongAccount:
		return "Use Account B's credentials: the AWS profile (--aws-profile), then retry" + back + "."
	case steps.FailureTrustChanged:
		return "Someone changed the trust policy meanwhile. Retry to read it again and review the new difference before confirming."
	case steps.FailureUnsupported:
		return "No retry will change this: quit (ctrl+c), and add the location in Palette as the message above says."
	case steps.FailureTrustUnsafe:
		return "bslwiz will not write or adopt this trust policy. Fix the statement named above in the IAM console (or change Account A" + back + "), then retry."
	}
	if hasForm {
		return "Retry, or go back to the form (esc) and change the inputs."
	}
	return "Retry once the cause above is fixed; the journal keeps your progress if you stop here."
}
