package awstest

import (
	"net/http"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// roleXML renders a role; GetRole and CreateRole include tags, ListRoles does not.
func roleXML(r *role, withTags bool) xmlRole {
	x := xmlRole{
		Path: r.path, RoleName: r.name, RoleId: r.id, Arn: r.arn, CreateDate: isoTime(r.created),
		AssumeRolePolicyDocument: uriEncode(r.currentTrust(), true),
		Description:              r.description, MaxSessionDuration: r.maxSession,
	}
	if r.boundary != "" {
		x.PermissionsBoundary = &xmlBoundary{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: r.boundary}
	}
	if withTags {
		x.Tags = xmlTags(r.tags)
		x.RoleLastUsed = &struct{}{}
	}
	return x
}

// lookupRole authorizes action on the named role and returns it (NoSuchEntity when absent).
func (e *Emulator) lookupRole(q *request, action string) (*role, *apiError) {
	name := q.params.Get("RoleName")
	if aerr := checkName("roleName", name, 64); aerr != nil {
		return nil, aerr
	}
	a := q.callerAccount()
	r := a.role(name)
	resource := roleARN(a.partition, a.id, "/", name)
	if r != nil {
		resource = r.arn
	}
	if aerr := e.authorize(q, action, resource, roleRequestContext(q, r)); aerr != nil {
		return nil, aerr
	}
	if r == nil {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", name)
	}
	return r, nil
}

// checkTrust validates a trust policy for account a the way IAM does when storing it: syntax,
// the ACLSizePerRole quota, then every principal must exist (and have propagated).
func (e *Emulator) checkTrust(a *account, q *request, doc string) *apiError {
	if aerr := checkDocument("assumeRolePolicyDocument", doc); aerr != nil {
		return aerr
	}
	p, err := validatePolicy(doc, kindTrust)
	if err != nil {
		return malformed(err)
	}
	if n := nonWhitespaceLen(doc); n > a.trustLimit {
		return newError(http.StatusConflict, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: %d", a.trustLimit)
	}
	for _, st := range p.Statements {
		for _, spec := range []*principalSpec{st.Principal, st.NotPrincipal} {
			if spec == nil {
				continue
			}
			for _, v := range spec.AWS {
				if !e.principalExists(a.partition, v, q) {
					return newError(http.StatusBadRequest, "MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"%s\"", v)
				}
			}
			for _, v := range spec.Service {
				if !strings.Contains(v, ".amazonaws.com") {
					return newError(http.StatusBadRequest, "MalformedPolicyDocument", "Invalid principal in policy: \"SERVICE\":\"%s\"", v)
				}
			}
		}
	}
	return nil
}

// principalExists reports whether an "AWS" principal value names something IAM can resolve now.
func (e *Emulator) principalExists(partition, v string, q *request) bool {
	if v == "*" {
		return true
	}
	if isAccountID(v) {
		a := e.accounts[v]
		return a != nil && a.partition == partition
	}
	p, err := arn.Parse(v)
	if err != nil || p.Partition != partition {
		return false
	}
	a := e.accounts[p.AccountID]
	if a == nil || a.partition != partition {
		return false
	}
	switch {
	case p.Service == "iam" && p.Resource == "root":
		return true
	case p.Service == "iam" && strings.HasPrefix(p.Resource, "role/"):
		path, name := splitPathName(strings.TrimPrefix(p.Resource, "role"))
		r := a.role(name)
		return r != nil && r.path == path && !q.now.Before(r.visibleAt)
	case p.Service == "iam" && strings.HasPrefix(p.Resource, "user/"):
		path, name := splitPathName(strings.TrimPrefix(p.Resource, "user"))
		u := a.users[nameKey(name)]
		return u != nil && u.path == path
	case p.Service == "sts" && strings.HasPrefix(p.Resource, "assumed-role/"):
		parts := strings.Split(p.Resource, "/")
		return len(parts) == 3 && a.role(parts[1]) != nil
	}
	return false
}

func (e *Emulator) iamCreateRole(q *request) (any, *apiError) {
	p := q.params
	name := p.Get("RoleName")
	if aerr := checkName("roleName", name, 64); aerr != nil {
		return nil, aerr
	}
	path := "/"
	if p.Has("Path") {
		path = p.Get("Path")
	}
	if aerr := checkPath(path, rolePathPattern); aerr != nil {
		return nil, aerr
	}
	doc := p.Get("AssumeRolePolicyDocument")
	if aerr := checkDocument("assumeRolePolicyDocument", doc); aerr != nil {
		return nil, aerr
	}
	desc := p.Get("Description")
	if len(desc) > 1000 {
		return nil, validationError("Value '%s' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000", desc)
	}
	maxSession, has, aerr := intParam(p, "MaxSessionDuration")
	if aerr != nil {
		return nil, aerr
	}
	if !has {
		maxSession = 3600
	}
	if aerr := checkMaxSession(maxSession); aerr != nil {
		return nil, aerr
	}
	tags := tagList(p, "Tags")
	if aerr := checkTags(nil, tags); aerr != nil {
		return nil, aerr
	}
	a := q.callerAccount()
	arnStr := roleARN(a.partition, a.id, path, name)
	if aerr := e.authorize(q, "iam:CreateRole", arnStr, roleRequestContext(q, nil)); aerr != nil {
		return nil, aerr
	}
	if a.role(name) != nil {
		return nil, newError(http.StatusConflict, "EntityAlreadyExists", "Role with name %s already exists.", name)
	}
	boundary := p.Get("PermissionsBoundary")
	if boundary != "" {
		if aerr := e.checkAttachable(a, boundary); aerr != nil {
			return nil, aerr
		}
	}
	if aerr := e.checkTrust(a, q, doc); aerr != nil {
		return nil, aerr
	}
	visible := q.now.Add(e.propagation)
	r := &role{
		name: name, path: path, id: e.newID("AROA"), arn: arnStr, description: desc, boundary: boundary,
		maxSession: maxSession, created: q.now, visibleAt: visible, tags: tags,
		trust: []trustVersion{{doc: storedTrust(doc, a.partition), effective: visible}},
	}
	a.roles[nameKey(name)] = r
	return xmlRoleResult{Role: roleXML(r, true)}, nil
}

func checkMaxSession(n int) *apiError {
	if n < 3600 || n > 43200 {
		return validationError("Value '%d' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200", n)
	}
	return nil
}

func (e *Emulator) iamGetRole(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:GetRole")
	if aerr != nil {
		return nil, aerr
	}
	return xmlRoleResult{Role: roleXML(r, true)}, nil
}

func (e *Emulator) iamListRoles(q *request) (any, *apiError) {
	a := q.callerAccount()
	if aerr := e.authorize(q, "iam:ListRoles", "*", nil); aerr != nil {
		return nil, aerr
	}
	prefix := q.params.Get("PathPrefix")
	if prefix == "" {
		prefix = "/"
	}
	var roles []*role
	for _, r := range a.roles {
		if strings.HasPrefix(r.path, prefix) {
			roles = append(roles, r)
		}
	}
	sort.Slice(roles, func(i, j int) bool { return nameKey(roles[i].name) < nameKey(roles[j].name) })
	start, end, truncated, next, aerr := paginate(q.params, len(roles))
	if aerr != nil {
		return nil, aerr
	}
	out := xmlListRolesResult{IsTruncated: truncated, Marker: next, Roles: []xmlRole{}}
	for _, r := range roles[start:end] {
		out.Roles = append(out.Roles, roleXML(r, false))
	}
	return out, nil
}

func (e *Emulator) iamUpdateRole(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:UpdateRole")
	if aerr != nil {
		return nil, aerr
	}
	maxSession, has, aerr := intParam(q.params, "MaxSessionDuration")
	if aerr != nil {
		return nil, aerr
	}
	if has {
		if aerr := checkMaxSession(maxSession); aerr != nil {
			return nil, aerr
		}
	}
	if q.params.Has("Description") {
		if d := q.params.Get("Description"); len(d) > 1000 {
			return nil, validationError("Value '%s' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000", d)
		}
		r.description = q.params.Get("Description")
	}
	if has {
		r.maxSession = maxSession
	}
	return nil, nil
}

func (e *Emulator) iamUpdateRoleDescription(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:UpdateRoleDescription")
	if aerr != nil {
		return nil, aerr
	}
	r.description = q.params.Get("Description")
	return xmlRoleResult{Role: roleXML(r, true)}, nil
}

func (e *Emulator) iamDeleteRole(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:DeleteRole")
	if aerr != nil {
		return nil, aerr
	}
	if len(r.attached) > 0 {
		return nil, newError(http.StatusConflict, "DeleteConflict", "Cannot delete entity, must detach all policies first.")
	}
	if len(r.inline) > 0 {
		return nil, newError(http.StatusConflict, "DeleteConflict", "Cannot delete entity, must delete policies first.")
	}
	r.deleted = true
	delete(q.callerAccount().roles, nameKey(r.name))
	e.orphanPrincipal(r.arn, r.id)
	return nil, nil
}

func (e *Emulator) iamTagRole(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:TagRole")
	if aerr != nil {
		return nil, aerr
	}
	tags := tagList(q.params, "Tags")
	if len(tags) == 0 {
		return nil, validationError("Value null at 'tags' failed to satisfy constraint: Member must not be null")
	}
	if aerr := checkTags(r.tags, tags); aerr != nil {
		return nil, aerr
	}
	r.tags = mergeTags(r.tags, tags)
	return nil, nil
}

func (e *Emulator) iamUntagRole(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:UntagRole")
	if aerr != nil {
		return nil, aerr
	}
	remove := memberList(q.params, "TagKeys")
	var kept []Tag
	for _, t := range r.tags {
		drop := false
		for _, k := range remove {
			if strings.EqualFold(k, t.Key) {
				drop = true
			}
		}
		if !drop {
			kept = append(kept, t)
		}
	}
	r.tags = kept
	return nil, nil
}

func (e *Emulator) iamListRoleTags(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:ListRoleTags")
	if aerr != nil {
		return nil, aerr
	}
	start, end, truncated, next, aerr := paginate(q.params, len(r.tags))
	if aerr != nil {
		return nil, aerr
	}
	return xmlListTagsResult{Tags: xmlTags(r.tags[start:end]), IsTruncated: truncated, Marker: next}, nil
}

// roleRequestContext is the request's own condition keys for a role action, as IAM fills
// them: iam:PermissionsBoundary when the request sets a boundary (CreateRole,
// PutRolePermissionsBoundary), aws:RequestTag/<key> and aws:TagKeys for the tags it sends
// (CreateRole, TagRole) or the keys it removes (UntagRole), and aws:ResourceTag/<key> of an
// existing role r.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PermissionsBoundary
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
func roleRequestContext(q *request, r *role) condContext {
	ctx := condContext{}
	if b := q.params.Get("PermissionsBoundary"); b != "" {
		ctx.set("iam:PermissionsBoundary", b)
	}
	var keys []string
	for _, t := range tagList(q.params, "Tags") {
		ctx.set("aws:RequestTag/"+t.Key, t.Value)
		keys = append(keys, t.Key)
	}
	keys = append(keys, memberList(q.params, "TagKeys")...)
	if len(keys) > 0 {
		ctx.set("aws:TagKeys", keys...)
	}
	if r != nil {
		for _, t := range r.tags {
			ctx.set("aws:ResourceTag/"+t.Key, t.Value)
		}
	}
	return ctx
}
