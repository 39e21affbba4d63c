// Package contract checks HTTP traffic against shared/reference/palette-openapi-subset.json
// with kin-openapi: every request body a client sends and every answer a server gives. It
// is for tests of palette and palettetest only, so that production code never links
// kin-openapi.
//
// The contract is closed: an object schema that lists its properties accepts no other
// property, so a misspelt optional field ("credentialsType") is a violation, not a silently
// ignored extra. Error answers, which the subset does not list, must be v1Error bodies.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Validator checks traffic through the handlers it wraps and remembers the violations.
type Validator struct {
	router      routers.Router
	errorSchema *openapi3.Schema

	mu         sync.Mutex
	violations []string
}

// Load reads the swagger 2.0 subset at specPath and prepares it for validation.
func Load(specPath string) (*Validator, error) {
	data, err := os.ReadFile(specPath)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	if data, err = withExtensions(data); err != nil {
		return nil, fmt.Errorf("contract: %s: %w", specPath, err)
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(data, &doc2); err != nil {
		return nil, fmt.Errorf("contract: parse %s: %w", specPath, err)
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("contract: convert %s to OpenAPI 3: %w", specPath, err)
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, fmt.Errorf("contract: resolve refs in %s: %w", specPath, err)
	}
	closeObjects(doc)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: %s: %w", specPath, err)
	}
	errRef := doc.Components.Schemas["v1Error"]
	if errRef == nil || errRef.Value == nil {
		return nil, fmt.Errorf("contract: %s has no v1Error schema", specPath)
	}
	return &Validator{router: router, errorSchema: errRef.Value}, nil
}

// closeObjects forbids properties that a schema with a property list does not name.
func closeObjects(doc *openapi3.T) {
	no := false
	for _, ref := range doc.Components.Schemas {
		s := ref.Value
		if s != nil && len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			s.AdditionalProperties = openapi3.AdditionalProperties{Has: &no}
		}
	}
}

// Handler wraps a handler in a Validator for specPath. A request that breaks the contract
// is answered 400 with a v1Error of code "ContractViolation" and does not reach next; an
// answer that breaks it is passed on and recorded (see Validator.Violations).
func Handler(next http.Handler, specPath string) (http.Handler, error) {
	v, err := Load(specPath)
	if err != nil {
		return nil, err
	}
	return v.Wrap(next), nil
}

// Violations returns what broke the contract so far.
func (v *Validator) Violations() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.violations...)
}

func (v *Validator) record(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.violations = append(v.violations, fmt.Sprintf(format, args...))
}

// Wrap returns next with the request checked before it and the answer checked after it.
func (v *Validator) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		what := r.Method + " " + r.URL.Path
		route, params, err := v.router.FindRoute(r)
		if err != nil {
			v.reject(w, "request %s: no such operation in the spec: %v", what, err)
			return
		}
		in := &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			v.reject(w, "request %s (%s): %v", what, route.Operation.OperationID, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		v.checkResponse(r.Context(), in, rec, what)
		for k, vals := range rec.Header() {
			w.Header()[k] = vals
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// statusClientClosedRequest is written by a server whose client left; there is no answer to check.
const statusClientClosedRequest = 499

func (v *Validator) checkResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, rec *httptest.ResponseRecorder, what string) {
	op := in.Route.Operation.OperationID
	switch {
	case rec.Code == statusClientClosedRequest:
	case rec.Code >= 200 && rec.Code < 300:
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body:    io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
			v.record("answer %d to %s (%s): %v", rec.Code, what, op, err)
		}
	default:
		if err := v.checkError(rec); err != nil {
			v.record("error answer %d to %s (%s): %v", rec.Code, what, op, err)
		}
	}
}

// checkError requires a v1Error JSON body.
func (v *Validator) checkError(rec *httptest.ResponseRecorder) error {
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		return fmt.Errorf("Content-Type %q, want application/json", ct)
	}
	var body any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	if err := v.errorSchema.VisitJSON(body, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("body is not a v1Error: %w", err)
	}
	if m, _ := body.(map[string]any); m["code"] == nil || m["message"] == nil {
		return errors.New("v1Error without code or message")
	}
	return nil
}

// reject answers a request that broke the contract and records it.
func (v *Validator) reject(w http.ResponseWriter, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	v.record("%s", msg)
	body, _ := json.Marshal(map[string]string{"code": "ContractViolation", "message": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	w.Write(body)
}
