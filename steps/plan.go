package steps

import (
	"fmt"
	"strings"
)

// Plan holds every input of the wizard. It is what the TUI's forms fill, what
// the headless mode reads from flags, environment and a file, and what the
// exports render. A Plan never holds a secret: the Palette API key and AWS
// credentials live in the backends, never here, so a Plan can be written to
// the journal and printed as it is.
type Plan struct {
	// Step 1: Palette.
	PaletteEndpoint       string `json:"paletteEndpoint,omitempty"`
	Scope                 string `json:"scope,omitempty"` // "project" or "tenant"
	Project               string `json:"project,omitempty"`
	PaletteCAFile         string `json:"paletteCAFile,omitempty"`
	InsecureSkipTLSVerify bool   `json:"insecureSkipTLSVerify,omitempty"`
	APIKeyFile            string `json:"apiKeyFile,omitempty"`

	// Step 3: Add New.
	LocationName string `json:"locationName,omitempty"`
	Provider     string `json:"provider,omitempty"`
	IsDefault    bool   `json:"isDefault,omitempty"`

	// Step 4: the location's fields.
	CACert         string `json:"caCert,omitempty"` // a file path or pasted PEM
	Bucket         string `json:"bucket,omitempty"`
	Region         string `json:"region,omitempty"`
	S3URL          string `json:"s3Url,omitempty"`
	ForcePathStyle bool   `json:"forcePathStyle,omitempty"`

	// Step 5: STS.
	AWSProfile       string `json:"awsProfile,omitempty"`
	AccountB         string `json:"accountB,omitempty"` // expected Account B; optional guard
	Partition        string `json:"partition,omitempty"`
	PaletteAccountID string `json:"paletteAccountId,omitempty"`
	ExternalID       string `json:"externalId,omitempty"`

	// Step 6: Account B policy and role.
	PolicyName          string `json:"policyName,omitempty"`
	PolicyPath          string `json:"policyPath,omitempty"`
	RoleName            string `json:"roleName,omitempty"`
	RolePath            string `json:"rolePath,omitempty"`
	RoleDescription     string `json:"roleDescription,omitempty"`
	PermissionsBoundary string `json:"permissionsBoundary,omitempty"`
	MaxSessionDuration  int    `json:"maxSessionDuration,omitempty"`
	Tagging             bool   `json:"tagging,omitempty"`
	KMSKeyARN           string `json:"kmsKeyArn,omitempty"`

	// Step 9: Account A.
	AccountA       string `json:"accountA,omitempty"` // 12-digit account ID or role ARN
	TrustSizeLimit int    `json:"trustSizeLimit,omitempty"`
	// AccountAProfile is the opt-in profile of Account A's own credentials:
	// bslwiz checks A's half of the assume-role with it, and grants it
	// only when confirmed (steps_accounta.go).
	AccountAProfile string `json:"accountAProfile,omitempty"`
	// Cluster is a cluster of the Palette project: Account A is derived
	// from its cloud account (steps_cluster.go).
	Cluster string `json:"cluster,omitempty"`

	// bucketKMSKey is a fact, never an input: the customer-managed key of
	// the bucket's default encryption, laid in by resolve (facts_bucket.go)
	// so Desired grants it.
	bucketKMSKey string

	// AccessAnalyzer has IAM Access Analyzer check every trust change and
	// the role's policies (opt-in: CheckNoNewAccess is charged per call).
	AccessAnalyzer bool `json:"accessAnalyzer,omitempty"`
}

// BucketKMSKey is the customer-managed key of the bucket's default
// encryption that the plan's facts found ("" when none).
func (p Plan) BucketKMSKey() string { return p.bucketKMSKey }

// WithBucketKMSKey is p with the bucket's key set, as the facts would lay it
// (exports and tests that have no session).
func (p Plan) WithBucketKMSKey(arn string) Plan {
	p.bucketKMSKey = arn
	return p
}

// Defaults used when a Plan field is left empty.
const (
	DefaultEndpoint           = "https://api.spectrocloud.com"
	DefaultProject            = "Default"
	DefaultScope              = "project"
	DefaultProvider           = "aws"
	DefaultPath               = "/"
	DefaultMaxSessionDuration = 3600
	DefaultTrustSizeLimit     = 2048
)

// WithDefaults returns a copy of p with every empty field that has a default
// filled in. Names derived from the location name (role, policy, description)
// are filled only when the location name is known.
func (p Plan) WithDefaults() Plan {
	def := func(s *string, v string) {
		if strings.TrimSpace(*s) == "" {
			*s = v
		}
	}
	def(&p.PaletteEndpoint, DefaultEndpoint)
	def(&p.Scope, DefaultScope)
	if p.Scope == "project" {
		def(&p.Project, DefaultProject)
	}
	def(&p.Provider, DefaultProvider)
	def(&p.PolicyPath, DefaultPath)
	def(&p.RolePath, DefaultPath)
	if p.MaxSessionDuration == 0 {
		p.MaxSessionDuration = DefaultMaxSessionDuration
	}
	if p.TrustSizeLimit == 0 {
		p.TrustSizeLimit = DefaultTrustSizeLimit
	}
	if name := strings.TrimSpace(p.LocationName); name != "" {
		def(&p.RoleName, "bslwiz-"+name)
		def(&p.PolicyName, "bslwiz-"+name+"-backup")
		def(&p.RoleDescription, fmt.Sprintf("Palette backup location %s: lets Palette (STS, external ID) and Account A write Velero backups to s3://%s", name, p.Bucket))
	}
	return p
}

// PolicyDescription is the description of the managed policy, the same in
// apply and in every export.
func (p Plan) PolicyDescription() string {
	return "Velero backups to s3://" + p.Bucket + " for Palette location " + p.LocationName + " (bslwiz)"
}

// Tags returns the tags bslwiz puts on what it creates in Account B, so an
// operator can find them, and so undo can tell them apart from what was there.
func (p Plan) Tags() map[string]string {
	return map[string]string{TagLocation: p.LocationName, "bslwiz:managed-by": "bslwiz"}
}
