// Package cli is bslwiz without a TTY: plan, apply, export, status, undo and
// sandbox, with stable exit codes. The interactive wizard lives in package ui;
// both drive the same steps.
package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/steps"
)

// Exit codes, documented in --help and the README.
const (
	ExitOK         = 0
	ExitError      = 1
	ExitUsage      = 2
	ExitValidation = 3
	ExitAuth       = 4
	ExitCancelled  = 130
)

const exitCodesHelp = `Exit codes:
  0    ok
  1    error
  2    usage (bad flag, missing input)
  3    validation failed (a rule of the plan, Palette's validate, a failed check)
  4    auth (Palette API key, AWS credentials or profile, wrong account)
  130  cancelled (Ctrl-C, or a change not confirmed)`

// UsageError is a command line that cannot run.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

func usageErrorf(format string, a ...any) error { return &UsageError{fmt.Sprintf(format, a...)} }

// ValidationError is a failed validation: Palette's validate, or a check.
type ValidationError struct{ Err error }

func (e *ValidationError) Error() string { return e.Err.Error() }
func (e *ValidationError) Unwrap() error { return e.Err }

// ExitCode maps an error to the documented exit codes.
func ExitCode(err error) int {
	var (
		ue  *UsageError
		ve  *ValidationError
		ipe *steps.InvalidPlanError
		tle *steps.TrustLintError
		sso *aws.SSOExpiredError
		mfa *aws.MFARequiredError
		wa  *aws.WrongAccountError
		cre *aws.CredentialsRefusedError
		upe *steps.UnsupportedPartitionError
		aae *steps.AnalyzerError
		npe config.SharedConfigProfileNotExistError
		pde *steps.PermissionsDeniedError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled), errors.Is(err, steps.ErrDeclined):
		return ExitCancelled
	case errors.As(err, &ue):
		return ExitUsage
	case errors.As(err, &ipe), errors.As(err, &ve), errors.As(err, &tle), errors.As(err, &upe), errors.As(err, &aae),
		errors.As(err, &pde):
		return ExitValidation
	case errors.Is(err, palette.ErrAuth), errors.Is(err, aws.ErrNoCredentials), errors.As(err, &sso), errors.As(err, &mfa), errors.As(err, &wa), errors.As(err, &cre),
		errors.As(err, &npe):
		return ExitAuth
	}
	return ExitError
}
