package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/bslwiz/bslwiz/steps"
)

// RenderWithFindings is Render with the bucket's posture findings (the live
// posture checks, as a run read them) written into the export as comments
// (the json format: as "bucketFindings"), so whoever applies it sees what
// the bucket's configuration asks of them. The plan carries the bucket's
// customer-managed key (Plan.BucketKMSKey), whose statement the policy gets.
func RenderWithFindings(w io.Writer, format Format, p steps.Plan, findings []steps.CheckResult) error {
	f, err := ParseFormat(string(format))
	if err != nil {
		return err
	}
	m, err := newModel(p)
	if err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	m.findings = findingLines(p, findings)
	var b strings.Builder
	if err := renderers[f](&b, m); err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	out := withFindingComments(f, b.String(), m.findings)
	if _, err := io.WriteString(w, out); err != nil {
		return fmt.Errorf("export %s: write: %w", f, err)
	}
	return nil
}

// findingLines are the comment lines: the key the policy grants, then one
// line per posture check, each on one line whatever its reason holds.
func findingLines(p steps.Plan, findings []steps.CheckResult) []string {
	var out []string
	if k := p.BucketKMSKey(); k != "" {
		out = append(out, fmt.Sprintf("The bucket's default encryption uses customer-managed KMS key %s: the policy grants kms:GenerateDataKey, kms:Decrypt and kms:DescribeKey on it.", k))
	}
	for _, c := range findings {
		out = append(out, fmt.Sprintf("[%s] %s: %s", c.Status, c.Name, c.Reason))
	}
	for i, l := range out {
		out[i] = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
				return ' '
			}
			return r
		}, l)
	}
	return out
}

// withFindingComments writes the findings as a comment block: after the
// shebang of the awscli script, before the rest elsewhere. The json format
// carries them in its document instead.
func withFindingComments(f Format, out string, lines []string) string {
	if len(lines) == 0 || f == JSON {
		return out
	}
	var b strings.Builder
	b.WriteString("# The bucket's posture, as bslwiz read it:\n")
	for _, l := range lines {
		b.WriteString("#   " + l + "\n")
	}
	b.WriteString("#\n")
	if f == AWSCLI && strings.HasPrefix(out, "#!") {
		i := strings.IndexByte(out, '\n') + 1
		return out[:i] + b.String() + out[i:]
	}
	return b.String() + out
}
