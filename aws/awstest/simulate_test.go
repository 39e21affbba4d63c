package awstest_test

import (
	"context"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestSimulatePrincipalPolicy(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	roleARN, _ := setupBackupRole(t, w)
	c := w.iam(w.adminB)
	simulate := func(source string, actions, resources []string) map[string]iamtypes.EvaluationResult {
		t.Helper()
		results := map[string]iamtypes.EvaluationResult{}
		p := iam.NewSimulatePrincipalPolicyPaginator(c, &iam.SimulatePrincipalPolicyInput{
			PolicySourceArn: sdkaws.String(source), ActionNames: actions, ResourceArns: resources, MaxItems: sdkaws.Int32(2),
		})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("SimulatePrincipalPolicy: %v", err)
			}
			for _, r := range page.EvaluationResults {
				results[*r.EvalActionName+" "+*r.EvalResourceName] = r
			}
		}
		return results
	}
	objects := "arn:aws:s3:::" + bucketName + "/*"
	bucket := "arn:aws:s3:::" + bucketName
	other := "arn:aws:s3:::other-bucket/*"
	got := simulate(roleARN, []string{"s3:PutObject", "s3:ListBucket", "s3:PutObjectTagging"}, []string{objects, bucket, other})
	want := map[string]iamtypes.PolicyEvaluationDecisionType{
		"s3:PutObject " + objects:        iamtypes.PolicyEvaluationDecisionTypeAllowed,
		"s3:PutObject " + bucket:         iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
		"s3:PutObject " + other:          iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
		"s3:ListBucket " + bucket:        iamtypes.PolicyEvaluationDecisionTypeAllowed,
		"s3:ListBucket " + objects:       iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
		"s3:ListBucket " + other:         iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
		"s3:PutObjectTagging " + objects: iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
		"s3:PutObjectTagging " + bucket:  iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
		"s3:PutObjectTagging " + other:   iamtypes.PolicyEvaluationDecisionTypeImplicitDeny,
	}
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for k, d := range want {
		r := got[k]
		if r.EvalDecision != d {
			t.Errorf("%s: %s, want %s", k, r.EvalDecision, d)
		}
		if len(r.ResourceSpecificResults) != 1 || r.ResourceSpecificResults[0].EvalResourceDecision != d {
			t.Errorf("%s: resource-specific results %+v", k, r.ResourceSpecificResults)
		}
	}
	if ms := got["s3:PutObject "+objects].MatchedStatements; len(ms) != 1 || *ms[0].SourcePolicyId != "bslwiz-velero" {
		t.Errorf("matched statements = %+v", ms)
	}

	// An explicit Deny (inline) wins over the attached Allow.
	if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: sdkaws.String(backupRole), PolicyName: sdkaws.String("no-delete"),
		PolicyDocument: sdkaws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]}`)}); err != nil {
		t.Fatalf("PutRolePolicy: %v", err)
	}
	got = simulate(roleARN, []string{"s3:DeleteObject", "s3:GetObject"}, []string{objects})
	if d := got["s3:DeleteObject "+objects].EvalDecision; d != iamtypes.PolicyEvaluationDecisionTypeExplicitDeny {
		t.Errorf("DeleteObject with a Deny = %s", d)
	}
	if d := got["s3:GetObject "+objects].EvalDecision; d != iamtypes.PolicyEvaluationDecisionTypeAllowed {
		t.Errorf("GetObject = %s", d)
	}

	// Users can be simulated too; missing principals and callers without permission fail.
	if got := simulate("arn:aws:iam::111122223333:user/b-admin", []string{"iam:CreateRole"}, nil); got["iam:CreateRole *"].EvalDecision != iamtypes.PolicyEvaluationDecisionTypeAllowed {
		t.Errorf("admin user simulation = %+v", got)
	}
	_, err := c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: sdkaws.String("arn:aws:iam::111122223333:role/missing"), ActionNames: []string{"s3:GetObject"}})
	if apiCode(err) != "NoSuchEntity" {
		t.Errorf("missing role: %v", err)
	}
	_, err = w.iam(w.plainA).SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: sdkaws.String("arn:aws:iam::444455556666:user/a-plain"), ActionNames: []string{"s3:GetObject"}})
	if apiCode(err) != "AccessDenied" {
		t.Errorf("caller without iam:SimulatePrincipalPolicy: %v", err)
	}
}
