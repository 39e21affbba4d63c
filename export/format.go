package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/bslwiz/bslwiz/steps"
)

// Format names an export format.
type Format string

// The export formats.
const (
	Terraform      Format = "terraform"
	CloudFormation Format = "cloudformation"
	AWSCLI         Format = "awscli"
	JSON           Format = "json"
)

// Formats lists every format in the order they are documented.
func Formats() []Format {
	return []Format{Terraform, CloudFormation, CloudFormationAccountA, AWSCLI, JSON}
}

// formatAliases maps the other names people type to a format.
var formatAliases = map[string]Format{
	"tf":         Terraform,
	"hcl":        Terraform,
	"cfn":        CloudFormation,
	"aws-cli":    AWSCLI,
	"cli":        AWSCLI,
	"cli-script": AWSCLI,
	"sh":         AWSCLI,
	"bash":       AWSCLI,
}

// ParseFormat returns the format named s. It accepts the canonical names,
// case-insensitively, and the common aliases tf, hcl, cfn, aws-cli, cli,
// cli-script, sh and bash.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, f := range Formats() {
		if name == string(f) {
			return f, nil
		}
	}
	if f, ok := formatAliases[name]; ok {
		return f, nil
	}
	names := make([]string, len(Formats()))
	for i, f := range Formats() {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown export format %q: use one of %s", s, strings.Join(names, ", "))
}

// String returns the format's canonical name.
func (f Format) String() string { return string(f) }

// Extension returns the file-name extension, with its dot, that tools expect
// for the format: ".tf", ".yaml", ".sh" or ".json".
func (f Format) Extension() string {
	switch f {
	case Terraform:
		return ".tf"
	case CloudFormation:
		return ".yaml"
	case CloudFormationAccountA:
		return ".account-a.yaml"
	case AWSCLI:
		return ".sh"
	case JSON:
		return ".json"
	}
	return ""
}

// Render writes p in the given format to w. It refuses a plan that breaks a
// rule or lacks a value the export needs (the Palette account ID and external
// ID, the bucket, Account A, the location name), and lists every such field
// with its flag and environment variable; the error then unwraps to a
// *steps.InvalidPlanError. Nothing is written to w unless rendering succeeds.
func Render(w io.Writer, format Format, p steps.Plan) error {
	return RenderWithFindings(w, format, p, nil)
}

var renderers = map[Format]func(*strings.Builder, *model) error{
	Terraform:      renderTerraform,
	CloudFormation: renderCloudFormation,
	AWSCLI:         renderAWSCLI,
	JSON:           renderJSON,
}
