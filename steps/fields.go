package steps

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bslwiz/bslwiz/internal/boundedfile"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/rules"
)

// Kind says how a field is entered.
type Kind int

// The kinds of field.
const (
	KindText Kind = iota
	KindBool
	KindInt
	KindChoice
	KindRegion
	KindCert
	// KindCluster is a cluster of the Palette project (Session.Clusters).
	KindCluster
)

// Field describes one input of the Plan: where it is asked (Step), its flag
// and environment twin for the headless mode, and the rule that checks it.
// The TUI builds its forms from the same table, so a field has one name, one
// rule and one help text everywhere.
type Field struct {
	Key      string // stable identifier, also the plan-file key
	Label    string
	Step     StepID // the step that asks for it
	Flag     string // without dashes
	Env      string
	Help     string
	Required bool
	Kind     Kind
	Choices  []string
	get      func(*Plan) string
	set      func(*Plan, string) error
	// check validates a non-empty value; it may read other fields of the plan.
	check func(p *Plan, v string) ([]rules.Warning, error)
}

// Get returns the field's value in p as text.
func (f Field) Get(p *Plan) string { return f.get(p) }

// Set parses v into p.
func (f Field) Set(p *Plan, v string) error {
	if err := f.set(p, v); err != nil {
		return fmt.Errorf("--%s: %w", f.Flag, err)
	}
	return nil
}

// Check validates the field's current value in p. An empty optional field is
// valid; an empty required field is an error that names the flag and the
// environment variable that would fill it.
func (f Field) Check(p *Plan) ([]rules.Warning, error) {
	v := strings.TrimSpace(f.get(p))
	if v == "" || (f.Kind == KindInt && v == "0") {
		if f.Required {
			return nil, &rules.Error{Field: f.Label, Value: "", Rule: "is required"}
		}
		return nil, nil
	}
	if f.check == nil {
		return nil, nil
	}
	return f.check(p, v)
}

// accessor reads and writes one field of a Plan as text.
type accessor struct {
	get func(*Plan) string
	set func(*Plan, string) error
}

func str(field func(*Plan) *string) accessor {
	return accessor{func(p *Plan) string { return *field(p) },
		func(p *Plan, v string) error { *field(p) = strings.TrimSpace(v); return nil }}
}

func boolean(field func(*Plan) *bool) accessor {
	return accessor{func(p *Plan) string { return strconv.FormatBool(*field(p)) },
		func(p *Plan, v string) error {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			*field(p) = b
			return nil
		}}
}

func integer(field func(*Plan) *int) accessor {
	return accessor{func(p *Plan) string { return strconv.Itoa(*field(p)) },
		func(p *Plan, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not a whole number", v)
			}
			*field(p) = n
			return nil
		}}
}

func plain(fn func(string) error) func(*Plan, string) ([]rules.Warning, error) {
	return func(_ *Plan, v string) ([]rules.Warning, error) { return nil, fn(v) }
}

func field(key, label string, step StepID, flag, env, help string, required bool, kind Kind,
	acc accessor, check func(*Plan, string) ([]rules.Warning, error)) Field {
	return Field{Key: key, Label: label, Step: step, Flag: flag, Env: env, Help: help,
		Required: required, Kind: kind, get: acc.get, set: acc.set, check: check}
}

// Fields lists every field of the Plan in the order the guide asks for them.
// The slice is the caller's; the fields' Choices are shared.
func Fields() []Field { return slices.Clone(allFields()) }

// allFields is the field list, built once: the wizard looks fields up on
// every frame it draws, and building the list with its closures each time
// cost about 340 kB of allocations before the first frame alone.
var allFields = sync.OnceValue(buildFields)

func buildFields() []Field {
	return []Field{
		field("paletteEndpoint", "Palette endpoint", StepPalette, "palette-endpoint", "SPECTROCLOUD_HOST",
			"Palette API endpoint: the SaaS default, or your self-hosted Palette's URL", true, KindText, str(func(p *Plan) *string { return &p.PaletteEndpoint }), plain(checkEndpoint)),
		{Key: "scope", Label: "Scope", Step: StepPalette, Flag: "scope", Env: "BSLWIZ_SCOPE",
			Help: "where the location lives: a project (Project Settings) or the tenant", Required: true,
			Kind: KindChoice, Choices: []string{"project", "tenant"},
			get: func(p *Plan) string { return p.Scope },
			set: func(p *Plan, v string) error { p.Scope = strings.TrimSpace(v); return nil },
			check: plain(func(v string) error {
				if v != "project" && v != "tenant" {
					return &rules.Error{Field: "scope", Value: v, Rule: "must be project or tenant"}
				}
				return nil
			})},
		field("project", "Project", StepPalette, "project", "BSLWIZ_PROJECT",
			"Palette project that owns the location", false, KindText, str(func(p *Plan) *string { return &p.Project }), nil),
		field("paletteCAFile", "Palette CA bundle", StepPalette, "palette-ca-file", "BSLWIZ_PALETTE_CA_FILE",
			"PEM bundle that signs a self-hosted Palette's certificate", false, KindText, str(func(p *Plan) *string { return &p.PaletteCAFile }), checkCAFile),
		field("apiKeyFile", "API key file", StepPalette, "api-key-file", "BSLWIZ_API_KEY_FILE",
			"file holding the Palette API key (or set SPECTROCLOUD_APIKEY); the key itself is never a flag", false, KindText, str(func(p *Plan) *string { return &p.APIKeyFile }), plain(checkReadable)),
		field("insecureSkipTLSVerify", "Skip TLS verification", StepPalette, "insecure-skip-tls-verify", "BSLWIZ_INSECURE_SKIP_TLS_VERIFY",
			"do not verify Palette's certificate (warns on every use)", false, KindBool, boolean(func(p *Plan) *bool { return &p.InsecureSkipTLSVerify }), nil),

		field("locationName", "Location name", StepAddNew, "name", "BSLWIZ_NAME",
			"name of the backup location in Palette", true, KindText, str(func(p *Plan) *string { return &p.LocationName }), plain(rules.LocationName)),
		{Key: "provider", Label: "Location provider", Step: StepAddNew, Flag: "provider", Env: "BSLWIZ_PROVIDER",
			Help: "only AWS can be validated through STS", Required: true, Kind: KindChoice,
			Choices: []string{"aws", "minio", "gcp", "azure"},
			get:     func(p *Plan) string { return p.Provider },
			set:     func(p *Plan, v string) error { p.Provider = strings.ToLower(strings.TrimSpace(v)); return nil },
			check:   plain(checkProvider)},
		field("isDefault", "Default location", StepAddNew, "default", "BSLWIZ_DEFAULT",
			"make this the project's default backup location", false, KindBool, boolean(func(p *Plan) *bool { return &p.IsDefault }), nil),

		field("caCert", "Certificate", StepFields, "ca-cert", "BSLWIZ_CA_CERT",
			"optional CA certificate of the S3 service: a file path or pasted PEM", false, KindCert, str(func(p *Plan) *string { return &p.CACert }), checkCACert),
		field("bucket", "S3 bucket", StepFields, "bucket", "BSLWIZ_BUCKET",
			"existing bucket in Account B", true, KindText, str(func(p *Plan) *string { return &p.Bucket }), func(_ *Plan, v string) ([]rules.Warning, error) {
				if err := rules.BucketName(v); err != nil {
					return nil, err
				}
				return rules.BucketNameWarnings(v), nil
			}),
		field("region", "Region", StepFields, "region", "BSLWIZ_REGION",
			"region of the bucket; detected from the bucket when left empty", false, KindRegion, str(func(p *Plan) *string { return &p.Region }), checkRegion),
		field("s3Url", "S3 URL", StepFields, "s3-url", "BSLWIZ_S3_URL",
			"optional custom S3 endpoint; usually needs force path style", false, KindText, str(func(p *Plan) *string { return &p.S3URL }), func(_ *Plan, v string) ([]rules.Warning, error) { return rules.S3URL(v) }),
		field("forcePathStyle", "Force S3 path style", StepFields, "force-path-style", "BSLWIZ_FORCE_PATH_STYLE",
			"address the bucket as https://host/bucket (select it when an S3 URL is given)", false, KindBool, boolean(func(p *Plan) *bool { return &p.ForcePathStyle }), nil),

		field("awsProfile", "AWS profile (Account B)", StepSTS, "aws-profile", "BSLWIZ_AWS_PROFILE",
			"profile for Account B; empty uses the SDK default chain (AWS_PROFILE, SSO, env, instance role)", false, KindText, str(func(p *Plan) *string { return &p.AWSProfile }), plain(rules.AWSProfile)),
		field("accountB", "Account B", StepSTS, "account-b", "BSLWIZ_ACCOUNT_B",
			"expected Account B ID; bslwiz refuses to change any other account", false, KindText, accountText(func(p *Plan) *string { return &p.AccountB }), plain(rules.AccountID)),
		field("paletteAccountId", "Palette account ID", StepSTS, "palette-account-id", "BSLWIZ_PALETTE_ACCOUNT_ID",
			"Palette's AWS account; fetched from Palette", false, KindText, accountText(func(p *Plan) *string { return &p.PaletteAccountID }), plain(rules.AccountID)),
		field("externalId", "External ID", StepSTS, "external-id", "BSLWIZ_EXTERNAL_ID",
			"Palette's external ID for your tenant; fetched from Palette", false, KindText, str(func(p *Plan) *string { return &p.ExternalID }), plain(rules.ExternalID)),

		field("policyName", "Policy name", StepRole, "policy-name", "BSLWIZ_POLICY_NAME",
			"managed policy with the guide's permissions", true, KindText, str(func(p *Plan) *string { return &p.PolicyName }), plain(rules.PolicyName)),
		field("policyPath", "Policy path", StepRole, "policy-path", "BSLWIZ_POLICY_PATH",
			"IAM path of the policy", false, KindText, str(func(p *Plan) *string { return &p.PolicyPath }), plain(rules.PolicyPath)),
		field("roleName", "Role name", StepRole, "role-name", "BSLWIZ_ROLE_NAME",
			"IAM role Palette and Account A assume", true, KindText, str(func(p *Plan) *string { return &p.RoleName }), plain(rules.RoleName)),
		field("rolePath", "Role path", StepRole, "role-path", "BSLWIZ_ROLE_PATH",
			"IAM path of the role", false, KindText, str(func(p *Plan) *string { return &p.RolePath }), plain(rules.RolePath)),
		field("roleDescription", "Role description", StepRole, "role-description", "BSLWIZ_ROLE_DESCRIPTION",
			"description shown in the IAM console", false, KindText, str(func(p *Plan) *string { return &p.RoleDescription }), plain(rules.RoleDescription)),
		field("permissionsBoundary", "Permissions boundary", StepRole, "permissions-boundary", "BSLWIZ_PERMISSIONS_BOUNDARY",
			"optional policy ARN set as the role's permissions boundary", false, KindText, str(func(p *Plan) *string { return &p.PermissionsBoundary }), plain(checkPolicyARN)),
		field("maxSessionDuration", "Max session duration (s)", StepRole, "max-session-duration", "BSLWIZ_MAX_SESSION_DURATION",
			"3600 to 43200 seconds; 43200 (12 h) for large clusters, as Palette's docs advise: their backups can outlast a 1-hour session", false, KindInt, integer(func(p *Plan) *int { return &p.MaxSessionDuration }), func(_ *Plan, v string) ([]rules.Warning, error) {
				n, _ := strconv.Atoi(v)
				return nil, rules.MaxSessionDuration(n)
			}),
		field("tagging", "Allow object tagging", StepRole, "tagging", "BSLWIZ_TAGGING",
			"add s3:PutObjectTagging (Velero's config.tagging)", false, KindBool, boolean(func(p *Plan) *bool { return &p.Tagging }), nil),
		field("kmsKeyArn", "KMS key ARN", StepRole, "kms-key-arn", "BSLWIZ_KMS_KEY_ARN",
			"optional customer-managed KMS key the bucket or volumes use", false, KindText, str(func(p *Plan) *string { return &p.KMSKeyARN }), plain(checkKMSARN)),

		field("cluster", "Cluster", StepAppendAccountA, "cluster", "BSLWIZ_CLUSTER",
			"a cluster of the Palette project: Account A is read from its cloud account", false, KindCluster,
			str(func(p *Plan) *string { return &p.Cluster }), nil),
		field("accountA", "Account A", StepAppendAccountA, "account-a", "BSLWIZ_ACCOUNT_A",
			"the cluster's account: a 12-digit ID, or a role ARN to trust only that role", true, KindText, accountText(func(p *Plan) *string { return &p.AccountA }), checkAccountA),
		field("accountAProfile", "Account A profile", StepAppendAccountA, "account-a-profile", "BSLWIZ_ACCOUNT_A_PROFILE",
			"optional AWS profile of Account A: check (and, confirmed, grant) its side of the assume-role", false, KindText,
			str(func(p *Plan) *string { return &p.AccountAProfile }), checkAccountAProfile),
		field("trustSizeLimit", "Trust policy quota", StepAppendAccountA, "trust-size-limit", "BSLWIZ_TRUST_SIZE_LIMIT",
			"ACLSizePerRole quota of Account B: 2048, or 4096 when raised", false, KindInt, integer(func(p *Plan) *int { return &p.TrustSizeLimit }), plain(func(v string) error {
				if v != "2048" && v != "4096" {
					return &rules.Error{Field: "trust size limit", Value: v, Rule: "must be 2048 (default quota) or 4096 (raised quota)"}
				}
				return nil
			})),
		field("accessAnalyzer", "IAM Access Analyzer", StepAppendAccountA, "access-analyzer", "BSLWIZ_ACCESS_ANALYZER",
			"validate the role's policies and every trust change with IAM Access Analyzer (CheckNoNewAccess is charged per call)", false, KindBool,
			boolean(func(p *Plan) *bool { return &p.AccessAnalyzer }), nil),
	}
}

// FieldByKey returns the field with the given key.
func FieldByKey(key string) (Field, bool) {
	for _, f := range allFields() {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// FieldsOfStep returns the fields asked for in step id.
func FieldsOfStep(id StepID) []Field {
	var out []Field
	for _, f := range allFields() {
		if f.Step == id {
			out = append(out, f)
		}
	}
	return out
}

func checkEndpoint(v string) error {
	if strings.ContainsAny(v, " \t") {
		return &rules.Error{Field: "Palette endpoint", Value: v, Rule: "must not contain spaces"}
	}
	// The client's own rules (scheme, host, no credentials, query or
	// fragment), at the field: a prompt refuses what the sign-in would.
	if _, err := palette.NormalizeEndpoint(v); err != nil {
		_, rule, _ := strings.Cut(err.Error(), ": ")
		shown := v
		if u, perr := url.Parse(v); perr == nil && u.User != nil {
			shown = u.Redacted() // a password in the URL is not shown back
		}
		return &rules.Error{Field: "Palette endpoint", Value: shown, Rule: rule}
	}
	if strings.HasPrefix(v, "http://") && !isLoopbackURL(v) {
		return &rules.Error{Field: "Palette endpoint", Value: v, Rule: "must use https (plain http only on loopback)"}
	}
	return nil
}

func isLoopbackURL(v string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func checkProvider(v string) error {
	switch v {
	case "aws":
		return nil
	case "minio", "gcp", "azure":
		return &rules.Error{Field: "location provider", Value: v,
			Rule: "only AWS can be validated through STS; add " + v + " locations with the Credentials method in Palette"}
	}
	return &rules.Error{Field: "location provider", Value: v, Rule: "must be aws (STS is AWS-only)"}
}

func checkRegion(p *Plan, v string) ([]rules.Warning, error) {
	part, err := rules.Region(v)
	if err != nil {
		return nil, err
	}
	if p.Partition != "" && p.Partition != part {
		return nil, &rules.Error{Field: "region", Value: v,
			Rule: fmt.Sprintf("is in partition %s, but Account B is in %s", part, p.Partition)}
	}
	return nil, nil
}

func checkAccountA(p *Plan, v string) ([]rules.Warning, error) {
	if err := rules.AccountAPrincipal(v); err != nil {
		return nil, err
	}
	// Every form names an account (ID, root ARN, role ARN): compare that
	// account, never the text, so arn:aws:iam::<Palette>:root cannot pass as
	// something other than Palette's account.
	acct, _ := rules.PrincipalAccount(v)
	if p.PaletteAccountID != "" && acct == p.PaletteAccountID {
		return nil, &rules.Error{Field: "Account A", Value: v,
			Rule: "is in Palette's own account " + acct + "; trusting it without the external ID would let any Palette tenant assume the role (Account A is the cluster's account)"}
	}
	if p.AccountB != "" && acct == p.AccountB {
		return nil, &rules.Error{Field: "Account A", Value: v, Rule: "is in Account B itself; Account A is the cluster's account"}
	}
	if len(v) == 12 {
		return []rules.Warning{{Field: "Account A", Value: v,
			Rule: "trusts the whole account (:root); a role ARN such as arn:aws:iam::" + v + ":role/SpectroCloudRole is tighter"}}, nil
	}
	return nil, nil
}

func checkPolicyARN(v string) error {
	if !strings.HasPrefix(v, "arn:") || !strings.Contains(v, ":policy/") {
		return &rules.Error{Field: "permissions boundary", Value: v, Rule: "must be a managed policy ARN (arn:<partition>:iam::<account>:policy/<name>)"}
	}
	return nil
}

func checkKMSARN(v string) error {
	if !strings.HasPrefix(v, "arn:") || !strings.Contains(v, ":kms:") || !strings.Contains(v, ":key/") {
		return &rules.Error{Field: "KMS key ARN", Value: v, Rule: "must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)"}
	}
	return nil
}

func checkReadable(v string) error {
	f, err := boundedfile.Open(v)
	if err != nil {
		return &rules.Error{Field: "file", Value: v, Rule: "cannot be read: " + cleanOSError(err)}
	}
	return f.Close()
}

func checkCAFile(_ *Plan, v string) ([]rules.Warning, error) {
	b, err := boundedfile.Read(v, MaxCAFileSize)
	if err != nil {
		return nil, &rules.Error{Field: "Palette CA bundle", Value: v, Rule: "cannot be read: " + cleanOSError(err)}
	}
	return rules.CACert(string(b))
}

func checkCACert(_ *Plan, v string) ([]rules.Warning, error) {
	pem, err := CACertPEM(v)
	if err != nil {
		return nil, err
	}
	return rules.CACert(pem)
}

// MaxCAFileSize bounds what is read of a CA bundle or certificate file.
const MaxCAFileSize = 4 << 20

// CACertPEM returns the PEM text of the certificate field: the value itself
// when it is pasted PEM, or the contents of the file it names.
//
// PEM pasted on one line (a single-line field, a flag) gets its line breaks
// back, so every face accepts the same text.
func CACertPEM(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" || strings.Contains(v, "-----BEGIN") {
		return UnflattenPEM(v), nil
	}
	b, err := boundedfile.Read(v, MaxCAFileSize)
	if err != nil {
		return "", &rules.Error{Field: "certificate", Value: v, Rule: "is neither PEM nor a readable file: " + cleanOSError(err)}
	}
	return string(b), nil
}

func cleanOSError(err error) string {
	var pe *os.PathError
	if ok := asPathError(err, &pe); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
