package awstest

// XML shapes of IAM results, as the SDK's awsQuery deserializer and botocore read them.

type xmlTag struct {
	Key   string
	Value string
}

type xmlBoundary struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

type xmlRole struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string       `xml:",omitempty"`
	Description              string       `xml:",omitempty"`
	MaxSessionDuration       int          `xml:",omitempty"`
	PermissionsBoundary      *xmlBoundary `xml:",omitempty"`
	Tags                     []xmlTag     `xml:"Tags>member,omitempty"`
	RoleLastUsed             *struct{}    `xml:",omitempty"`
}

type xmlPolicy struct {
	PolicyName                    string
	PolicyId                      string
	Arn                           string
	Path                          string
	DefaultVersionId              string
	AttachmentCount               int
	PermissionsBoundaryUsageCount int
	IsAttachable                  bool
	Description                   string `xml:",omitempty"`
	CreateDate                    string
	UpdateDate                    string
	Tags                          []xmlTag `xml:"Tags>member,omitempty"`
}

type xmlPolicyVersion struct {
	Document         string `xml:",omitempty"`
	VersionId        string
	IsDefaultVersion bool
	CreateDate       string
}

type xmlAttachedPolicy struct {
	PolicyName string
	PolicyArn  string
}

type xmlUser struct {
	Path       string
	UserName   string
	UserId     string
	Arn        string
	CreateDate string
}

type xmlRoleResult struct{ Role xmlRole }

type xmlPolicyResult struct{ Policy xmlPolicy }

type xmlPolicyVersionResult struct{ PolicyVersion xmlPolicyVersion }

type xmlListRolesResult struct {
	Roles       []xmlRole `xml:"Roles>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type xmlListPoliciesResult struct {
	Policies    []xmlPolicy `xml:"Policies>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type xmlListPolicyVersionsResult struct {
	Versions    []xmlPolicyVersion `xml:"Versions>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type xmlListAttachedResult struct {
	AttachedPolicies []xmlAttachedPolicy `xml:"AttachedPolicies>member"`
	IsTruncated      bool
	Marker           string `xml:",omitempty"`
}

type xmlListTagsResult struct {
	Tags        []xmlTag `xml:"Tags>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type xmlListNamesResult struct {
	PolicyNames []string `xml:"PolicyNames>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type xmlRolePolicyResult struct {
	RoleName       string
	PolicyName     string
	PolicyDocument string
}

type xmlPolicyRole struct {
	RoleName string
	RoleId   string
}

type xmlListEntitiesResult struct {
	PolicyRoles  []xmlPolicyRole `xml:"PolicyRoles>member"`
	PolicyUsers  []struct{}      `xml:"PolicyUsers>member"`
	PolicyGroups []struct{}      `xml:"PolicyGroups>member"`
	IsTruncated  bool
	Marker       string `xml:",omitempty"`
}

type xmlUserResult struct{ User xmlUser }

// xmlMatchedStatement names the policy of a statement that decided a result. The emulator
// tracks statement positions only in a simulation's ResourcePolicy; elsewhere
// StartPosition/EndPosition are left out.
type xmlMatchedStatement struct {
	SourcePolicyId   string
	SourcePolicyType string
	StartPosition    *position `xml:",omitempty"`
	EndPosition      *position `xml:",omitempty"`
}

type xmlResourceResult struct {
	EvalResourceName     string
	EvalResourceDecision string
	MatchedStatements    []xmlMatchedStatement `xml:"MatchedStatements>member"`
	MissingContextValues []string              `xml:"MissingContextValues>member"`
}

type xmlEvaluationResult struct {
	EvalActionName          string
	EvalResourceName        string
	EvalDecision            string
	MatchedStatements       []xmlMatchedStatement `xml:"MatchedStatements>member"`
	MissingContextValues    []string              `xml:"MissingContextValues>member"`
	ResourceSpecificResults []xmlResourceResult   `xml:"ResourceSpecificResults>member"`
	// OrganizationsDecisionDetail is present when service control policies apply.
	OrganizationsDecisionDetail *xmlOrganizationsDecision `xml:",omitempty"`
}

type xmlOrganizationsDecision struct{ AllowedByOrganizations bool }

type xmlSimulateResult struct {
	EvaluationResults []xmlEvaluationResult `xml:"EvaluationResults>member"`
	IsTruncated       bool
	Marker            string `xml:",omitempty"`
}

func xmlTags(tags []Tag) []xmlTag {
	out := make([]xmlTag, len(tags))
	for i, t := range tags {
		out[i] = xmlTag(t)
	}
	return out
}
