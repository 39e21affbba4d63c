package awstest_test

import (
	"context"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

// TestCrossAccountAssumeRoleNeedsBothHalves is the rule bslwiz's Account A
// step exists for: Account B's trust naming Account A's role is not enough;
// the role in Account A must also be allowed sts:AssumeRole on B's role by an
// identity policy in its own account, and its account's SCPs must not deny
// it. The simulator, asked in Account A, agrees with AssumeRole every time.
func TestCrossAccountAssumeRoleNeedsBothHalves(t *testing.T) {
	const grantName = "bslwiz-test-assume"
	trustRole := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/NodeRole"},"Action":"sts:AssumeRole"}`
	trustRoot := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	grant := func(resource string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"` + resource + `"}]}`
	}
	denySCP := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}`
	tests := []struct {
		name  string
		trust string // the statement for Account A in B's trust, or ""
		grant string // the resource of NodeRole's inline grant, or "" for none
		scp   string
		allow bool
	}{
		{"trust names the role, no grant in A", trustRole, "", "", false},
		{"trust names the role, grant on exactly B's role", trustRole, "ROLE", "", true},
		{"trust names the role, grant on another role", trustRole, "arn:aws:iam::111122223333:role/other", "", false},
		{"trust names A's root, grant in A", trustRoot, "ROLE", "", true},
		{"trust names A's root, no grant in A", trustRoot, "", "", false},
		{"grant in A but no trust in B", "", "ROLE", "", false},
		{"grant in A, A's SCP denies sts:AssumeRole", trustRole, "ROLE", denySCP, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			ctx := context.Background()
			w.emu.AddRole(accountA, "NodeRole", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
			var extra []string
			if tc.trust != "" {
				extra = append(extra, tc.trust)
			}
			roleARN := w.createRole(t, "cross-"+string(rune('a'+i)), paletteTrust(extra...))
			if tc.grant != "" {
				res := tc.grant
				if res == "ROLE" {
					res = roleARN
				}
				// The grant is made as bslwiz makes it: PutRolePolicy by A's admin.
				if _, err := w.iam(w.adminA).PutRolePolicy(ctx, &iam.PutRolePolicyInput{
					RoleName: sdkaws.String("NodeRole"), PolicyName: sdkaws.String(grantName), PolicyDocument: sdkaws.String(grant(res)),
				}); err != nil {
					t.Fatalf("PutRolePolicy: %v", err)
				}
			}
			if tc.scp != "" {
				w.emu.SetServiceControlPolicies(accountA, tc.scp)
			}
			node := w.emu.RoleCredentials(accountA, "NodeRole", "node-1")
			_, err := w.assume(ctx, node, roleARN, "")
			if tc.allow != (err == nil) {
				t.Fatalf("AssumeRole as A's NodeRole: err = %v, want allowed=%v", err, tc.allow)
			}
			if !tc.allow && apiCode(err) != "AccessDenied" {
				t.Fatalf("AssumeRole error code = %q, want AccessDenied", apiCode(err))
			}
			// The identity half, as the simulator in Account A sees it.
			out, err := w.iam(w.adminA).SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
				PolicySourceArn: sdkaws.String("arn:aws:iam::444455556666:role/NodeRole"),
				ActionNames:     []string{"sts:AssumeRole"}, ResourceArns: []string{roleARN},
			})
			if err != nil {
				t.Fatalf("SimulatePrincipalPolicy: %v", err)
			}
			simAllowed := string(out.EvaluationResults[0].EvalDecision) == "allowed"
			wantSim := tc.grant == "ROLE" && tc.scp == ""
			if simAllowed != wantSim {
				t.Errorf("simulated identity decision = %s, want allowed=%v", out.EvaluationResults[0].EvalDecision, wantSim)
			}
		})
	}
}

// TestAccountBCannotGrantInAccountA: an identity policy on A's role is made
// only with A's credentials; B's admin gets NoSuchEntity for A's role name,
// since IAM names are per account.
func TestAccountBCannotGrantInAccountA(t *testing.T) {
	w := newWorld(t)
	_, err := w.iam(w.adminB).PutRolePolicy(context.Background(), &iam.PutRolePolicyInput{
		RoleName: sdkaws.String(clusterRole), PolicyName: sdkaws.String("x"),
		PolicyDocument: sdkaws.String(awstest.AssumeRolePolicy()),
	})
	if apiCode(err) != "NoSuchEntity" {
		t.Fatalf("PutRolePolicy on A's role with B's credentials: %v, want NoSuchEntity", err)
	}
}
