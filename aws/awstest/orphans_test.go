package awstest_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

var roleUniqueID = regexp.MustCompile(`"AROA[A-Z2-7]{17}"`)

func TestAnAccountIDPrincipalIsStoredAsTheRootARN(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + accountA + `"},"Action":"sts:AssumeRole"}]}`
	w.createRole(t, "by-id", trust)
	out, err := w.iam(w.adminB).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String("by-id")})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := url.QueryUnescape(*out.Role.AssumeRolePolicyDocument)
	if !strings.Contains(doc, `"AWS":"arn:aws:iam::`+accountA+`:root"`) {
		t.Errorf("stored trust = %s, want the root ARN", doc)
	}
}

func TestADeletedTrustedRoleShowsAsItsUniqueIDThatIAMRefusesToSaveBack(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.createRole(t, "ci-runner", paletteTrust())
	trusting := paletteTrust(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + accountB + `:role/ci-runner"},"Action":"sts:AssumeRole"}`)
	w.createRole(t, "backup", trusting)
	if _, err := w.iam(w.adminB).DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: sdkaws.String("ci-runner")}); err != nil {
		t.Fatal(err)
	}
	out, err := w.iam(w.adminB).GetRole(ctx, &iam.GetRoleInput{RoleName: sdkaws.String("backup")})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := url.QueryUnescape(*out.Role.AssumeRolePolicyDocument)
	if strings.Contains(doc, "role/ci-runner") || !roleUniqueID.MatchString(doc) {
		t.Fatalf("trust after deleting ci-runner = %s, want its AROA… ID", doc)
	}
	_, err = w.iam(w.adminB).UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: sdkaws.String("backup"), PolicyDocument: &doc})
	if apiCode(err) != "MalformedPolicyDocument" || !strings.Contains(apiMessage(err), "Invalid principal") {
		t.Fatalf("saving the document back: %v, want MalformedPolicyDocument: Invalid principal", err)
	}
}
