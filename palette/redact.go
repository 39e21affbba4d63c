package palette

import (
	"encoding/json"
	"net/url"
	"reflect"
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

// Strings removes the key, in place, from every string reachable from v through
// pointers, interfaces, structs, slices, arrays and maps (keys and values): a decoded
// 2xx answer may echo it in any field (a project or location named with it, an
// external ID equal to it), and what the client returns is shown, journaled and exported.
func (r redactor) Strings(v reflect.Value) {
	if len(r.forms) == 0 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			r.Strings(v.Elem())
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := reflect.New(v.Elem().Type()).Elem()
		e.Set(v.Elem())
		r.Strings(e)
		if v.CanSet() {
			v.Set(e)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				r.Strings(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			r.Strings(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(it.Key())
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			r.Strings(k)
			r.Strings(e)
			out.SetMapIndex(k, e)
		}
		if v.CanSet() {
			v.Set(out)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(r.String(v.String()))
		}
	}
}
