package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// CheckAccessAnalyzer is IAM Access Analyzer's view of the role's policies.
const CheckAccessAnalyzer CheckID = "access-analyzer"

// policyAnalyzer is the part of the AWS client that asks IAM Access
// Analyzer; a connection without it (a test fake) skips those checks.
type policyAnalyzer interface {
	ValidatePolicy(ctx context.Context, doc string, kind aws.PolicyKind) ([]aws.PolicyFinding, error)
	CheckNoNewAccess(ctx context.Context, before, after string) (aws.NewAccess, error)
}

// AnalyzerError is a change IAM Access Analyzer refuses: an ERROR finding
// of ValidatePolicy (a part of the policy that does not work), or new
// access that CheckNoNewAccess finds beyond the statement bslwiz adds. No
// mutating call follows it (exit 3).
type AnalyzerError struct {
	Document string // "trust policy of bslwiz-prod", "permissions policy bslwiz-prod"
	Problems []string
}

func (e *AnalyzerError) Error() string {
	return fmt.Sprintf("IAM Access Analyzer refuses the %s: %s; fix it and run again (or leave --access-analyzer off to skip these checks)",
		e.Document, strings.Join(e.Problems, "; "))
}

const analyzerOff = "off: --access-analyzer turns it on (AWS charges for each CheckNoNewAccess)"

// analyzer returns the session's Access Analyzer when the plan asks for it.
func (s *Session) analyzer() (policyAnalyzer, bool) {
	if !s.Plan().AccessAnalyzer {
		return nil, false
	}
	aa, ok := s.connectedAWS().(policyAnalyzer)
	return aa, ok
}

func findingText(f aws.PolicyFinding) string {
	return f.Type + " " + f.IssueCode + ": " + f.Details
}

// analyzeDocument validates doc (what) with IAM Access Analyzer for a
// preview: ERROR findings refuse the change, the others become warnings,
// a missing permission a fact. Off, or without Access Analyzer, it does
// nothing.
func (s *Session) analyzeDocument(ctx context.Context, pv *Preview, what, doc string, kind aws.PolicyKind) error {
	aa, ok := s.analyzer()
	if !ok {
		return nil
	}
	fs, err := aa.ValidatePolicy(ctx, doc, kind)
	switch {
	case errors.Is(err, aws.ErrAccessAnalyzerDenied):
		pv.Facts = append(pv.Facts, "IAM Access Analyzer skipped for the "+what+": no permission for access-analyzer:ValidatePolicy")
		return nil
	case err != nil:
		return fmt.Errorf("IAM Access Analyzer, %s: %w", what, err)
	}
	var problems []string
	for _, f := range fs {
		if f.Blocking() {
			problems = append(problems, findingText(f))
			continue
		}
		pv.Warnings = append(pv.Warnings, "IAM Access Analyzer, "+what+": "+findingText(f))
	}
	if len(problems) > 0 {
		return &AnalyzerError{Document: what, Problems: problems}
	}
	if len(fs) == 0 {
		pv.Facts = append(pv.Facts, "IAM Access Analyzer finds nothing to report in the "+what)
	}
	return nil
}

// analyzeTrustChange validates the trust policy after a change and, when
// the role exists, has CheckNoNewAccess compare it with before: new access
// is allowed only in statement added (0-based; -1 for none), the one bslwiz
// appends.
func (s *Session) analyzeTrustChange(ctx context.Context, pv *Preview, role, before, after string, added int) error {
	what := "trust policy of " + role
	if err := s.analyzeDocument(ctx, pv, what, after, aws.TrustPolicy); err != nil || before == "" {
		return err
	}
	aa, ok := s.analyzer()
	if !ok {
		return nil
	}
	na, err := aa.CheckNoNewAccess(ctx, before, after)
	switch {
	case errors.Is(err, aws.ErrAccessAnalyzerDenied):
		pv.Facts = append(pv.Facts, "IAM Access Analyzer's CheckNoNewAccess skipped: no permission for access-analyzer:CheckNoNewAccess")
		return nil
	case err != nil:
		return fmt.Errorf("IAM Access Analyzer, %s: %w", what, err)
	case na.Pass:
		pv.Facts = append(pv.Facts, "IAM Access Analyzer (CheckNoNewAccess): the change grants no new access")
		return nil
	}
	var problems, ours []string
	for _, r := range na.Reasons {
		if r.StatementIndex == added && added >= 0 {
			ours = append(ours, fmt.Sprintf("statement %d", r.StatementIndex+1))
			continue
		}
		problems = append(problems, fmt.Sprintf("new access in statement %d, not the one bslwiz adds: %s", r.StatementIndex+1, r.Description))
	}
	if len(na.Reasons) == 0 {
		problems = append(problems, "CheckNoNewAccess fails without naming a statement: "+na.Message)
	}
	if len(problems) > 0 {
		return &AnalyzerError{Document: what, Problems: problems}
	}
	pv.Facts = append(pv.Facts, "IAM Access Analyzer (CheckNoNewAccess): new access only in "+strings.Join(ours, ", ")+", the statement bslwiz adds")
	return nil
}

// checkAccessAnalyzer validates the role's trust policy as it is and the
// permissions policy the plan wants, with IAM Access Analyzer: an ERROR
// fails, a security warning warns, a missing permission skips.
func checkAccessAnalyzer(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	if !p.AccessAnalyzer {
		return skip("%s", analyzerOff)
	}
	c := s.connectedAWS()
	if c == nil {
		return skip("waiting for Account B credentials (%s)", s.stepRef(StepSTS))
	}
	aa, has := c.(policyAnalyzer)
	if !has {
		return skip("this connection to Account B has no IAM Access Analyzer")
	}
	want, err := Desired(p)
	if err != nil {
		return skip("the plan is not complete yet: %v", err)
	}
	docs := []struct {
		what, doc string
		kind      aws.PolicyKind
	}{{"permissions policy " + p.PolicyName, want.PolicyDocument, aws.PermissionsPolicy}}
	if p.RoleName != "" {
		role, err := c.GetRole(ctx, p.RoleName)
		switch {
		case errors.Is(err, aws.ErrNotFound):
		case err != nil:
			return fail("%v", err)
		default:
			doc := role.TrustPolicy
			if t, err := iampolicy.ParseTrust(doc); err == nil {
				doc = t.JSON()
			}
			docs = append(docs, struct {
				what, doc string
				kind      aws.PolicyKind
			}{"trust policy of " + role.Name, doc, aws.TrustPolicy})
		}
	}
	var errs, warns, others []string
	for _, d := range docs {
		fs, err := aa.ValidatePolicy(ctx, d.doc, d.kind)
		if errors.Is(err, aws.ErrAccessAnalyzerDenied) {
			return skip("no permission for access-analyzer:ValidatePolicy in Account B: a skipped check, not a failure")
		}
		if err != nil {
			return fail("%v", err)
		}
		for _, f := range fs {
			line := d.what + ": " + findingText(f)
			switch f.Type {
			case "ERROR":
				errs = append(errs, line)
			case "SECURITY_WARNING":
				warns = append(warns, line)
			default:
				others = append(others, line)
			}
		}
	}
	switch {
	case len(errs) > 0:
		return fail("%s", strings.Join(append(errs, warns...), "; "))
	case len(warns) > 0:
		return warn("%s", strings.Join(append(warns, others...), "; "))
	case len(others) > 0:
		return ok("no errors or security warnings; %s", strings.Join(others, "; "))
	}
	return ok("IAM Access Analyzer finds nothing to report in %d %s", len(docs), policiesWord(len(docs)))
}

func policiesWord(n int) string {
	if n == 1 {
		return "policy"
	}
	return "policies"
}
