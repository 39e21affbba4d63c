package aws

import (
	"context"
	"errors"
	"fmt"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"
	"github.com/aws/smithy-go"
)

// ErrAccessAnalyzerDenied matches (errors.Is) an IAM Access Analyzer call
// the caller has no permission for: the account's choice, a skipped check
// rather than a failure. The SDK's error stays reachable with errors.As.
var ErrAccessAnalyzerDenied = errors.New("no permission for IAM Access Analyzer")

// PolicyKind is what a policy validated by Access Analyzer is.
type PolicyKind int

// Policy kinds.
const (
	// PermissionsPolicy is an identity policy (the bucket's permissions).
	PermissionsPolicy PolicyKind = iota
	// TrustPolicy is a role's trust policy (AWS::IAM::AssumeRolePolicyDocument).
	TrustPolicy
)

// PolicyFinding is one finding of ValidatePolicy.
type PolicyFinding struct {
	// Type is ERROR, SECURITY_WARNING, WARNING or SUGGESTION.
	Type      string
	IssueCode string
	Details   string
	LearnMore string
}

// Blocking reports whether the finding must stop a change: an error is a
// part of the policy that does not work, a security warning access wider
// than intended.
func (f PolicyFinding) Blocking() bool {
	return f.Type == string(aatypes.ValidatePolicyFindingTypeError)
}

// ValidatePolicy asks IAM Access Analyzer to check doc against the policy
// grammar and AWS's best practices, and returns every finding (all pages).
// It costs nothing. A caller without access-analyzer:ValidatePolicy gets an
// error matching ErrAccessAnalyzerDenied.
func (c *Client) ValidatePolicy(ctx context.Context, doc string, kind PolicyKind) ([]PolicyFinding, error) {
	in := &accessanalyzer.ValidatePolicyInput{PolicyDocument: sdkaws.String(doc), PolicyType: aatypes.PolicyTypeIdentityPolicy}
	if kind == TrustPolicy {
		in.PolicyType = aatypes.PolicyTypeResourcePolicy
		in.ValidatePolicyResourceType = aatypes.ValidatePolicyResourceTypeRoleTrust
	}
	var out []PolicyFinding
	p := accessanalyzer.NewValidatePolicyPaginator(c.accessAnalyzer(), in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, accessAnalyzerError("ValidatePolicy", err)
		}
		for _, f := range page.Findings {
			out = append(out, PolicyFinding{Type: string(f.FindingType), IssueCode: sdkaws.ToString(f.IssueCode),
				Details: sdkaws.ToString(f.FindingDetails), LearnMore: sdkaws.ToString(f.LearnMoreLink)})
		}
	}
	return out, nil
}

// NewAccess is the answer of CheckNoNewAccess: Pass when the new policy
// grants nothing the existing one does not, else the statements that do.
type NewAccess struct {
	Pass    bool
	Message string
	Reasons []NewAccessReason
}

// NewAccessReason is a statement of the new policy that grants new access.
type NewAccessReason struct {
	Description string
	StatementID string
	// StatementIndex is 0-based; -1 when Access Analyzer does not say.
	StatementIndex int
}

// CheckNoNewAccess asks IAM Access Analyzer whether the trust policy after
// grants access that before does not. AWS charges for each call, so it is
// opt-in. A caller without access-analyzer:CheckNoNewAccess gets an error
// matching ErrAccessAnalyzerDenied.
func (c *Client) CheckNoNewAccess(ctx context.Context, before, after string) (NewAccess, error) {
	out, err := c.accessAnalyzer().CheckNoNewAccess(ctx, &accessanalyzer.CheckNoNewAccessInput{
		ExistingPolicyDocument: sdkaws.String(before), NewPolicyDocument: sdkaws.String(after),
		PolicyType: aatypes.AccessCheckPolicyTypeResourcePolicy,
	})
	if err != nil {
		return NewAccess{}, accessAnalyzerError("CheckNoNewAccess", err)
	}
	na := NewAccess{Pass: out.Result == aatypes.CheckNoNewAccessResultPass, Message: sdkaws.ToString(out.Message)}
	for _, r := range out.Reasons {
		idx := -1
		if r.StatementIndex != nil {
			idx = int(*r.StatementIndex)
		}
		na.Reasons = append(na.Reasons, NewAccessReason{Description: sdkaws.ToString(r.Description), StatementID: sdkaws.ToString(r.StatementId), StatementIndex: idx})
	}
	return na, nil
}

func (c *Client) accessAnalyzer() *accessanalyzer.Client { return c.aa }

// accessAnalyzerError wraps an Access Analyzer error with its operation;
// AccessDeniedException matches ErrAccessAnalyzerDenied.
func accessAnalyzerError(op string, err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "AccessDeniedException" {
		return fmt.Errorf("access-analyzer:%s: %w: %w", op, ErrAccessAnalyzerDenied, err)
	}
	return fmt.Errorf("access-analyzer:%s: %w", op, err)
}
