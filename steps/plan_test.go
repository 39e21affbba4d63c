package steps

import (
	"strings"
	"testing"
)

func validPlan() Plan {
	return Plan{LocationName: "prod-backups", Bucket: "acme-velero-backups", Region: "us-east-2", AccountA: "444455556666"}
}

func TestPlanValidateNamesTheRuleAndTheFlag(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Plan)
		want []string // substrings of the error
	}{
		{"valid", func(*Plan) {}, nil},
		{"bucket with capitals", func(p *Plan) { p.Bucket = "My_Bucket" }, []string{`bucket name "My_Bucket"`, "--bucket", "$BSLWIZ_BUCKET"}},
		{"11-digit account", func(p *Plan) { p.AccountA = "44445555666" }, []string{"44445555666", "--account-a"}},
		{"missing name", func(p *Plan) { p.LocationName = "" }, []string{"Location name", "is required", "--name"}},
		{"non-AWS provider", func(p *Plan) { p.Provider = "gcp" }, []string{"only AWS can be validated through STS"}},
		{"region in another partition", func(p *Plan) { p.Partition = "aws-us-gov" }, []string{"us-east-2", "aws-us-gov"}},
		{"account A is Account B", func(p *Plan) { p.AccountB = "444455556666" }, []string{"Account B itself"}},
		{"http endpoint", func(p *Plan) { p.PaletteEndpoint = "http://palette.example.com" }, []string{"must use https"}},
		{"ftp endpoint", func(p *Plan) { p.PaletteEndpoint = "ftp://palette" }, []string{`Palette endpoint "ftp://palette": scheme must be https or http`}},
		{"endpoint with credentials", func(p *Plan) { p.PaletteEndpoint = "https://me:s3cret@palette.example.com" }, []string{"https://me:xxxxx@palette.example.com", "credentials in the URL are not allowed"}},
		{"endpoint with a query", func(p *Plan) { p.PaletteEndpoint = "https://palette.example.com/?x=1" }, []string{"must not have a query or fragment"}},
		{"cert not PEM", func(p *Plan) { p.CACert = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----" }, []string{"certificate"}},
		{"two problems at once", func(p *Plan) { p.Bucket = "a"; p.AccountA = "1" }, []string{"bucket name", "Account A", "2 rules"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := validPlan()
			tc.edit(&p)
			err := p.Validate().Err()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("valid plan: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("invalid plan passed")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestValidateThroughChecksOnlyTheFieldsUpToTheStep: a later step's field
// that breaks its rule does not fail an earlier step (the wizard reaches the
// step that asks for it), unless an earlier step reads it: Account A goes
// is told from the signed-in account at STS and goes into the role's trust.
func TestValidateThroughChecksOnlyTheFieldsUpToTheStep(t *testing.T) {
	p := Plan{LocationName: "x1", Bucket: "Acme_Bad", AccountA: "123"}
	if ps := p.ValidateThrough(StepPalette); !ps.OK() {
		t.Fatalf("step 1 fails for later steps' fields: %v", ps.Err())
	}
	if ps := p.ValidateThrough(StepAddNew); !ps.OK() {
		t.Fatalf("step 3 fails for later steps' fields: %v", ps.Err())
	}
	ps := p.ValidateThrough(StepFields)
	if len(ps.Errors) != 1 || ps.Errors[0].Field.Key != "bucket" {
		t.Fatalf("step 4: %v, want only the bucket's rule", ps.Err())
	}
	p.Bucket = "acme-backups"
	p.Region = "us-east-1"
	p.AccountB = "111122223333"
	ps = p.ValidateThrough(StepSTS)
	if len(ps.Errors) != 1 || ps.Errors[0].Field.Key != "accountA" {
		t.Fatalf("step 5 reads Account A: %v, want its rule", ps.Err())
	}
	p.AccountA = ""
	if ps := p.ValidateThrough(StepSTS); !ps.OK() {
		t.Fatalf("step 5 must not require Account A yet: %v", ps.Err())
	}
	if ps := p.ValidateThrough(StepAddNew); !ps.OK() {
		t.Fatalf("step 3 must not require the bucket yet: %v", ps.Err())
	}
	p.Bucket = ""
	if ps := p.ValidateThrough(StepFields); ps.OK() {
		t.Fatal("step 4 requires the bucket")
	}
}

func TestWithDefaultsDerivesNamesFromTheLocation(t *testing.T) {
	p := validPlan().WithDefaults()
	if p.RoleName != "bslwiz-prod-backups" || p.PolicyName != "bslwiz-prod-backups-backup" || p.Project != "Default" ||
		p.PaletteEndpoint != DefaultEndpoint || p.TrustSizeLimit != 2048 || p.MaxSessionDuration != 3600 {
		t.Fatalf("defaults: %+v", p)
	}
	if err := p.Validate().Err(); err != nil {
		t.Fatalf("defaults break a rule: %v", err)
	}
}

func TestEveryFieldHasAFlagAnEnvTwinAndAHelp(t *testing.T) {
	flags, envs := map[string]bool{}, map[string]bool{}
	for _, f := range Fields() {
		if f.Flag == "" || f.Env == "" || f.Help == "" || f.Label == "" || !stepKnown(f.Step) {
			t.Errorf("field %s is incomplete: %+v", f.Key, f)
		}
		if flags[f.Flag] || envs[f.Env] {
			t.Errorf("field %s reuses a flag or env name", f.Key)
		}
		flags[f.Flag], envs[f.Env] = true, true
		var p Plan
		v := map[Kind]string{KindBool: "true", KindInt: "4096"}[f.Kind]
		if v == "" {
			v = "x"
		}
		if err := f.Set(&p, v); err != nil {
			t.Errorf("field %s: Set(%q): %v", f.Key, v, err)
		}
		if got := f.Get(&p); got != v {
			t.Errorf("field %s: Get after Set(%q) = %q", f.Key, v, got)
		}
	}
	for _, st := range registry() {
		for _, k := range st.Fields {
			if f, ok := FieldByKey(k); !ok || f.Step != st.ID {
				t.Errorf("step %s asks for field %q, which the field table gives step %q", st.ID, k, f.Step)
			}
		}
	}
}

func FuzzFieldSetAndCheck(f *testing.F) {
	for _, s := range []string{"", "x", "My_Bucket", "444455556666", "arn:aws:iam::444455556666:role/R", "true", "4096", "http://[::1]:80", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, fl := range Fields() {
			p := validPlan()
			if err := fl.Set(&p, v); err != nil {
				continue
			}
			_, _ = fl.Check(&p)
			_ = p.Validate()
		}
	})
}

func stepKnown(id StepID) bool { _, ok := Lookup(id); return ok }

// TestAPasswordInThePaletteEndpointIsNotShownBack: the rule that refuses
// credentials in the URL names the URL redacted.
func TestAPasswordInThePaletteEndpointIsNotShownBack(t *testing.T) {
	p := validPlan()
	p.PaletteEndpoint = "https://me:s3cret@palette.example.com"
	err := p.Validate().Err()
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v", err)
	}
}
