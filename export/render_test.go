package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/steps"
)

func TestRenderRefusesAnIncompletePlan(t *testing.T) {
	var out bytes.Buffer
	err := Render(&out, Terraform, steps.Plan{Region: "us-east-2"})
	if err == nil {
		t.Fatal("Render accepted an empty plan")
	}
	if out.Len() > 0 {
		t.Errorf("Render wrote %d bytes before failing", out.Len())
	}
	var invalid *steps.InvalidPlanError
	if !errors.As(err, &invalid) {
		t.Fatalf("error %v does not unwrap to *steps.InvalidPlanError", err)
	}
	for _, flag := range []string{"--name", "--bucket", "--account-a", "--palette-account-id", "--external-id"} {
		if !strings.Contains(err.Error(), flag+",") {
			t.Errorf("the error does not name %s:\n%v", flag, err)
		}
	}
	if n := strings.Count(err.Error(), "--bucket,"); n != 1 {
		t.Errorf("--bucket is listed %d times:\n%v", n, err)
	}
}

func TestRenderRefusesAPlanThatBreaksARule(t *testing.T) {
	tests := []struct {
		name   string
		change func(*steps.Plan)
		want   string
	}{
		{"bucket", func(p *steps.Plan) { p.Bucket = "Acme_Backups" }, "--bucket"},
		{"account A is Palette", func(p *steps.Plan) { p.AccountA = p.PaletteAccountID }, "--account-a"},
		{"partition and region", func(p *steps.Plan) { p.Partition = "aws-us-gov" }, "--region"},
		{"external ID", func(p *steps.Plan) { p.ExternalID = "has space" }, "--external-id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basicPlan()
			tt.change(&p)
			for _, f := range Formats() {
				var out bytes.Buffer
				err := Render(&out, f, p)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Render(%s) = %v, want an error naming %s", f, err, tt.want)
				}
				if out.Len() > 0 {
					t.Errorf("Render(%s) wrote %d bytes before failing", f, out.Len())
				}
			}
		})
	}
}

// secretPatterns are shapes of AWS and Palette credentials.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`),
	regexp.MustCompile(`(?i)aws_secret_access_key`),
	regexp.MustCompile(`(?i)aws_session_token`),
	regexp.MustCompile(`(?i)secret_key\s*=`),
	regexp.MustCompile(`(?i)api_key\s*=`),
	regexp.MustCompile(`SPECTROCLOUD_APIKEY\s*=`),
}

// TestExportsHoldNoSecrets renders every format while credentials sit in the
// environment and in the plan's API key file, and looks for them, and for
// anything shaped like a credential, in the output.
func TestExportsHoldNoSecrets(t *testing.T) {
	const (
		apiKey    = "sk-palette-4f1c2b9e7d"
		accessKey = "AKIAIOSFODNN7EXAMPLE"
		secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	)
	t.Setenv("SPECTROCLOUD_APIKEY", apiKey)
	t.Setenv("AWS_ACCESS_KEY_ID", accessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secretKey)
	keyFile := filepath.Join(t.TempDir(), "palette.key")
	if err := os.WriteFile(keyFile, []byte(apiKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, pl := range plans {
		p := pl.plan()
		p.APIKeyFile = keyFile
		for _, f := range Formats() {
			out := render(t, f, p)
			for _, secret := range []string{apiKey, accessKey, secretKey, keyFile} {
				if strings.Contains(out, secret) {
					t.Errorf("%s/%s contains %q", pl.name, f, secret)
				}
			}
			for _, re := range secretPatterns {
				if loc := re.FindStringIndex(out); loc != nil {
					t.Errorf("%s/%s has something shaped like a credential: %q", pl.name, f, out[loc[0]:loc[1]])
				}
			}
		}
	}
}

func TestTerraformStructure(t *testing.T) {
	for _, pl := range plans {
		t.Run(pl.name, func(t *testing.T) {
			p := pl.plan().WithDefaults()
			out := render(t, Terraform, p)
			if err := balanced(out); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				`resource "aws_iam_policy" "this" {`,
				`resource "aws_iam_role" "this" {`,
				`resource "aws_iam_role_policy_attachment" "this" {`,
				`resource "spectrocloud_backup_storage_location" "this" {`,
				`    credential_type     = "sts"`,
				`    arn                 = aws_iam_role.this.arn`,
				`    external_id         = "` + p.ExternalID + `"`,
				`  context     = "` + p.Scope + `"`,
				`  assume_role_policy = jsonencode({`,
				`  policy = jsonencode({`,
				`  max_session_duration = `,
				`provider "aws" {`,
				`provider "spectrocloud" {`,
				`output "role_arn" {`,
			} {
				if !strings.Contains(out, want) {
					t.Errorf("the Terraform has no line %q", want)
				}
			}
			for _, want := range []string{"sts:ExternalId", p.PaletteAccountID, principalOf(t, p)} {
				if !strings.Contains(out, want) {
					t.Errorf("the trust policy lacks %q", want)
				}
			}
			if p.CACert != "" && !strings.Contains(out, "  ca_cert     = <<-EOT\n    -----BEGIN CERTIFICATE-----\n") {
				t.Error("the CA certificate is not in the location")
			}
			if p.PermissionsBoundary != "" && !strings.Contains(out, `permissions_boundary = "`+p.PermissionsBoundary+`"`) {
				t.Error("the permissions boundary is missing")
			}
		})
	}
}

func principalOf(t *testing.T, p steps.Plan) string {
	m, err := newModel(p)
	if err != nil {
		t.Fatal(err)
	}
	return principal(m.accountAStatement)
}

// balanced checks that (), [] and {} nest properly outside strings, comments
// and heredocs.
func balanced(hcl string) error {
	var stack []byte
	pairs := map[byte]byte{')': '(', ']': '[', '}': '{'}
	lines := strings.Split(hcl, "\n")
	for n := 0; n < len(lines); n++ {
		line := lines[n]
		inString := false
		for i := 0; i < len(line); i++ {
			c := line[i]
			switch {
			case inString && c == '\\':
				i++
			case c == '"':
				inString = !inString
			case inString:
			case c == '#':
				i = len(line)
			case c == '<' && strings.HasPrefix(line[i:], "<<-"):
				marker := strings.TrimSpace(line[i+3:])
				for n++; n < len(lines) && strings.TrimSpace(lines[n]) != marker; n++ {
				}
				i = len(line)
			case c == '(' || c == '[' || c == '{':
				stack = append(stack, c)
			case c == ')' || c == ']' || c == '}':
				if len(stack) == 0 || stack[len(stack)-1] != pairs[c] {
					return errors.New("unbalanced " + string(c) + " on line " + line)
				}
				stack = stack[:len(stack)-1]
			}
		}
		if inString {
			return errors.New("unterminated string on line " + line)
		}
	}
	if len(stack) > 0 {
		return errors.New("unclosed " + string(stack))
	}
	return nil
}

func TestTerraformIsFormatted(t *testing.T) {
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not installed")
	}
	dir := t.TempDir()
	for _, pl := range plans {
		path := filepath.Join(dir, pl.name+".tf")
		if err := os.WriteFile(path, []byte(render(t, Terraform, pl.plan())), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rc := filepath.Join(t.TempDir(), "terraform.rc") // an empty CLI configuration: no plugins needed
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(terraform, "fmt", "-check", "-diff", "-no-color", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("terraform fmt -check: %v\n%s", err, out)
	}
}

// cfnTemplate is the part of a template the tests read.
type cfnTemplate struct {
	AWSTemplateFormatVersion string
	Resources                map[string]struct {
		Type       string
		Properties map[string]json.RawMessage
	}
	Outputs map[string]struct{ Value json.RawMessage }
}

func TestCloudFormationTemplate(t *testing.T) {
	for _, pl := range plans {
		t.Run(pl.name, func(t *testing.T) {
			p := pl.plan().WithDefaults()
			m, err := newModel(p)
			if err != nil {
				t.Fatal(err)
			}
			js, err := yaml.YAMLToJSON([]byte(render(t, CloudFormation, p)))
			if err != nil {
				t.Fatalf("the template is not YAML: %v", err)
			}
			var tpl cfnTemplate
			if err := json.Unmarshal(js, &tpl); err != nil {
				t.Fatal(err)
			}
			if tpl.AWSTemplateFormatVersion != "2010-09-09" {
				t.Errorf("AWSTemplateFormatVersion = %q", tpl.AWSTemplateFormatVersion)
			}
			policy, role := tpl.Resources[cfnPolicy], tpl.Resources[cfnRole]
			if policy.Type != "AWS::IAM::ManagedPolicy" || role.Type != "AWS::IAM::Role" {
				t.Fatalf("resource types %q, %q", policy.Type, role.Type)
			}
			if doc := string(policy.Properties["PolicyDocument"]); !iampolicy.Equivalent(doc, m.policyDoc) {
				t.Errorf("PolicyDocument = %s, want %s", doc, m.policyDoc)
			}
			trust := mustTrust(t, string(role.Properties["AssumeRolePolicyDocument"]))
			if trust.Len() != 2 || !trust.HasPalette(m.partition, p.PaletteAccountID, p.ExternalID) || !trust.HasAccountA(m.partition, p.AccountA) {
				t.Errorf("AssumeRolePolicyDocument = %s", trust.JSON())
			}
			wantProps := map[string]string{
				"RoleName":           quoteJSON(p.RoleName),
				"Path":               quoteJSON(p.RolePath),
				"Description":        quoteJSON(p.RoleDescription),
				"MaxSessionDuration": itoaJSON(p.MaxSessionDuration),
				"ManagedPolicyArns":  `[{"Ref":"BackupPolicy"}]`,
				"Tags":               `[{"Key":"bslwiz:location","Value":"` + p.LocationName + `"},{"Key":"bslwiz:managed-by","Value":"bslwiz"}]`,
			}
			if p.PermissionsBoundary != "" {
				wantProps["PermissionsBoundary"] = quoteJSON(p.PermissionsBoundary)
			}
			for k, want := range wantProps {
				if got := string(role.Properties[k]); got != want {
					t.Errorf("role %s = %s, want %s", k, got, want)
				}
			}
			if got := string(policy.Properties["ManagedPolicyName"]); got != quoteJSON(p.PolicyName) {
				t.Errorf("ManagedPolicyName = %s", got)
			}
			if got := string(tpl.Outputs["RoleArn"].Value); got != `{"Fn::GetAtt":["BackupRole","Arn"]}` {
				t.Errorf("RoleArn output = %s", got)
			}
			if got := string(tpl.Outputs["PolicyArn"].Value); got != `{"Ref":"BackupPolicy"}` {
				t.Errorf("PolicyArn output = %s", got)
			}
		})
	}
}

func itoaJSON(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestJSONExportRoundTrips(t *testing.T) {
	for _, pl := range plans {
		t.Run(pl.name, func(t *testing.T) {
			p := pl.plan().WithDefaults()
			m, err := newModel(p)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Partition string
				Policy    struct {
					Name, ARN string
					Document  json.RawMessage
				}
				Role struct {
					Name, ARN   string
					TrustPolicy json.RawMessage
				}
				Location struct{ CACert string }
			}
			dec := json.NewDecoder(strings.NewReader(render(t, JSON, p)))
			if err := dec.Decode(&got); err != nil {
				t.Fatalf("the export is not JSON: %v", err)
			}
			trust := mustTrust(t, string(got.Role.TrustPolicy))
			if trust.Len() != 2 || !trust.HasPalette(m.partition, p.PaletteAccountID, p.ExternalID) || !trust.HasAccountA(m.partition, p.AccountA) {
				t.Errorf("trustPolicy = %s; want Palette's and Account A's statements", got.Role.TrustPolicy)
			}
			if !iampolicy.Equivalent(string(got.Policy.Document), m.policyDoc) {
				t.Errorf("policy document = %s, want %s", got.Policy.Document, m.policyDoc)
			}
			if got.Partition != m.partition || got.Policy.Name != p.PolicyName || got.Role.Name != p.RoleName {
				t.Errorf("names: %+v", got)
			}
			if p.AccountB != "" {
				wantRole := "arn:" + m.partition + ":iam::" + p.AccountB + ":role" + p.RolePath + p.RoleName
				if got.Role.ARN != wantRole {
					t.Errorf("role ARN = %q, want %q", got.Role.ARN, wantRole)
				}
			} else if got.Role.ARN != "" || got.Policy.ARN != "" {
				t.Errorf("ARNs without Account B: %q %q", got.Role.ARN, got.Policy.ARN)
			}
			if p.CACert != "" {
				want, err := os.ReadFile(p.CACert)
				if err != nil {
					t.Fatal(err)
				}
				if got.Location.CACert != string(want) {
					t.Errorf("caCert = %q, want the file's PEM", got.Location.CACert)
				}
			}
		})
	}
}

// TestCACertPathOrPEM renders the same certificate given as a path, as pasted
// PEM, and as PEM pasted with indentation and CRLF line ends.
func TestCACertPathOrPEM(t *testing.T) {
	pem, err := os.ReadFile(filepath.Join("testdata", "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	fromPath := render(t, Terraform, govPlan())
	for name, v := range map[string]string{
		"pasted":   string(pem),
		"indented": "  " + strings.ReplaceAll(strings.TrimSpace(string(pem)), "\n", "\r\n  ") + "\r\n",
	} {
		p := govPlan()
		p.CACert = v
		if got := render(t, Terraform, p); got != fromPath {
			t.Errorf("%s PEM renders differently from the path:\n%s", name, lineDiff(fromPath, got))
		}
	}
}
