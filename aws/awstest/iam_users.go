package awstest

import (
	"fmt"
	"net/http"
)

func (e *Emulator) iamGetUser(q *request) (any, *apiError) {
	a := q.callerAccount()
	name := q.params.Get("UserName")
	if name == "" {
		if q.caller.user == nil {
			return nil, validationError("Must specify userName when calling with non-User credentials")
		}
		name = q.caller.user.name
	}
	if aerr := checkName("userName", name, 64); aerr != nil {
		return nil, aerr
	}
	u := a.users[nameKey(name)]
	resource := fmt.Sprintf("arn:%s:iam::%s:user/%s", a.partition, a.id, name)
	if u != nil {
		resource = u.arn
	}
	if aerr := e.authorize(q, "iam:GetUser", resource, nil); aerr != nil {
		return nil, aerr
	}
	if u == nil {
		return nil, newError(http.StatusNotFound, "NoSuchEntity", "The user with name %s cannot be found.", name)
	}
	return xmlUserResult{User: xmlUser{Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: isoTime(u.created)}}, nil
}
