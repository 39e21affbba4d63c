package awstest

import (
	"net/http"
	"sort"
	"strings"
)

// iamUpdateAssumeRolePolicy replaces the whole trust document. AssumeRole keeps evaluating the
// previous one until the propagation delay has passed.
func (e *Emulator) iamUpdateAssumeRolePolicy(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:UpdateAssumeRolePolicy")
	if aerr != nil {
		return nil, aerr
	}
	doc := q.params.Get("PolicyDocument")
	if aerr := e.checkTrust(q.callerAccount(), q, doc); aerr != nil {
		return nil, aerr
	}
	r.trust = append(r.trust, trustVersion{doc: storedTrust(doc, q.callerAccount().partition), effective: q.now.Add(e.propagation)})
	return nil, nil
}

func (e *Emulator) iamPutRolePermissionsBoundary(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:PutRolePermissionsBoundary")
	if aerr != nil {
		return nil, aerr
	}
	b := q.params.Get("PermissionsBoundary")
	if aerr := e.checkAttachable(q.callerAccount(), b); aerr != nil {
		return nil, aerr
	}
	r.boundary = b
	return nil, nil
}

func (e *Emulator) iamDeleteRolePermissionsBoundary(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:DeleteRolePermissionsBoundary")
	if aerr != nil {
		return nil, aerr
	}
	if r.boundary == "" {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "The role %s does not have a permissions boundary.", r.name)
	}
	r.boundary = ""
	return nil, nil
}

// checkAttachable returns NoSuchEntity unless policyARN is a managed policy a role of a can use.
func (e *Emulator) checkAttachable(a *account, policyARN string) *apiError {
	if aerr := checkARN(policyARN); aerr != nil {
		return aerr
	}
	if e.managedPolicy(a, policyARN) == nil {
		return newError(http.StatusNotFound, "NoSuchEntity", "Policy %s does not exist or is not attachable.", policyARN)
	}
	return nil
}

func (e *Emulator) iamAttachRolePolicy(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:AttachRolePolicy")
	if aerr != nil {
		return nil, aerr
	}
	pa := q.params.Get("PolicyArn")
	if aerr := e.checkAttachable(q.callerAccount(), pa); aerr != nil {
		return nil, aerr
	}
	if q.now.Before(r.created.Add(e.readAfterCreate)) {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", r.name)
	}
	if mp := q.callerAccount().policyByARN(pa); mp != nil && q.now.Before(mp.created.Add(e.readAfterCreate)) {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "Policy %s does not exist or is not attachable.", pa)
	}
	for _, at := range r.attached {
		if at == pa {
			return nil, nil
		}
	}
	if len(r.attached) >= 10 {
		return nil, newError(http.StatusConflict, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10")
	}
	r.attached = append(r.attached, pa)
	return nil, nil
}

func (e *Emulator) iamDetachRolePolicy(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:DetachRolePolicy")
	if aerr != nil {
		return nil, aerr
	}
	pa := q.params.Get("PolicyArn")
	if aerr := checkARN(pa); aerr != nil {
		return nil, aerr
	}
	for i, at := range r.attached {
		if at == pa {
			r.attached = append(r.attached[:i:i], r.attached[i+1:]...)
			return nil, nil
		}
	}
	return nil, newError(http.StatusNotFound, "NoSuchEntity", "Policy %s was not found.", pa)
}

func (e *Emulator) iamListAttachedRolePolicies(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:ListAttachedRolePolicies")
	if aerr != nil {
		return nil, aerr
	}
	prefix := q.params.Get("PathPrefix")
	var list []xmlAttachedPolicy
	for _, at := range r.attached {
		mp := e.managedPolicy(q.callerAccount(), at)
		if mp == nil || !strings.HasPrefix(mp.path, prefix) {
			continue
		}
		list = append(list, xmlAttachedPolicy{PolicyName: mp.name, PolicyArn: mp.arn})
	}
	start, end, truncated, next, aerr := paginate(q.params, len(list))
	if aerr != nil {
		return nil, aerr
	}
	return xmlListAttachedResult{AttachedPolicies: list[start:end], IsTruncated: truncated, Marker: next}, nil
}

func (e *Emulator) iamPutRolePolicy(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:PutRolePolicy")
	if aerr != nil {
		return nil, aerr
	}
	name, doc := q.params.Get("PolicyName"), q.params.Get("PolicyDocument")
	if aerr := checkName("policyName", name, 128); aerr != nil {
		return nil, aerr
	}
	if aerr := checkDocument("policyDocument", doc); aerr != nil {
		return nil, aerr
	}
	if _, err := validatePolicy(doc, kindIdentity); err != nil {
		return nil, malformed(err)
	}
	total := nonWhitespaceLen(doc)
	kept := r.inline[:0:0]
	for _, np := range r.inline {
		if np.name != name {
			kept = append(kept, np)
			total += nonWhitespaceLen(np.doc)
		}
	}
	if total > 10240 {
		return nil, newError(http.StatusConflict, "LimitExceeded", "Maximum policy size of 10240 bytes exceeded for role %s", r.name)
	}
	r.inline = append(kept, namedPolicy{name: name, doc: doc})
	return nil, nil
}

func (e *Emulator) iamGetRolePolicy(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:GetRolePolicy")
	if aerr != nil {
		return nil, aerr
	}
	name := q.params.Get("PolicyName")
	for _, np := range r.inline {
		if np.name == name {
			return xmlRolePolicyResult{RoleName: r.name, PolicyName: name, PolicyDocument: uriEncode(np.doc, true)}, nil
		}
	}
	return nil, newError(http.StatusNotFound, "NoSuchEntity", "The role policy with name %s cannot be found.", name)
}

func (e *Emulator) iamDeleteRolePolicy(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:DeleteRolePolicy")
	if aerr != nil {
		return nil, aerr
	}
	name := q.params.Get("PolicyName")
	for i, np := range r.inline {
		if np.name == name {
			r.inline = append(r.inline[:i:i], r.inline[i+1:]...)
			return nil, nil
		}
	}
	return nil, newError(http.StatusNotFound, "NoSuchEntity", "The role policy with name %s cannot be found.", name)
}

func (e *Emulator) iamListRolePolicies(q *request) (any, *apiError) {
	r, aerr := e.lookupRole(q, "iam:ListRolePolicies")
	if aerr != nil {
		return nil, aerr
	}
	names := []string{}
	for _, np := range r.inline {
		names = append(names, np.name)
	}
	sort.Strings(names)
	start, end, truncated, next, aerr := paginate(q.params, len(names))
	if aerr != nil {
		return nil, aerr
	}
	return xmlListNamesResult{PolicyNames: names[start:end], IsTruncated: truncated, Marker: next}, nil
}
