package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
)

func TestPlanFileValuesAreTakenAsWritten(t *testing.T) {
	cases := []struct {
		name, file string
		check      func(p steps.Plan) bool
	}{
		{"a numeric role name stays digits", "roleName: 123456789\n", func(p steps.Plan) bool { return p.RoleName == "123456789" }},
		{"an account ID is not a float", "accountA: 444455556666\naccountB: 111122223333\n", func(p steps.Plan) bool {
			return p.AccountA == "444455556666" && p.AccountB == "111122223333"
		}},
		{"JSON numbers too", `{"roleName": 123456789, "accountA": 444455556666}`, func(p steps.Plan) bool {
			return p.RoleName == "123456789" && p.AccountA == "444455556666"
		}},
		{"a leading zero survives", "policyName: 0123\n", func(p steps.Plan) bool { return p.PolicyName == "0123" }},
		{"an exponent as written", "roleName: 1e3\n", func(p steps.Plan) bool { return p.RoleName == "1e3" }},
		{"a whole number field", "maxSessionDuration: 7200\n", func(p steps.Plan) bool { return p.MaxSessionDuration == 7200 }},
		{"a boolean, YAML 1.1 style", "isDefault: yes\ntagging: false\n", func(p steps.Plan) bool { return p.IsDefault && !p.Tagging }},
		{"null is empty", "bucket: ~\n", func(p steps.Plan) bool { return p.Bucket == "" }},
		{"an empty file", "", func(p steps.Plan) bool { return p == steps.Plan{} }},
		{"only comments", "# nothing yet\n", func(p steps.Plan) bool { return p == steps.Plan{} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "plan.yaml")
			os.WriteFile(path, []byte(tc.file), 0o600)
			var p steps.Plan
			if _, err := readPlanFile(&p, path); err != nil {
				t.Fatalf("readPlanFile: %v", err)
			}
			if !tc.check(p) {
				t.Fatalf("plan %+v", p)
			}
		})
	}
}

func TestPlanFileRefusesWhatItCannotTakeAsOnePlan(t *testing.T) {
	cases := []struct{ name, file, msg string }{
		{"a duplicate key", "bucket: a\nregion: us-east-1\nbucket: b\n", `key "bucket" is already given on line 1`},
		{"a duplicate key in JSON", `{"bucket": "a", "bucket": "b"}`, `key "bucket" is already given`},
		{"a second YAML document", "bucket: a\n---\nbucket: b\n", "more than one plan"},
		{"trailing JSON", `{"bucket": "a"} {"bucket": "b"}`, "plan file"},
		{"a list as a value", "bucket: [a, b]\n", "must be a single value"},
		{"a map as a value", "bucket:\n  name: a\n", "must be a single value"},
		{"an alias", "bucket: &b a\nroleName: *b\n", "must be a single value"},
		{"a list of plans", "- bucket: a\n", "must be a map"},
		{"an unknown key", "buckett: a\n", `unknown key "buckett"`},
		{"a boolean that is not", "tagging: maybe\n", "not true or false"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "plan.yaml")
			os.WriteFile(path, []byte(tc.file), 0o600)
			var p steps.Plan
			_, err := readPlanFile(&p, path)
			if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("readPlanFile: %v (exit %d), want usage with %q", err, ExitCode(err), tc.msg)
			}
		})
	}
}
