package awstest

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/bslwiz/bslwiz/internal/lazyre"
)

// iamOps lists the IAM operations the emulator implements.
var iamOps = map[string]queryOp{
	"CreateRole":                    {handle: (*Emulator).iamCreateRole, mutating: true},
	"GetRole":                       {handle: (*Emulator).iamGetRole},
	"ListRoles":                     {handle: (*Emulator).iamListRoles},
	"UpdateRole":                    {handle: (*Emulator).iamUpdateRole, mutating: true},
	"UpdateRoleDescription":         {handle: (*Emulator).iamUpdateRoleDescription, mutating: true},
	"DeleteRole":                    {handle: (*Emulator).iamDeleteRole, mutating: true},
	"TagRole":                       {handle: (*Emulator).iamTagRole, mutating: true},
	"UntagRole":                     {handle: (*Emulator).iamUntagRole, mutating: true},
	"ListRoleTags":                  {handle: (*Emulator).iamListRoleTags},
	"UpdateAssumeRolePolicy":        {handle: (*Emulator).iamUpdateAssumeRolePolicy, mutating: true},
	"PutRolePermissionsBoundary":    {handle: (*Emulator).iamPutRolePermissionsBoundary, mutating: true},
	"DeleteRolePermissionsBoundary": {handle: (*Emulator).iamDeleteRolePermissionsBoundary, mutating: true},
	"AttachRolePolicy":              {handle: (*Emulator).iamAttachRolePolicy, mutating: true},
	"DetachRolePolicy":              {handle: (*Emulator).iamDetachRolePolicy, mutating: true},
	"ListAttachedRolePolicies":      {handle: (*Emulator).iamListAttachedRolePolicies},
	"PutRolePolicy":                 {handle: (*Emulator).iamPutRolePolicy, mutating: true},
	"GetRolePolicy":                 {handle: (*Emulator).iamGetRolePolicy},
	"DeleteRolePolicy":              {handle: (*Emulator).iamDeleteRolePolicy, mutating: true},
	"ListRolePolicies":              {handle: (*Emulator).iamListRolePolicies},
	"CreatePolicy":                  {handle: (*Emulator).iamCreatePolicy, mutating: true},
	"GetPolicy":                     {handle: (*Emulator).iamGetPolicy},
	"ListPolicies":                  {handle: (*Emulator).iamListPolicies},
	"DeletePolicy":                  {handle: (*Emulator).iamDeletePolicy, mutating: true},
	"CreatePolicyVersion":           {handle: (*Emulator).iamCreatePolicyVersion, mutating: true},
	"GetPolicyVersion":              {handle: (*Emulator).iamGetPolicyVersion},
	"ListPolicyVersions":            {handle: (*Emulator).iamListPolicyVersions},
	"DeletePolicyVersion":           {handle: (*Emulator).iamDeletePolicyVersion, mutating: true},
	"SetDefaultPolicyVersion":       {handle: (*Emulator).iamSetDefaultPolicyVersion, mutating: true},
	"ListEntitiesForPolicy":         {handle: (*Emulator).iamListEntitiesForPolicy},
	"SimulatePrincipalPolicy":       {handle: (*Emulator).iamSimulatePrincipalPolicy},
	"GetUser":                       {handle: (*Emulator).iamGetUser},
}

var (
	iamNamePattern    = lazyre.New(`^[\w+=,.@-]+$`)
	rolePathPattern   = lazyre.New(`^(/|/[\x21-\x7E]+/)$`)
	policyPathPattern = lazyre.New(`^((/[A-Za-z0-9.,+@=_-]+)*)/$`)
	documentPattern   = lazyre.New(`^[\x09\x0A\x0D\x20-\x{00FF}]+$`)
)

// checkName validates an IAM entity name parameter (RoleName, PolicyName, UserName).
func checkName(field, v string, max int) *apiError {
	switch {
	case v == "":
		return validationError("Value null at '%s' failed to satisfy constraint: Member must not be null", field)
	case len(v) > max:
		return validationError("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", v, field, max)
	case !iamNamePattern.MatchString(v):
		return validationError("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+", v, field)
	}
	return nil
}

// checkPath validates a Path parameter; pattern is the role or the (stricter) policy path pattern.
func checkPath(v string, pattern *lazyre.Regexp) *apiError {
	if len(v) > 512 {
		return validationError("Value '%s' at 'path' failed to satisfy constraint: Member must have length less than or equal to 512", v)
	}
	if !pattern.MatchString(v) {
		return validationError("Value '%s' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", v,
			strings.Trim(pattern.String(), "^$"))
	}
	return nil
}

// checkDocument validates the wire form of a policy document parameter.
func checkDocument(field, v string) *apiError {
	switch {
	case v == "":
		return validationError("Value null at '%s' failed to satisfy constraint: Member must not be null", field)
	case len(v) > 131072:
		return validationError("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 131072", field)
	case !documentPattern.MatchString(v):
		return validationError("Value at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", field)
	}
	return nil
}

// checkARN validates an ARN parameter (PolicyArn, PermissionsBoundary, ...).
func checkARN(v string) *apiError {
	if len(v) < 20 || len(v) > 2048 {
		return validationError("Value '%s' at 'policyArn' failed to satisfy constraint: Member must have length greater than or equal to 20", v)
	}
	if !arn.IsARN(v) {
		return newError(http.StatusBadRequest, "InvalidInput", "ARN %s is not valid.", v)
	}
	return nil
}

// checkTags validates tags for an entity that already has existing ones.
func checkTags(existing, add []Tag) *apiError {
	seen := map[string]bool{}
	for _, t := range add {
		k := strings.ToLower(t.Key)
		if seen[k] {
			return newError(http.StatusBadRequest, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
		if t.Key == "" || len(t.Key) > 128 {
			return validationError("Value '%s' at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128", t.Key)
		}
		if len(t.Value) > 256 {
			return validationError("Value '%s' at 'tags.member.value' failed to satisfy constraint: Member must have length less than or equal to 256", t.Value)
		}
	}
	if len(mergeTags(existing, add)) > 50 {
		return newError(http.StatusConflict, "LimitExceeded", "The number of tags has reached the maximum limit.")
	}
	return nil
}

// mergeTags sets each tag of add on tags (keys compare case-insensitively) and returns the result.
func mergeTags(tags, add []Tag) []Tag {
	out := append([]Tag(nil), tags...)
next:
	for _, t := range add {
		for i := range out {
			if strings.EqualFold(out[i].Key, t.Key) {
				out[i] = t
				continue next
			}
		}
		out = append(out, t)
	}
	return out
}

// malformed turns a policy validation error into IAM's MalformedPolicyDocument.
func malformed(err error) *apiError {
	var se *policySyntaxError
	if errors.As(err, &se) {
		return newError(http.StatusBadRequest, "MalformedPolicyDocument", "%s", se.Message)
	}
	return newError(http.StatusBadRequest, "MalformedPolicyDocument", "%v", err)
}

// callerAccount is the account IAM calls act on: always the caller's own.
func (q *request) callerAccount() *account { return q.caller.account }

// paginate applies Marker/MaxItems (default 100) to a list of n items.
func paginate(p url.Values, n int) (start, end int, truncated bool, next string, aerr *apiError) {
	maxItems, has, aerr := intParam(p, "MaxItems")
	if aerr != nil {
		return 0, 0, false, "", aerr
	}
	if !has {
		maxItems = 100
	}
	if maxItems < 1 || maxItems > 1000 {
		return 0, 0, false, "", validationError("Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", maxItems)
	}
	if m := p.Get("Marker"); m != "" {
		v, err := strconv.Atoi(strings.TrimPrefix(m, "awstest-"))
		if err != nil || v < 0 || v > n {
			return 0, 0, false, "", newError(http.StatusBadRequest, "InvalidInput", "Invalid Marker.")
		}
		start = v
	}
	end = min(start+maxItems, n)
	if end < n {
		truncated, next = true, "awstest-"+strconv.Itoa(end)
	}
	return start, end, truncated, next, nil
}
