package palette

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Sentinels for errors.Is on an *APIError.
var (
	ErrAuth        = errors.New("palette: not authorized (401/403)")
	ErrNotFound    = errors.New("palette: not found (404)")
	ErrConflict    = errors.New("palette: conflict (409)")
	ErrRateLimited = errors.New("palette: rate limited (429)")
)

// APIError is a non-2xx answer, decoded from Palette's v1Error body. The API key is
// redacted from every field.
type APIError struct {
	Status  int    // HTTP status code
	Code    string // v1Error.code, e.g. "ResourceNotFound"; http.StatusText(Status) for non-JSON bodies
	Message string // v1Error.message; the status line for non-JSON bodies
	Ref     string // v1Error.ref
	Details any    // v1Error.details; the raw body, truncated, for non-JSON bodies

	// Attempts is how many requests the call made before giving up (1 when not retried).
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "palette: %d", e.Status)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" && e.Message != e.statusLine() {
		b.WriteString(": " + e.Message)
	}
	if e.Ref != "" {
		b.WriteString(" (ref " + e.Ref + ")")
	}
	if s, ok := e.Details.(string); ok && s != "" {
		b.WriteString(": " + s)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (gave up after %d attempts)", e.Attempts)
	}
	return b.String()
}

func (e *APIError) statusLine() string {
	return fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
}

// Is reports whether the status belongs to one of the package's sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrAuth:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrConflict:
		return e.Status == http.StatusConflict
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	}
	return false
}

// maxDetails bounds the raw body kept from a non-JSON error answer.
const maxDetails = 512

// decodeAPIError builds the APIError for a non-2xx answer. A body that is not a v1Error
// JSON object falls back to {code: status text, message: status line, details: raw body}.
func decodeAPIError(status int, statusLine string, body []byte, r redactor) *APIError {
	var wire struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Ref     string `json:"ref"`
		Details any    `json:"details"`
	}
	if err := json.Unmarshal(body, &wire); err == nil && (wire.Code != "" || wire.Message != "") {
		return &APIError{
			Status:  status,
			Code:    r.String(wire.Code),
			Message: r.String(wire.Message),
			Ref:     r.String(wire.Ref),
			Details: r.Value(wire.Details),
		}
	}
	e := &APIError{Status: status, Code: http.StatusText(status), Message: r.String(statusLine)}
	if raw := strings.TrimSpace(string(body)); raw != "" {
		e.Details = truncate(redactRaw(raw, r), maxDetails) // redact first: a cut must not leave part of the key
	}
	return e
}

// redactRaw redacts a raw body. JSON is decoded and re-encoded around the redaction, so a
// key written with escapes ("\u003c", "\/") is still found.
func redactRaw(raw string, r redactor) string {
	var v any
	if json.Unmarshal([]byte(raw), &v) == nil {
		if out, err := json.Marshal(r.Value(v)); err == nil {
			return r.String(string(out))
		}
	}
	return r.String(raw)
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// RequestError is a call that got no HTTP answer: a timeout, a cancelled context or a
// network failure. Its text is redacted; Unwrap exposes only context.Canceled or
// context.DeadlineExceeded, never the transport's own error (whose text may hold a URL).
type RequestError struct {
	Method, Path string
	msg          string
	cause        error
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("palette %s %s: %s", e.Method, e.Path, e.msg)
}
func (e *RequestError) Unwrap() error { return e.cause }
