package steps

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/bslwiz/bslwiz/aws"
)

// MFARequest asks a face for the one-time code of an MFA device.
type MFARequest struct {
	// Serial is the device's ARN (the profile's mfa_serial), to name it.
	Serial string
	// Profile is the AWS profile that assumes its role with the code.
	Profile string
	// Refused is true when STS refused the previous code: say so, and ask
	// again.
	Refused bool
}

// MFAPrompt asks the person at a face for the current code of the MFA
// device r names. It may be called from any goroutine (a live check, the
// SDK refreshing credentials), so a face serialises it with its other
// prompts. The code it returns is a secret: never shown, logged or kept.
// ErrMFACancelled says the person declined.
type MFAPrompt func(ctx context.Context, r MFARequest) (string, error)

// ErrMFACancelled is what an MFAPrompt returns when the person declines to
// give a code: the sign-in fails, and trying the step again asks again.
var ErrMFACancelled = errors.New("no MFA code was given")

// maxMFAAttempts is how many codes one sign-in asks for before it gives up
// and reports STS's refusal.
const maxMFAAttempts = 3

// mfaState is the session's MFA prompt, and the turn that lets one sign-in
// run at a time, so that callers racing to sign in ask for one code.
type mfaState struct {
	prompt MFAPrompt     // guarded by Session.mu
	turn   chan struct{} // one slot; made on first use under Session.mu
}

// SetMFAPrompt gives the session a face to ask for MFA codes. Without one,
// signing in with a profile that needs a code fails with
// *aws.MFARequiredError (the headless commands).
func (s *Session) SetMFAPrompt(p MFAPrompt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mfa.prompt = p
}

// signInTurn waits until no other sign-in runs, or ctx ends; release ends
// the turn.
func (s *Session) signInTurn(ctx context.Context) (release func(), err error) {
	s.mu.Lock()
	if s.mfa.turn == nil {
		s.mfa.turn = make(chan struct{}, 1)
	}
	turn := s.mfa.turn
	s.mu.Unlock()
	select {
	case turn <- struct{}{}:
		return func() { <-turn }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// profileOptions is the profile the plan signs in with, laid over the
// backends' options: what decides whether a code is needed.
func (s *Session) profileOptions() aws.Options {
	s.mu.Lock()
	defer s.mu.Unlock()
	opts := s.Backends.AWS
	if p := s.plan.WithDefaults(); p.AWSProfile != "" {
		opts.Profile = p.AWSProfile
	}
	return opts
}

// waitingForMFA reports whether Account B is not signed in yet and signing
// in would ask for an MFA code: background work (the warm-up, live checks)
// leaves the sign-in to the step that needs it, where the prompt belongs.
func (s *Session) waitingForMFA(ctx context.Context) bool {
	return s.connectedAWS() == nil && aws.ProfileNeedsMFA(ctx, s.profileOptions())
}

// connectAsking signs in with opts, asking the session's MFA prompt for a
// code whenever the SDK needs one, and again, saying so, when STS refused
// it (at most maxMFAAttempts codes). Without a prompt, opts are used as
// they are.
func (s *Session) connectAsking(ctx context.Context, opts aws.Options) (AccountB, error) {
	s.mu.Lock()
	prompt := s.mfa.prompt
	s.mu.Unlock()
	if prompt == nil || opts.MFACode != nil {
		return s.Backends.connectAWS(ctx, opts)
	}
	// The SDK asks again when the role's credentials expire, after this
	// call's context is gone: the prompt's own face bounds that wait.
	pctx := context.WithoutCancel(ctx)
	var refused atomic.Bool
	for attempt := 1; ; attempt++ {
		var asked atomic.Bool
		opts.MFACode = func(serial string) (string, error) {
			asked.Store(true)
			return prompt(pctx, MFARequest{Serial: serial, Profile: opts.Profile, Refused: refused.Load()})
		}
		c, err := s.Backends.connectAWS(ctx, opts)
		if err == nil || !asked.Load() || !aws.IsMFACodeRefused(err) || attempt == maxMFAAttempts || ctx.Err() != nil {
			return c, err
		}
		refused.Store(true)
	}
}
