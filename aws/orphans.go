package aws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// OrphanedPrincipalError is a trust policy bslwiz was asked to write that
// names a deleted role or user by its unique ID. IAM refuses such a document
// (MalformedPolicyDocument: Invalid principal in policy) and always will:
// waiting for propagation cannot help, so it is refused before the call.
type OrphanedPrincipalError struct {
	Role    string
	Orphans []iampolicy.Orphan
}

func (e *OrphanedPrincipalError) Error() string {
	names := make([]string, len(e.Orphans))
	for i, o := range e.Orphans {
		names[i] = o.String()
	}
	return fmt.Sprintf("the trust policy for role %s names %s: IAM refuses to save a policy naming a deleted principal; "+
		"remove it from the policy first", e.Role, strings.Join(names, ", "))
}

// checkOrphans refuses a trust policy with the unique ID of a deleted
// principal. A document that does not parse is left for IAM to judge.
func checkOrphans(role, doc string) error {
	t, err := iampolicy.ParseTrust(doc)
	if err != nil {
		return nil
	}
	if orphans := t.Orphans(); len(orphans) > 0 {
		return &OrphanedPrincipalError{Role: role, Orphans: orphans}
	}
	return nil
}

// namesUniqueID reports an "Invalid principal in policy" that names a unique
// ID (`"AWS":"AROA…"`): a principal that was deleted, not one still
// propagating.
func namesUniqueID(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	_, named, ok := strings.Cut(ae.ErrorMessage(), `"AWS":"`)
	if !ok {
		return false
	}
	id, _, _ := strings.Cut(named, `"`)
	return iampolicy.IsUniqueID(id)
}
