package awstest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// seedAWSManagedPolicies adds the few AWS managed policies tests and the sandbox attach.
func (e *Emulator) seedAWSManagedPolicies() {
	for _, p := range []struct{ name, doc string }{
		{"AdministratorAccess", AdminPolicy()},
		{"AmazonS3FullAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}`},
		{"AmazonS3ReadOnlyAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}`},
		{"IAMReadOnlyAccess", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GenerateCredentialReport","iam:GenerateServiceLastAccessedDetails","iam:Get*","iam:List*","iam:SimulateCustomPolicy","iam:SimulatePrincipalPolicy"],"Resource":"*"}]}`},
	} {
		e.awsPolicies[p.name] = &managedPolicy{
			name: p.name, path: "/", id: e.newID("ANPA"), arn: "arn:aws:iam::aws:policy/" + p.name,
			versions: []*policyVersion{{id: "v1", doc: p.doc}}, nextVersion: 2, defaultVersion: "v1", awsManaged: true,
		}
	}
}

// managedPolicy resolves a policy ARN usable by account a: its own customer managed policies, or
// AWS managed policies in a's partition. Caller holds e.mu.
func (e *Emulator) managedPolicy(a *account, policyARN string) *managedPolicy {
	p, err := arn.Parse(policyARN)
	if err != nil || p.Service != "iam" || !strings.HasPrefix(p.Resource, "policy/") {
		return nil
	}
	if a != nil && p.Partition != a.partition {
		return nil
	}
	if p.AccountID == "aws" {
		path, name := splitPathName(strings.TrimPrefix(p.Resource, "policy"))
		mp := e.awsPolicies[name]
		if mp == nil || mp.path != path {
			return nil
		}
		return mp
	}
	if a == nil || p.AccountID != a.id {
		return nil
	}
	return a.policyByARN(policyARN)
}

func policyXML(a *account, mp *managedPolicy, withTags bool) xmlPolicy {
	x := xmlPolicy{
		PolicyName: mp.name, PolicyId: mp.id, Arn: mp.arn, Path: mp.path, DefaultVersionId: mp.defaultVersion,
		AttachmentCount: a.attachmentCount(mp.arn), PermissionsBoundaryUsageCount: a.boundaryUsage(mp.arn),
		IsAttachable: true, Description: mp.description, CreateDate: isoTime(mp.created), UpdateDate: isoTime(mp.updated),
	}
	if withTags {
		x.Tags = xmlTags(mp.tags)
	}
	return x
}

// boundaryUsage counts the roles that use policyARN as their permissions boundary.
func (a *account) boundaryUsage(policyARN string) int {
	n := 0
	for _, r := range a.roles {
		if r.boundary == policyARN {
			n++
		}
	}
	return n
}

// checkManagedDocument validates a managed policy document: syntax, then the PolicySize quota.
func checkManagedDocument(doc string) *apiError {
	if aerr := checkDocument("policyDocument", doc); aerr != nil {
		return aerr
	}
	if _, err := validatePolicy(doc, kindIdentity); err != nil {
		return malformed(err)
	}
	if nonWhitespaceLen(doc) > ManagedPolicySize {
		return newError(http.StatusConflict, "LimitExceeded", "Cannot exceed quota for PolicySize: %d", ManagedPolicySize)
	}
	return nil
}

// lookupPolicy authorizes action on the policy named by PolicyArn and returns it. Mutations of AWS
// managed policies are refused.
func (e *Emulator) lookupPolicy(q *request, action string, mutate bool) (*managedPolicy, *apiError) {
	pa := q.params.Get("PolicyArn")
	if aerr := checkARN(pa); aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorize(q, action, pa, nil); aerr != nil {
		return nil, aerr
	}
	mp := e.managedPolicy(q.callerAccount(), pa)
	if mp == nil {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "Policy %s was not found.", pa)
	}
	if mutate && mp.awsManaged {
		return nil, accessDenied(q.caller, action, pa, implicitDeny)
	}
	return mp, nil
}

func (e *Emulator) iamCreatePolicy(q *request) (any, *apiError) {
	p := q.params
	name := p.Get("PolicyName")
	if aerr := checkName("policyName", name, 128); aerr != nil {
		return nil, aerr
	}
	path := "/"
	if p.Has("Path") {
		path = p.Get("Path")
	}
	if aerr := checkPath(path, policyPathPattern); aerr != nil {
		return nil, aerr
	}
	desc := p.Get("Description")
	if len(desc) > 1000 {
		return nil, validationError("Value '%s' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000", desc)
	}
	tags := tagList(p, "Tags")
	if aerr := checkTags(nil, tags); aerr != nil {
		return nil, aerr
	}
	a := q.callerAccount()
	pa := policyARN(a.partition, a.id, path, name)
	if aerr := e.authorize(q, "iam:CreatePolicy", pa, nil); aerr != nil {
		return nil, aerr
	}
	if a.policies[nameKey(name)] != nil {
		return nil, newError(http.StatusConflict, "EntityAlreadyExists", "A policy called %s already exists. Duplicate names are not allowed.", name)
	}
	doc := p.Get("PolicyDocument")
	if aerr := checkManagedDocument(doc); aerr != nil {
		return nil, aerr
	}
	mp := &managedPolicy{
		name: name, path: path, id: e.newID("ANPA"), arn: pa, description: desc, created: q.now, updated: q.now,
		versions: []*policyVersion{{id: "v1", doc: doc, created: q.now}}, nextVersion: 2, defaultVersion: "v1", tags: tags,
	}
	a.policies[nameKey(name)] = mp
	return xmlPolicyResult{Policy: policyXML(a, mp, true)}, nil
}

func (e *Emulator) iamGetPolicy(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:GetPolicy", false)
	if aerr != nil {
		return nil, aerr
	}
	return xmlPolicyResult{Policy: policyXML(q.callerAccount(), mp, true)}, nil
}

func (e *Emulator) iamListPolicies(q *request) (any, *apiError) {
	if aerr := e.authorize(q, "iam:ListPolicies", "*", nil); aerr != nil {
		return nil, aerr
	}
	a := q.callerAccount()
	scope := q.params.Get("Scope")
	if scope == "" {
		scope = "All"
	}
	if scope != "All" && scope != "AWS" && scope != "Local" {
		return nil, validationError("Value '%s' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]", scope)
	}
	prefix := q.params.Get("PathPrefix")
	if prefix == "" {
		prefix = "/"
	}
	onlyAttached := strings.EqualFold(q.params.Get("OnlyAttached"), "true")
	var list []*managedPolicy
	add := func(mp *managedPolicy) {
		if !strings.HasPrefix(mp.path, prefix) || (onlyAttached && a.attachmentCount(mp.arn) == 0) {
			return
		}
		list = append(list, mp)
	}
	if scope != "AWS" {
		for _, mp := range a.policies {
			add(mp)
		}
	}
	if scope != "Local" && a.partition == "aws" {
		for _, mp := range e.awsPolicies {
			add(mp)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].arn < list[j].arn })
	start, end, truncated, next, aerr := paginate(q.params, len(list))
	if aerr != nil {
		return nil, aerr
	}
	out := xmlListPoliciesResult{IsTruncated: truncated, Marker: next, Policies: []xmlPolicy{}}
	for _, mp := range list[start:end] {
		out.Policies = append(out.Policies, policyXML(a, mp, false))
	}
	return out, nil
}

func (e *Emulator) iamDeletePolicy(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:DeletePolicy", true)
	if aerr != nil {
		return nil, aerr
	}
	a := q.callerAccount()
	if a.attachmentCount(mp.arn) > 0 || a.boundaryUsage(mp.arn) > 0 {
		return nil, newError(http.StatusConflict, "DeleteConflict", "Cannot delete a policy attached to entities.")
	}
	if len(mp.versions) > 1 {
		return nil, newError(http.StatusConflict, "DeleteConflict",
			"This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	}
	delete(a.policies, nameKey(mp.name))
	return nil, nil
}

var versionIDPattern = lazyre.New(`^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$`)

func (e *Emulator) iamCreatePolicyVersion(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:CreatePolicyVersion", true)
	if aerr != nil {
		return nil, aerr
	}
	if len(mp.versions) >= 5 {
		return nil, newError(http.StatusConflict, "LimitExceeded",
			"A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
	}
	doc := q.params.Get("PolicyDocument")
	if aerr := checkManagedDocument(doc); aerr != nil {
		return nil, aerr
	}
	v := &policyVersion{id: "v" + strconv.Itoa(mp.nextVersion), doc: doc, created: q.now}
	mp.nextVersion++
	mp.versions = append(mp.versions, v)
	if strings.EqualFold(q.params.Get("SetAsDefault"), "true") {
		mp.defaultVersion = v.id
	}
	mp.updated = q.now
	return xmlPolicyVersionResult{PolicyVersion: xmlPolicyVersion{VersionId: v.id, IsDefaultVersion: mp.defaultVersion == v.id, CreateDate: isoTime(v.created)}}, nil
}

// lookupVersion returns the version named by VersionId.
func lookupVersion(q *request, mp *managedPolicy) (*policyVersion, *apiError) {
	id := q.params.Get("VersionId")
	if !versionIDPattern.MatchString(id) {
		return nil, validationError("Value '%s' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?", id)
	}
	v := mp.version(id)
	if v == nil {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "Policy %s version %s does not exist or is not attachable.", mp.arn, id)
	}
	return v, nil
}

func (e *Emulator) iamGetPolicyVersion(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:GetPolicyVersion", false)
	if aerr != nil {
		return nil, aerr
	}
	v, aerr := lookupVersion(q, mp)
	if aerr != nil {
		return nil, aerr
	}
	return xmlPolicyVersionResult{PolicyVersion: xmlPolicyVersion{
		Document: uriEncode(v.doc, true), VersionId: v.id, IsDefaultVersion: v.id == mp.defaultVersion, CreateDate: isoTime(v.created),
	}}, nil
}

func (e *Emulator) iamListPolicyVersions(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:ListPolicyVersions", false)
	if aerr != nil {
		return nil, aerr
	}
	var list []xmlPolicyVersion
	for i := len(mp.versions) - 1; i >= 0; i-- { // newest first, as IAM lists them
		v := mp.versions[i]
		list = append(list, xmlPolicyVersion{VersionId: v.id, IsDefaultVersion: v.id == mp.defaultVersion, CreateDate: isoTime(v.created)})
	}
	start, end, truncated, next, aerr := paginate(q.params, len(list))
	if aerr != nil {
		return nil, aerr
	}
	return xmlListPolicyVersionsResult{Versions: list[start:end], IsTruncated: truncated, Marker: next}, nil
}

func (e *Emulator) iamDeletePolicyVersion(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:DeletePolicyVersion", true)
	if aerr != nil {
		return nil, aerr
	}
	v, aerr := lookupVersion(q, mp)
	if aerr != nil {
		return nil, aerr
	}
	if v.id == mp.defaultVersion {
		return nil, newError(http.StatusConflict, "DeleteConflict", "Cannot delete the default version of a policy.")
	}
	for i, x := range mp.versions {
		if x == v {
			mp.versions = append(mp.versions[:i:i], mp.versions[i+1:]...)
			break
		}
	}
	return nil, nil
}

func (e *Emulator) iamSetDefaultPolicyVersion(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:SetDefaultPolicyVersion", true)
	if aerr != nil {
		return nil, aerr
	}
	v, aerr := lookupVersion(q, mp)
	if aerr != nil {
		return nil, aerr
	}
	mp.defaultVersion = v.id
	mp.updated = q.now
	return nil, nil
}

func (e *Emulator) iamListEntitiesForPolicy(q *request) (any, *apiError) {
	mp, aerr := e.lookupPolicy(q, "iam:ListEntitiesForPolicy", false)
	if aerr != nil {
		return nil, aerr
	}
	var roles []xmlPolicyRole
	for _, r := range q.callerAccount().roles {
		for _, at := range r.attached {
			if at == mp.arn {
				roles = append(roles, xmlPolicyRole{RoleName: r.name, RoleId: r.id})
			}
		}
	}
	sort.Slice(roles, func(i, j int) bool { return roles[i].RoleName < roles[j].RoleName })
	start, end, truncated, next, aerr := paginate(q.params, len(roles))
	if aerr != nil {
		return nil, aerr
	}
	return xmlListEntitiesResult{PolicyRoles: roles[start:end], IsTruncated: truncated, Marker: next}, nil
}
