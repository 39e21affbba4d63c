package export

import (
	"fmt"
	"strings"

	"github.com/bslwiz/bslwiz/internal/shellquote"
	"github.com/bslwiz/bslwiz/rules"
	"github.com/bslwiz/bslwiz/steps"
)

// Account A's side in every export: the inline policy on Account A's
// principal that allows sts:AssumeRole on exactly B's role, made with
// Account A's credentials (an alias provider in Terraform, a template of its
// own for CloudFormation, a part of the aws CLI script run with Account A's
// profile). Where the plan trusts the whole account, the principal is not
// known, and the export says which grant some principal needs.

// CloudFormationAccountA is the template for Account A's side, deployable
// to many accounts as a StackSet.
const CloudFormationAccountA Format = "cloudformation-account-a"

// init registers the Account A template beside the other formats (here,
// so format.go's tables keep their alignment).
func init() {
	formatAliases["cfn-account-a"] = CloudFormationAccountA
	renderers[CloudFormationAccountA] = renderCloudFormationAccountA
}

// accountAGrant is the grant the plan needs in Account A: the role's name
// (empty when the plan trusts the whole account) and the policy's name.
func accountAGrant(p steps.Plan) (role, name, account string) {
	_, role, _ = steps.AccountAPrincipal(p)
	account, _ = rules.PrincipalAccount(p.AccountA)
	return role, steps.AccountAGrantName(p), account
}

// accountATerraform is the Terraform of Account A's side: a second aws
// provider, aliased account_a, and the inline policy on its role.
func accountATerraform(m *model) []hclItem {
	p := m.plan
	role, name, account := accountAGrant(p)
	provider := []hclItem{attr("alias", hclString("account_a")), attr("region", hclString(p.Region))}
	if p.AccountAProfile != "" {
		provider = append(provider, attr("profile", hclString(p.AccountAProfile)))
	}
	provider = append(provider, blank(), comment("Account A's own credentials: refuse any other account."),
		attr("allowed_account_ids", "["+hclString(account)+"]"))
	items := []hclItem{blank(),
		comment("Account A's half of the assume-role: the principal that calls sts:AssumeRole needs an identity"),
		comment("policy in its own account allowing it on the role above. Palette's validate does not prove it."),
		block("provider", []string{"aws"}, provider...),
		blank(),
	}
	if role == "" {
		return append(items,
			comment("The trust names the whole account "+account+": grant the role your cluster's backups run as, e.g."),
			comment("  resource \"aws_iam_role_policy\" \"account_a_assume\" { provider = aws.account_a, role = \"ROLE\", ... }"),
		)
	}
	policy := "jsonencode({\n  Version = \"2012-10-17\"\n  Statement = [{\n    Sid      = \"BslwizAssumeBackupRole\"\n" +
		"    Effect   = \"Allow\"\n    Action   = \"sts:AssumeRole\"\n    Resource = aws_iam_role.this.arn\n  }]\n})"
	return append(items, block("resource", []string{"aws_iam_role_policy", "account_a_assume"},
		attr("provider", "aws.account_a"),
		attr("role", hclString(role)),
		attr("name", hclString(name)),
		attr("policy", policy),
	))
}

// awscliAccountA is the aws CLI script's part for Account A, after the
// role exists ($role_arn): with the plan's Account A profile it makes the
// grant; without one it prints the command to run with A's credentials.
func awscliAccountA(m *model) string {
	p := m.plan
	role, name, _ := accountAGrant(p)
	var b strings.Builder
	grant := `'{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"'"$role_arn"'"}]}'`
	if role == "" || p.AccountAProfile == "" {
		who := shellquote.Quote(role)
		if role == "" {
			who = "ROLE_IN_ACCOUNT_A"
			b.WriteString("say " + shellquote.Quote("5. Account A: the trust names the whole account; some principal in it "+
				"(the role your cluster's backups run as) needs this grant") + "\n")
		} else {
			b.WriteString("say " + shellquote.Quote("5. Account A: "+role+" needs this grant, which Account B's credentials cannot make") + "\n")
		}
		b.WriteString("say " + shellquote.Quote("  run it with Account A's credentials (or give the plan accountAProfile):") + "\n")
		prefix := "  aws iam put-role-policy --role-name " + who + " --policy-name " + shellquote.Quote(name) +
			` --policy-document '{"Version":"2012-10-17","Statement":[{"Sid":"BslwizAssumeBackupRole","Effect":"Allow","Action":"sts:AssumeRole","Resource":"`
		b.WriteString("say " + shellquote.Quote(prefix) + `"$role_arn"` + shellquote.Quote(`"}]}'`) + "\n")
		return b.String()
	}
	fmt.Fprintf(&b, "account_a_profile=%s\naccount_a_role=%s\ngrant_name=%s\n", shellquote.Quote(p.AccountAProfile), shellquote.Quote(role), shellquote.Quote(name))
	b.WriteString(`say "5. Account A: allow $account_a_role to assume the role (profile $account_a_profile)"
aws_a() {
  printf '+ aws --profile %s %s\n' "$account_a_profile" "$*" >&3
  aws --profile "$account_a_profile" ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} "$@"
}
a_account=$(aws_a sts get-caller-identity --query Account --output text)
if [[ $a_account != "$account_a" ]]; then
  die "profile $account_a_profile is for account $a_account, not Account A ($account_a)"
fi
aws_a iam put-role-policy --role-name "$account_a_role" --policy-name "$grant_name" --policy-document ` + grant + `
say "  inline policy $grant_name on $account_a_role: sts:AssumeRole on $role_arn"
`)
	return b.String()
}

// renderCloudFormationAccountA is the template of Account A's side: one
// inline policy on the role, its names and B's role ARN as parameters, so
// one StackSet grants it in every account whose clusters back up here.
func renderCloudFormationAccountA(b *strings.Builder, m *model) error {
	p := m.plan
	role, name, account := accountAGrant(p)
	if role == "" {
		role = "SpectroCloudRole"
	}
	target := m.roleARN
	if target == "" {
		target = "arn:" + m.partition + ":iam::ACCOUNT_B:role" + p.RolePath + p.RoleName
	}
	stackSet := "bslwiz-" + p.LocationName + "-account-a"
	for _, line := range []string{
		fmt.Sprintf("Palette backup location %q: Account A's half of the assume-role.", p.LocationName),
		"Generated by `bslwiz export --format cloudformation-account-a`. The role in Account A that the cluster's",
		"backups run as gets one inline policy allowing sts:AssumeRole on exactly Account B's role.",
		"",
		"Deploy it with credentials for Account A " + account + ":",
		"  " + shellquote.Command([]string{"aws", "cloudformation", "deploy", "--template-file", "account-a.yaml",
			"--stack-name", stackSet, "--capabilities", "CAPABILITY_NAMED_IAM", "--region", p.Region}),
		"or, from the organization's management account, to many accounts as a StackSet:",
		"  " + shellquote.Command([]string{"aws", "cloudformation", "create-stack-set", "--stack-set-name", stackSet,
			"--template-body", "file://account-a.yaml", "--capabilities", "CAPABILITY_NAMED_IAM"}),
		"  " + shellquote.Command([]string{"aws", "cloudformation", "create-stack-instances", "--stack-set-name", stackSet,
			"--accounts", account, "--regions", p.Region}),
	} {
		b.WriteString(commentLine("", line) + "\n")
	}
	template := yamlMap{
		{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", "Palette backup location " + p.LocationName + ": lets a role in Account A assume " + target},
		{"Parameters", yamlMap{
			{"RoleName", yamlMap{{"Type", "String"}, {"Default", role},
				{"Description", "the role in this account that the cluster's backups run as"}}},
			{"BackupRoleArn", yamlMap{{"Type", "String"}, {"Default", target},
				{"Description", "Account B's role (bslwiz export --format json names it)"}}},
			{"PolicyName", yamlMap{{"Type", "String"}, {"Default", name}}},
		}},
		{"Resources", yamlMap{
			{"AssumeBackupRole", yamlMap{
				{"Type", "AWS::IAM::RolePolicy"},
				{"Properties", yamlMap{
					{"RoleName", ref("RoleName")},
					{"PolicyName", ref("PolicyName")},
					{"PolicyDocument", yamlMap{
						{"Version", "2012-10-17"},
						{"Statement", []any{yamlMap{
							{"Sid", "BslwizAssumeBackupRole"},
							{"Effect", "Allow"},
							{"Action", "sts:AssumeRole"},
							{"Resource", ref("BackupRoleArn")},
						}}},
					}},
				}},
			}},
		}},
	}
	writeYAML(b, template, 0)
	return nil
}
