package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func TestPlanJSONCarriesTheTrustPolicyAndWhoCanAssumeIt(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "plan", "--output", "json", "--account-a", "444455556666")...)
	if r.code != ExitOK {
		t.Fatalf("plan exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	var res struct {
		RoleARN         string         `json:"roleArn"`
		TrustPolicy     map[string]any `json:"trustPolicy"`
		TrustEvaluation []struct {
			Principal string            `json:"principal"`
			Context   map[string]string `json:"context"`
			Decision  string            `json:"decision"`
			Why       string            `json:"why"`
		} `json:"trustEvaluation"`
	}
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.out)
	}
	if !strings.HasPrefix(res.RoleARN, "arn:aws:iam::111122223333:role/") {
		t.Errorf("roleArn = %q", res.RoleARN)
	}
	if st, _ := res.TrustPolicy["Statement"].([]any); len(st) != 2 {
		t.Errorf("trustPolicy is not the guide's final trust (Palette, then Account A): %v", res.TrustPolicy)
	}
	seen := map[string]int{}
	for _, e := range res.TrustEvaluation {
		seen[e.Decision]++
		if e.Principal == "" || e.Why == "" || e.Context == nil {
			t.Errorf("incomplete entry %+v", e)
		}
	}
	if len(res.TrustEvaluation) < 5 || seen["allowed"] == 0 || seen["denied"] == 0 || seen["allowed"]+seen["denied"] != len(res.TrustEvaluation) {
		t.Errorf("trustEvaluation has %d entries, decisions %v; want at least five, both verdicts", len(res.TrustEvaluation), seen)
	}
}

func TestStatusShowsWhoCanAssumeTheRoleNow(t *testing.T) {
	env := serveSandbox(t)
	useAWSEnv(t, env)
	plan := []string{"--bucket", "acme-velero-backups", "--account-a", "444455556666", "--state-dir", t.TempDir()}
	if r := bslwiz(t, env, "", append([]string{"apply", "--yes", "--name", "prod-backups"}, plan...)...); r.code != ExitOK {
		t.Fatalf("apply: exit %d\n%s", r.code, r.err)
	}
	r := bslwiz(t, env, "", "status", "prod-backups", "--state-dir", plan[len(plan)-1])
	if r.code != ExitOK || !strings.Contains(r.out, "who can assume arn:aws:iam::111122223333:role/bslwiz-prod-backups now") ||
		!strings.Contains(r.out, "Account A 444455556666") {
		t.Fatalf("status shows no who-can-assume table (exit %d):\n%s\n%s", r.code, r.out, r.err)
	}
	// plan on the role as it is: nothing to change, and still the table.
	r = bslwiz(t, env, "", append([]string{"plan", "--name", "prod-backups", "-o", "json"}, plan...)...)
	var pr Result
	if err := json.Unmarshal([]byte(r.out), &pr); err != nil || pr.RoleARN != "arn:aws:iam::111122223333:role/bslwiz-prod-backups" || len(pr.TrustEvaluation) < 5 {
		t.Fatalf("plan after apply: roleArn %q, %d entries (%v)\n%s", pr.RoleARN, len(pr.TrustEvaluation), err, r.out)
	}
	r = bslwiz(t, env, "", "status", "prod-backups", "--state-dir", plan[len(plan)-1], "-o", "json")
	var res Result
	if err := json.Unmarshal([]byte(r.out), &res); err != nil || len(res.TrustEvaluation) < 5 || len(res.TrustPolicy) == 0 {
		t.Fatalf("status json lacks the trust (%v):\n%s", err, r.out)
	}

	// Someone adds a statement that the checks' lint passes (it names a
	// condition on the organization) but that lets every account in:
	// ForAllValues holds without the key. status shows it and fails.
	c := sandboxIAM(env)
	doc := string(res.TrustPolicy)
	doc = doc[:strings.LastIndex(doc, "]")] + `,{"Sid":"Org","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"ForAllValues:StringLike":{"aws:PrincipalOrgPaths":"o-acme/*"}}}]}`
	if _, err := c.UpdateAssumeRolePolicy(context.Background(), &iam.UpdateAssumeRolePolicyInput{RoleName: sdkaws.String("bslwiz-prod-backups"), PolicyDocument: &doc}); err != nil {
		t.Fatal(err)
	}
	r = bslwiz(t, env, "", "status", "prod-backups", "--state-dir", plan[len(plan)-1])
	if r.code != ExitValidation || !strings.Contains(r.out, "a stranger account 999999999999  allowed") || !strings.Contains(r.err, "an account it does not name") {
		t.Fatalf("status after the foreign edit: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
}

func TestApplyJSONCarriesTheTrustItLeaves(t *testing.T) {
	r := bslwiz(t, nil, "", sandboxArgs(t, "apply", "--yes", "--output", "json")...)
	if r.code != ExitOK {
		t.Fatalf("apply exit %d\n%s", r.code, r.err)
	}
	var res Result
	if err := json.Unmarshal([]byte(r.out), &res); err != nil {
		t.Fatal(err)
	}
	// The role is new, created whole (Palette's and Account A's statements
	// in one CreateRole): step 9, the last trust preview, changes no
	// decision, and exactly those two are let in.
	allowed := map[string]bool{}
	for _, e := range res.TrustEvaluation {
		if e.Before != "" && e.Before != e.Decision {
			t.Errorf("step 9 turned %+v", e)
		}
		if e.Decision == "allowed" {
			allowed[e.Caller] = true
		}
	}
	if len(res.TrustPolicy) == 0 || len(res.TrustEvaluation) < 5 || len(allowed) != 2 || !allowed["Account A"] || !allowed["Palette, your external ID"] {
		t.Fatalf("apply json: trustPolicy %s, %d entries, allowed %v", res.TrustPolicy, len(res.TrustEvaluation), allowed)
	}
}
