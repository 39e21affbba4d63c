package ui

import (
	"context"
	"errors"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/accessible"
)

// askMFA is the line prompts' MFA prompt: a hidden line, one question at a
// time with the others (the Prompter takes them in turn, whichever
// goroutine signs in). An empty answer cancels the sign-in.
func (a *accessibleRun) askMFA(_ context.Context, r steps.MFARequest) (string, error) {
	if r.Refused {
		a.p.Println("STS refused that code: enter the next one.")
	}
	who := "The AWS profile"
	if r.Profile != "" {
		who = "AWS profile " + r.Profile
	}
	code, err := a.p.Secret(accessible.Question{
		Label: "Enter the 6-digit code from your MFA device",
		Help:  who + " assumes its role with MFA device " + r.Serial + ". The code goes to STS once: never shown, logged or kept. Empty cancels the sign-in.",
		Validate: func(v string) error {
			if v != "" && !mfaCodePattern.MatchString(v) {
				return errors.New("the code is the 6 digits your MFA device shows")
			}
			return nil
		},
	})
	if err != nil {
		return "", err
	}
	if code == "" {
		return "", steps.ErrMFACancelled
	}
	return code, nil
}
