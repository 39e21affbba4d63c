package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/rules"
	"github.com/bslwiz/bslwiz/steps"
)

// requiredKeys are the Plan fields an export cannot do without, beyond those
// the Plan itself requires: the wizard fetches the Palette account ID and the
// external ID from Palette, but an export runs offline, so they must be given.
var requiredKeys = []string{"locationName", "bucket", "accountA", "paletteAccountId", "externalId"}

// model is a Plan resolved into what every format renders: defaults filled
// in, the partition known, and the IAM documents built once by iampolicy.
type model struct {
	plan      steps.Plan // with defaults
	partition string

	policyDescription string
	policyDoc         string // compact JSON of the permissions policy
	trustDoc          string // compact JSON of the final trust policy: Palette and Account A
	paletteTrustDoc   string // compact JSON of the trust policy the role is created with (guide step 6)
	paletteStatement  jsonValue
	accountAStatement jsonValue

	caCertPEM string // "" when none; otherwise ends with one newline
	tags      []tag  // sorted by key

	// roleARN and policyARN are known only when the plan names Account B;
	// the formats that create the resources read them back instead.
	roleARN, policyARN string

	// findings are the bucket's posture findings, one line each (findings.go).
	findings []string
}

type tag struct{ Key, Value string }

// newModel checks p and resolves it. The error lists every missing or
// invalid field at once and unwraps to *steps.InvalidPlanError.
func newModel(in steps.Plan) (*model, error) {
	p := in.WithDefaults()
	if err := checkPlan(p); err != nil {
		return nil, err
	}
	return resolve(p)
}

// resolve builds the model of p, which has its defaults, without checking its
// rules: the renderers must be safe for any value that resolves (the rules are
// one fence, the escaping another), and the tests feed them hostile ones.
func resolve(p steps.Plan) (*model, error) {
	// The documents, ARNs and tags apply makes: one derivation for both.
	want, err := steps.Desired(p)
	if err != nil {
		return nil, err
	}
	m := &model{plan: p, partition: want.Partition, policyDoc: want.PolicyDocument,
		policyDescription: p.PolicyDescription(), paletteTrustDoc: want.PaletteTrust, trustDoc: want.Trust,
		roleARN: want.RoleARN, policyARN: want.PolicyARN}

	if m.paletteStatement, err = onlyStatement(m.paletteTrustDoc); err != nil {
		return nil, fmt.Errorf("palette trust statement: %w", err)
	}
	accountA := iampolicy.NewTrust()
	if _, err := accountA.EnsureAccountA(m.partition, p.AccountA); err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	if m.accountAStatement, err = onlyStatement(accountA.JSON()); err != nil {
		return nil, fmt.Errorf("account A trust statement: %w", err)
	}

	if p.CACert != "" {
		pem, err := steps.CACertPEM(p.CACert)
		if err != nil {
			return nil, err
		}
		m.caCertPEM = normalizePEM(pem)
	}

	for k, v := range want.Tags {
		m.tags = append(m.tags, tag{k, v})
	}
	sort.Slice(m.tags, func(i, j int) bool { return m.tags[i].Key < m.tags[j].Key })

	return m, nil
}

// checkPlan validates p (with defaults) and adds an error for each field an
// export needs that is empty.
func checkPlan(p steps.Plan) error {
	problems := p.Validate()
	broken := map[string]bool{}
	for _, fe := range problems.Errors {
		broken[fe.Field.Key] = true
	}
	for _, key := range requiredKeys {
		f, ok := steps.FieldByKey(key)
		if !ok {
			return fmt.Errorf("plan has no field %q", key)
		}
		if broken[key] || strings.TrimSpace(f.Get(&p)) != "" {
			continue
		}
		problems.Errors = append(problems.Errors, steps.FieldError{Field: f,
			Err: &rules.Error{Field: f.Label, Rule: "is required to export (Palette shows it when you choose STS)"}})
	}
	return problems.Err()
}

// onlyStatement returns the single statement of a trust document.
func onlyStatement(doc string) (jsonValue, error) {
	v, err := parseJSON(doc)
	if err != nil {
		return jsonValue{}, err
	}
	st, ok := v.get("Statement")
	if !ok || st.kind != jsonArray || len(st.items) != 1 {
		return jsonValue{}, fmt.Errorf("want one statement in %s", doc)
	}
	return st.items[0], nil
}

// principal returns the AWS principal of a trust statement.
func principal(st jsonValue) string {
	pr, _ := st.get("Principal")
	aws, _ := pr.get("AWS")
	return aws.text
}

// normalizePEM trims the blanks that pasting adds around PEM lines, which PEM
// ignores, and ends the text with one newline; "" stays "".
func normalizePEM(pem string) string {
	var lines []string
	for _, line := range strings.Split(pem, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
