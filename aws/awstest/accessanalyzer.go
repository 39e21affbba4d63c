package awstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// IAM Access Analyzer: the two stateless policy checks bslwiz calls, over
// AWS's restJson1 protocol (POST /policy/validation and POST
// /policy/check-no-new-access, JSON bodies, errors as {"message": ...} with
// the X-Amzn-ErrorType header), signed for the service "access-analyzer" and
// authorized like every call (access-analyzer:ValidatePolicy,
// access-analyzer:CheckNoNewAccess).
//
// The emulator reports only findings it can decide exactly:
//
//   - ValidatePolicy: MISSING_VERSION (WARNING: no Version element),
//     EMPTY_OBJECT_CONDITION (SUGGESTION: a Condition, or an operator of
//     one, that is {}), EMPTY_ARRAY_ACTION (SUGGESTION: "Action": []). Every
//     other check of AWS's reference (over a hundred) is not emulated: a
//     policy clean of these three has no findings here.
//   - CheckNoNewAccess: an Allow statement of the new policy grants new
//     access (FAIL, one reason per statement) unless a statement of the
//     existing one is the same but for naming more principals. AWS reasons
//     about meaning and may PASS more (a statement whose access others
//     already grant together); the emulator never passes what AWS fails.
//
// SetAccessAnalyzerFindings adds findings to every ValidatePolicy answer, so
// that tests reach each path of the faces.

// AnalyzerFinding is a ValidatePolicy finding: Type is ERROR,
// SECURITY_WARNING, WARNING or SUGGESTION.
type AnalyzerFinding struct {
	Type, IssueCode, Details string
}

// SetAccessAnalyzerFindings makes every later ValidatePolicy answer carry fs
// as well as what the emulator finds itself; none turns it off.
func (e *Emulator) SetAccessAnalyzerFindings(fs ...AnalyzerFinding) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.aaFindings = append([]AnalyzerFinding(nil), fs...)
}

type aaLocation struct {
	Path []map[string]any `json:"path"`
	Span aaSpan           `json:"span"`
}

type aaSpan struct {
	Start aaPosition `json:"start"`
	End   aaPosition `json:"end"`
}

type aaPosition struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

type aaFinding struct {
	FindingDetails string       `json:"findingDetails"`
	FindingType    string       `json:"findingType"`
	IssueCode      string       `json:"issueCode"`
	LearnMoreLink  string       `json:"learnMoreLink"`
	Locations      []aaLocation `json:"locations"`
}

const aaReference = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"

// serveAccessAnalyzer serves an Access Analyzer request.
func (e *Emulator) serveAccessAnalyzer(w http.ResponseWriter, q *request, sigErr error) {
	status, caller := e.runAccessAnalyzer(w, q, sigErr)
	e.record(q, caller, status)
	if q.dropped {
		dropReply()
	}
}

func (e *Emulator) runAccessAnalyzer(w http.ResponseWriter, q *request, sigErr error) (int, *principal) {
	switch {
	case q.r.Method == http.MethodPost && q.r.URL.Path == "/policy/validation":
		q.action = "ValidatePolicy"
	case q.r.Method == http.MethodPost && q.r.URL.Path == "/policy/check-no-new-access":
		q.action = "CheckNoNewAccess"
	default:
		return writeJSONError(w, q, newError(http.StatusNotFound, "UnknownOperationException", "")), nil
	}
	if sigErr != nil || q.sig == nil {
		return writeJSONError(w, q, newError(http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token")), nil
	}
	e.mu.Lock()
	q.now = e.now()
	if aerr := e.authenticate(q, sha256Hex(q.body)); aerr != nil {
		e.mu.Unlock()
		return writeJSONError(w, q, aerr), nil
	}
	latency, fault := e.takeFault(q.op())
	e.mu.Unlock()
	sleep(q.r.Context(), latency)
	if fault != noFault && fault != dropFault {
		return writeJSONError(w, q, faultError(q.service, fault)), q.caller
	}
	e.mu.Lock()
	aerr := e.authorize(q, "access-analyzer:"+q.action, "arn:"+q.caller.account.partition+":access-analyzer:"+q.region()+":"+q.caller.account.id+":*", nil)
	extra := append([]AnalyzerFinding(nil), e.aaFindings...)
	e.mu.Unlock()
	if aerr != nil {
		return writeJSONError(w, q, aerr), q.caller
	}
	var (
		out any
		err *apiError
	)
	if q.action == "ValidatePolicy" {
		out, err = validatePolicyCall(q.body, extra)
	} else {
		out, err = checkNoNewAccessCall(q.body)
	}
	if fault == dropFault {
		q.dropped, w = true, newDiscardWriter()
	}
	if err != nil {
		return writeJSONError(w, q, err), q.caller
	}
	b, _ := json.Marshal(out)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", q.id)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return http.StatusOK, q.caller
}

// aaValidation is a ValidationException naming the field.
func aaValidation(field, msg string) *apiError {
	return newError(http.StatusBadRequest, "ValidationException", "1 validation error detected: Value at '%s' failed to satisfy constraint: %s", field, msg)
}

func decodeBody(body []byte, v any) *apiError {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return newError(http.StatusBadRequest, "SerializationException", "Unable to parse the request body")
	}
	return nil
}

func validatePolicyCall(body []byte, extra []AnalyzerFinding) (any, *apiError) {
	var in struct {
		Locale                     string  `json:"locale"`
		PolicyDocument             *string `json:"policyDocument"`
		PolicyType                 string  `json:"policyType"`
		ValidatePolicyResourceType string  `json:"validatePolicyResourceType"`
	}
	if aerr := decodeBody(body, &in); aerr != nil {
		return nil, aerr
	}
	switch {
	case in.PolicyDocument == nil:
		return nil, aaValidation("policyDocument", "Member must not be null")
	case in.PolicyType == "":
		return nil, aaValidation("policyType", "Member must not be null")
	case !oneOf(in.PolicyType, "IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
		return nil, aaValidation("policyType", "Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]")
	case in.ValidatePolicyResourceType != "" && in.PolicyType != "RESOURCE_POLICY":
		return nil, newError(http.StatusBadRequest, "ValidationException", "validatePolicyResourceType is only valid with policyType RESOURCE_POLICY")
	case in.ValidatePolicyResourceType != "" && !oneOf(in.ValidatePolicyResourceType, "AWS::S3::Bucket", "AWS::S3::AccessPoint",
		"AWS::S3::MultiRegionAccessPoint", "AWS::S3ObjectLambda::AccessPoint", "AWS::IAM::AssumeRolePolicyDocument", "AWS::DynamoDB::Table"):
		return nil, aaValidation("validatePolicyResourceType", "Member must satisfy enum value set")
	}
	findings := []aaFinding{}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(*in.PolicyDocument), &doc); err == nil {
		findings = append(findings, emulatedFindings(doc)...)
	}
	for _, f := range extra {
		findings = append(findings, aaFinding{FindingDetails: f.Details, FindingType: f.Type, IssueCode: f.IssueCode,
			LearnMoreLink: aaReference, Locations: []aaLocation{{Path: []map[string]any{}}}})
	}
	return map[string]any{"findings": findings}, nil
}

// emulatedFindings are the checks the emulator decides exactly (see the
// package comment above).
func emulatedFindings(doc map[string]json.RawMessage) []aaFinding {
	var out []aaFinding
	add := func(typ, code, details string, path ...map[string]any) {
		if path == nil {
			path = []map[string]any{}
		}
		out = append(out, aaFinding{FindingDetails: details, FindingType: typ, IssueCode: code,
			LearnMoreLink: aaReference, Locations: []aaLocation{{Path: path}}})
	}
	if _, ok := doc["Version"]; !ok {
		add("WARNING", "MISSING_VERSION", "We recommend that you specify the Version element to help you with debugging permission issues.")
	}
	var stmts []map[string]json.RawMessage
	raw := bytes.TrimSpace(doc["Statement"])
	if len(raw) > 0 && raw[0] == '{' {
		var one map[string]json.RawMessage
		if json.Unmarshal(raw, &one) == nil {
			stmts = append(stmts, one)
		}
	} else {
		_ = json.Unmarshal(raw, &stmts)
	}
	for i, st := range stmts {
		at := func(rest ...map[string]any) []map[string]any {
			return append([]map[string]any{{"value": "Statement"}, {"index": i}}, rest...)
		}
		if a := bytes.TrimSpace(st["Action"]); string(a) == "[]" {
			add("SUGGESTION", "EMPTY_ARRAY_ACTION", "This statement includes no actions and does not affect the policy. Specify actions.", at(map[string]any{"value": "Action"})...)
		}
		c := bytes.TrimSpace(st["Condition"])
		if len(c) == 0 {
			continue
		}
		var ops map[string]json.RawMessage
		if json.Unmarshal(c, &ops) != nil {
			continue
		}
		if len(ops) == 0 {
			add("SUGGESTION", "EMPTY_OBJECT_CONDITION", "The Condition element includes an empty object. Remove it or add a condition.", at(map[string]any{"value": "Condition"})...)
		}
		for op, keys := range ops {
			if strings.ReplaceAll(string(bytes.TrimSpace(keys)), " ", "") == "{}" {
				add("SUGGESTION", "EMPTY_OBJECT_CONDITION", fmt.Sprintf("The %s condition operator includes an empty object. Remove it or add a condition key.", op),
					at(map[string]any{"value": "Condition"}, map[string]any{"key": op})...)
			}
		}
	}
	return out
}

func checkNoNewAccessCall(body []byte) (any, *apiError) {
	var in struct {
		ExistingPolicyDocument *string `json:"existingPolicyDocument"`
		NewPolicyDocument      *string `json:"newPolicyDocument"`
		PolicyType             string  `json:"policyType"`
	}
	if aerr := decodeBody(body, &in); aerr != nil {
		return nil, aerr
	}
	switch {
	case in.NewPolicyDocument == nil:
		return nil, aaValidation("newPolicyDocument", "Member must not be null")
	case in.ExistingPolicyDocument == nil:
		return nil, aaValidation("existingPolicyDocument", "Member must not be null")
	case !oneOf(in.PolicyType, "IDENTITY_POLICY", "RESOURCE_POLICY"):
		return nil, aaValidation("policyType", "Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY]")
	}
	oldDoc, err1 := parsePolicy(*in.ExistingPolicyDocument)
	newDoc, err2 := parsePolicy(*in.NewPolicyDocument)
	if err1 != nil || err2 != nil {
		return nil, newError(http.StatusBadRequest, "ValidationException", "Invalid policy document: the policy is not valid JSON or not a valid policy")
	}
	reasons := []map[string]any{}
	for i, st := range newDoc.Statements {
		if st.Effect != "Allow" || slices.ContainsFunc(oldDoc.Statements, func(old statement) bool { return covers(old, st) }) {
			continue
		}
		r := map[string]any{"description": fmt.Sprintf("New access in the statement with index: %d.", i), "statementIndex": i}
		if st.Sid != "" {
			r["statementId"] = st.Sid
		}
		reasons = append(reasons, r)
	}
	if len(reasons) == 0 {
		return map[string]any{"result": "PASS", "message": "The modified permissions grant no new access compared to your existing policy.", "reasons": reasons}, nil
	}
	return map[string]any{"result": "FAIL", "message": "The modified permissions grant new access compared to your existing policy.", "reasons": reasons}, nil
}

// statementKey is a statement's meaning but for its Principal, as text
// (its parsed form, Sid left out, as JSON).
func statementKey(st statement) string {
	b, _ := json.Marshal(struct {
		E                string
		NP               *principalSpec
		A, NA, R, NR     []string
		HA, HNA, HR, HNR bool
		C                []condition
	}{st.Effect, st.NotPrincipal, st.Action, st.NotAction, st.Resource, st.NotResource,
		st.hasAction, st.hasNotAction, st.hasResource, st.hasNotResource, st.Conditions})
	return string(b)
}

// covers reports whether old grants all that st does: the same statement
// but for a Principal that names a subset of old's (dropping a principal,
// as removing a deleted one does, grants nothing new).
func covers(old, st statement) bool {
	if statementKey(old) != statementKey(st) {
		return false
	}
	switch {
	case st.Principal == nil || old.Principal == nil:
		return st.Principal == nil && old.Principal == nil
	case old.Principal.Any:
		return true
	case st.Principal.Any:
		return false
	}
	subset := func(xs, of []string) bool {
		for _, x := range xs {
			if !oneOf(x, of...) {
				return false
			}
		}
		return true
	}
	o, n := old.Principal, st.Principal
	return subset(n.AWS, o.AWS) && subset(n.Service, o.Service) && subset(n.Federated, o.Federated) && subset(n.Canonical, o.Canonical)
}

func oneOf(s string, set ...string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// writeJSONError writes an error in the restJson1 form: the code in
// X-Amzn-ErrorType and {"message": ...}. The emulator's shared fault and
// auth errors are given Access Analyzer's names.
func writeJSONError(w http.ResponseWriter, q *request, err *apiError) int {
	code, status := err.Code, err.Status
	switch code {
	case "Throttling":
		code, status = "ThrottlingException", http.StatusTooManyRequests
	case "ServiceFailure", "InternalFailure":
		code = "InternalServerException"
	case "AccessDenied":
		code = "AccessDeniedException"
	case "InvalidClientTokenId":
		code = "UnrecognizedClientException"
	case "SignatureDoesNotMatch":
		code = "InvalidSignatureException"
	case "ExpiredToken":
		code = "ExpiredTokenException"
	}
	b, _ := json.Marshal(map[string]string{"message": err.Message})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.Header().Set("x-amzn-RequestId", q.id)
	w.WriteHeader(status)
	_, _ = w.Write(b)
	return status
}
