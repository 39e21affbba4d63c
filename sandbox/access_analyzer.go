package sandbox

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// AccessAnalyzerEnv forces IAM Access Analyzer findings in the sandbox, to
// rehearse what --access-analyzer shows: a comma-separated list of
// TYPE:ISSUE_CODE, TYPE one of ERROR, SECURITY_WARNING, WARNING and
// SUGGESTION, e.g. BSLWIZ_SANDBOX_ACCESS_ANALYZER=SECURITY_WARNING:PASS_ROLE_WITH_STAR_IN_RESOURCE.
const AccessAnalyzerEnv = "BSLWIZ_SANDBOX_ACCESS_ANALYZER"

var findingTypes = []string{"ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"}

// parseAnalyzerFindings reads AccessAnalyzerEnv's syntax.
func parseAnalyzerFindings(spec string) ([]awstest.AnalyzerFinding, error) {
	var out []awstest.AnalyzerFinding
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		typ, code, ok := strings.Cut(item, ":")
		if !ok || !slices.Contains(findingTypes, typ) || code == "" {
			return nil, fmt.Errorf("%s: %q is not TYPE:ISSUE_CODE with TYPE one of %s", AccessAnalyzerEnv, item, strings.Join(findingTypes, ", "))
		}
		out = append(out, awstest.AnalyzerFinding{Type: typ, IssueCode: code,
			Details: "forced by " + AccessAnalyzerEnv + " (the sandbox's emulator of IAM Access Analyzer)"})
	}
	return out, nil
}
