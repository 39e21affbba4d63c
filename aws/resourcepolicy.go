package aws

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// ResourcePolicy is a resource-based policy for a simulation: the document
// and the account that owns the resource (a bucket ARN names none).
type ResourcePolicy struct{ Document, Owner string }

func (rp ResourcePolicy) apply(in *iam.SimulatePrincipalPolicyInput, partition string) {
	if rp.Document == "" {
		return
	}
	in.ResourcePolicy = &rp.Document
	if rp.Owner != "" {
		if partition == "" {
			partition = "aws"
		}
		owner := fmt.Sprintf("arn:%s:iam::%s:root", partition, rp.Owner)
		in.ResourceOwner = &owner
	}
}

// denyingStatement names the resource policy's statement among r's matched
// statements: its Sid, else "statement N" (1-based), "" when none matched.
func (rp ResourcePolicy) denyingStatement(r iamtypes.EvaluationResult) string {
	matched := r.MatchedStatements
	for _, rr := range r.ResourceSpecificResults {
		if len(rr.MatchedStatements) > 0 {
			matched = rr.MatchedStatements
		}
	}
	for _, m := range matched {
		if m.SourcePolicyType != iamtypes.PolicySourceTypeResource {
			continue
		}
		if m.StartPosition == nil {
			return "a statement of the resource policy"
		}
		return StatementAt(rp.Document, int(m.StartPosition.Line), int(m.StartPosition.Column))
	}
	return ""
}

// StatementAt names the statement of a policy document that starts at line
// and column (1-based, as IAM's simulator reports StartPosition): its Sid in
// quotes, else "statement N".
func StatementAt(doc string, line, column int) string {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(doc[off:], '\n')
		if i < 0 {
			return "a statement of the resource policy"
		}
		off += i + 1
	}
	off += column - 1
	if off < 0 || off >= len(doc) || doc[off] != '{' {
		return "a statement of the resource policy"
	}
	var st struct{ Sid string }
	dec := json.NewDecoder(strings.NewReader(doc[off:]))
	if err := dec.Decode(&st); err != nil {
		return "a statement of the resource policy"
	}
	if st.Sid != "" {
		return fmt.Sprintf("statement %q", st.Sid)
	}
	return fmt.Sprintf("the statement at line %d, column %d", line, column)
}
