package export

import (
	"encoding/json"
	"fmt"
	"strings"
)

// jsonExport is the shape of the json format: the two IAM documents as JSON
// objects (the trust policy final, with both statements), with the names and,
// when the plan names Account B, the ARNs they get.
type jsonExport struct {
	Location  jsonLocation `json:"location"`
	Partition string       `json:"partition"`
	AccountB  string       `json:"accountB,omitempty"`
	AccountA  string       `json:"accountA"`
	Palette   jsonPalette  `json:"palette"`
	Policy    jsonPolicy   `json:"policy"`
	Role      jsonRole     `json:"role"`
	// BucketFindings are the bucket's posture findings (RenderWithFindings).
	BucketFindings []string `json:"bucketFindings,omitempty"`
}

type jsonLocation struct {
	Name           string `json:"name"`
	Scope          string `json:"scope"`
	Project        string `json:"project,omitempty"`
	IsDefault      bool   `json:"isDefault"`
	Bucket         string `json:"bucket"`
	Region         string `json:"region"`
	S3URL          string `json:"s3Url,omitempty"`
	ForcePathStyle bool   `json:"forcePathStyle"`
	CACert         string `json:"caCert,omitempty"`
}

type jsonPalette struct {
	AccountID  string `json:"accountId"`
	ExternalID string `json:"externalId"`
}

type jsonPolicy struct {
	Name        string          `json:"name"`
	Path        string          `json:"path"`
	ARN         string          `json:"arn,omitempty"`
	Description string          `json:"description"`
	Document    json.RawMessage `json:"document"`
}

type jsonRole struct {
	Name                string            `json:"name"`
	Path                string            `json:"path"`
	ARN                 string            `json:"arn,omitempty"`
	Description         string            `json:"description"`
	MaxSessionDuration  int               `json:"maxSessionDuration"`
	PermissionsBoundary string            `json:"permissionsBoundary,omitempty"`
	Tags                map[string]string `json:"tags"`
	TrustPolicy         json.RawMessage   `json:"trustPolicy"`
}

func renderJSON(b *strings.Builder, m *model) error {
	p := m.plan
	out := jsonExport{
		Location: jsonLocation{
			Name: p.LocationName, Scope: p.Scope, IsDefault: p.IsDefault,
			Bucket: p.Bucket, Region: p.Region, S3URL: p.S3URL, ForcePathStyle: p.ForcePathStyle,
			CACert: m.caCertPEM,
		},
		Partition: m.partition,
		AccountB:  p.AccountB,
		AccountA:  p.AccountA,
		Palette:   jsonPalette{AccountID: p.PaletteAccountID, ExternalID: p.ExternalID},
		Policy: jsonPolicy{
			Name: p.PolicyName, Path: p.PolicyPath, ARN: m.policyARN,
			Description: m.policyDescription, Document: json.RawMessage(m.policyDoc),
		},
		Role: jsonRole{
			Name: p.RoleName, Path: p.RolePath, ARN: m.roleARN, Description: p.RoleDescription,
			MaxSessionDuration: p.MaxSessionDuration, PermissionsBoundary: p.PermissionsBoundary,
			Tags: p.Tags(), TrustPolicy: json.RawMessage(m.trustDoc),
		},
	}
	if p.Scope == "project" {
		out.Location.Project = p.Project
	}
	out.BucketFindings = m.findings
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	return nil
}
