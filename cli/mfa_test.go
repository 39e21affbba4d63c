package cli

import (
	"fmt"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
)

func TestAnMFACodeNobodyCanGiveIsAnAuthFailure(t *testing.T) {
	err := fmt.Errorf("step 1 (Sign in): %w", &aws.MFARequiredError{Profile: "admin-mfa"})
	if got := ExitCode(err); got != ExitAuth {
		t.Errorf("ExitCode = %d, want %d (auth)", got, ExitAuth)
	}
}
