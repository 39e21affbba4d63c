package awstest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// queryOp is one awsQuery operation: its handler and whether it changes state.
type queryOp struct {
	handle   func(e *Emulator, q *request) (any, *apiError)
	mutating bool
}

// serveQuery answers an IAM or STS (awsQuery protocol) request.
func (e *Emulator) serveQuery(w http.ResponseWriter, q *request, sigErr error) {
	status, caller := e.runQuery(w, q, sigErr)
	e.record(q, caller, status)
	if q.dropped {
		dropReply()
	}
}

func (e *Emulator) runQuery(w http.ResponseWriter, q *request, sigErr error) (int, *principal) {
	params, err := queryParams(q.r, q.body)
	if err != nil {
		return writeQueryError(w, q, newError(http.StatusBadRequest, "MalformedQueryString", "%v", err)), nil
	}
	q.params = params
	q.action = params.Get("Action")
	ops := iamOps
	if q.service == "sts" {
		ops = stsOps
	}
	op, known := ops[q.action]
	q.mutating = op.mutating
	if sigErr != nil {
		return writeQueryError(w, q, newError(http.StatusBadRequest, "IncompleteSignature", "%v", sigErr)), nil
	}
	if !known {
		return writeQueryError(w, q, newError(http.StatusBadRequest, "InvalidAction",
			"Could not find operation %s for version %s", q.action, params.Get("Version"))), nil
	}
	e.mu.Lock()
	q.now = e.now()
	if q.sig == nil {
		e.mu.Unlock()
		return writeQueryError(w, q, authError(q.service, authMissing, "")), nil
	}
	if aerr := e.authenticate(q, sha256Hex(q.body)); aerr != nil {
		e.mu.Unlock()
		return writeQueryError(w, q, aerr), nil
	}
	latency, fault := e.takeFault(q.op())
	e.mu.Unlock()

	sleep(q.r.Context(), latency)
	if fault != noFault && fault != dropFault {
		return writeQueryError(w, q, faultError(q.service, fault)), q.caller
	}

	e.mu.Lock()
	q.now = e.now()
	result, aerr := op.handle(e, q)
	e.mu.Unlock()
	if fault == dropFault {
		q.dropped, w = true, newDiscardWriter()
	}
	if aerr != nil {
		return writeQueryError(w, q, aerr), q.caller
	}
	return writeQueryResult(w, q, result), q.caller
}

// queryParams merges the URL query and a form-encoded body.
func queryParams(r *http.Request, body []byte) (url.Values, error) {
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("parse query string: %w", err)
	}
	if r.Method == http.MethodPost && len(body) > 0 {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("parse form body: %w", err)
		}
		for k, v := range form {
			params[k] = append(params[k], v...)
		}
	}
	return params, nil
}

func xmlNamespace(service string) string {
	if service == "sts" {
		return "https://sts.amazonaws.com/doc/2011-06-15/"
	}
	return "https://iam.amazonaws.com/doc/2010-05-08/"
}

// writeQueryResult writes <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>.
func writeQueryResult(w http.ResponseWriter, q *request, result any) int {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<%sResponse xmlns="%s">`, q.action, xmlNamespace(q.service))
	if result == nil {
		fmt.Fprintf(&b, "<%sResult></%sResult>", q.action, q.action)
	} else {
		enc := xml.NewEncoder(&b)
		if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: q.action + "Result"}}); err != nil {
			return writeQueryError(w, q, newError(http.StatusInternalServerError, "ServiceFailure", "encode %s result: %v", q.action, err))
		}
	}
	fmt.Fprintf(&b, "<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>", q.id, q.action)
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", q.id)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
	return http.StatusOK
}

// writeQueryError writes AWS's awsQuery error envelope and returns the status.
func writeQueryError(w http.ResponseWriter, q *request, err *apiError) int {
	typ := "Sender"
	if err.Status >= 500 {
		typ = "Receiver"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>`, xmlNamespace(q.service), typ)
	_ = xml.EscapeText(&b, []byte(err.Code))
	b.WriteString("</Code><Message>")
	_ = xml.EscapeText(&b, []byte(err.Message))
	fmt.Fprintf(&b, "</Message></Error><RequestId>%s</RequestId></ErrorResponse>", q.id)
	for k, vs := range err.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", q.id)
	w.WriteHeader(err.Status)
	_, _ = w.Write(b.Bytes())
	return err.Status
}

// memberList reads an awsQuery list: prefix.member.1, prefix.member.2, ...
func memberList(p url.Values, prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		k := prefix + ".member." + strconv.Itoa(i)
		if !p.Has(k) {
			return out
		}
		out = append(out, p.Get(k))
	}
}

// tagList reads prefix.member.N.Key / .Value.
func tagList(p url.Values, prefix string) []Tag {
	var out []Tag
	for i := 1; ; i++ {
		base := prefix + ".member." + strconv.Itoa(i)
		if !p.Has(base+".Key") && !p.Has(base+".Value") {
			return out
		}
		out = append(out, Tag{Key: p.Get(base + ".Key"), Value: p.Get(base + ".Value")})
	}
}

// intParam reads an optional integer parameter.
func intParam(p url.Values, name string) (int, bool, *apiError) {
	if !p.Has(name) {
		return 0, false, nil
	}
	n, err := strconv.Atoi(p.Get(name))
	if err != nil {
		return 0, true, validationError("Value '%s' at '%s' failed to satisfy constraint: Member must be a number", p.Get(name), lowerFirst(name))
	}
	return n, true, nil
}

// validationError is the awsQuery ValidationError (400) with AWS's "1 validation error detected" prefix.
func validationError(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "ValidationError", "1 validation error detected: "+format, args...)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// isoTime formats a time the way IAM and STS do.
func isoTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
