package palette

import (
	"encoding/json"
	"net/url"
	"strings"
)

// Redacted replaces the API key wherever it appears in error text.
const Redacted = "[REDACTED]"

// redactor removes the API key, in the forms a server or a URL might carry it, from text.
type redactor struct{ forms []string }

func newRedactor(key string) redactor {
	if key == "" {
		return redactor{}
	}
	forms := []string{key}
	quoted, _ := json.Marshal(key)
	for _, f := range []string{url.QueryEscape(key), url.PathEscape(key), string(quoted[1 : len(quoted)-1])} {
		if f != key {
			forms = append(forms, f)
		}
	}
	return redactor{forms: forms}
}

// String returns s without the key.
func (r redactor) String(s string) string {
	for _, f := range r.forms {
		s = strings.ReplaceAll(s, f, Redacted)
	}
	return s
}

// Value returns a copy of a decoded JSON value (maps, slices, strings) without the key,
// in values and in map keys.
func (r redactor) Value(v any) any {
	switch v := v.(type) {
	case string:
		return r.String(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = r.Value(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[r.String(k)] = r.Value(e)
		}
		return out
	default:
		return v
	}
}
