package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// jsonKind is the type of a JSON value.
type jsonKind int

const (
	jsonNull jsonKind = iota
	jsonBool
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

// jsonValue is a parsed JSON value that keeps the order of object members,
// so that documents render in HCL and YAML in the order IAM and the guide
// write them (Version before Statement, Effect before Action).
type jsonValue struct {
	kind    jsonKind
	text    string // the string, the number literal, or "true"/"false"
	items   []jsonValue
	members []jsonMember
}

type jsonMember struct {
	key   string
	value jsonValue
}

// parseJSON parses one JSON document.
func parseJSON(doc string) (jsonValue, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(doc)))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return jsonValue{}, fmt.Errorf("parse JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return jsonValue{}, errors.New("parse JSON: data after the document")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (jsonValue, error) {
	tok, err := dec.Token()
	if err != nil {
		return jsonValue{}, err
	}
	switch t := tok.(type) {
	case nil:
		return jsonValue{kind: jsonNull}, nil
	case bool:
		if t {
			return jsonValue{kind: jsonBool, text: "true"}, nil
		}
		return jsonValue{kind: jsonBool, text: "false"}, nil
	case json.Number:
		return jsonValue{kind: jsonNumber, text: t.String()}, nil
	case string:
		return jsonValue{kind: jsonString, text: t}, nil
	case json.Delim:
		switch t {
		case '[':
			v := jsonValue{kind: jsonArray}
			for dec.More() {
				item, err := decodeValue(dec)
				if err != nil {
					return jsonValue{}, err
				}
				v.items = append(v.items, item)
			}
			_, err := dec.Token() // ]
			return v, err
		case '{':
			v := jsonValue{kind: jsonObject}
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return jsonValue{}, err
				}
				val, err := decodeValue(dec)
				if err != nil {
					return jsonValue{}, err
				}
				v.members = append(v.members, jsonMember{key.(string), val})
			}
			_, err := dec.Token() // }
			return v, err
		}
	}
	return jsonValue{}, fmt.Errorf("unexpected token %v", tok)
}

// get returns the member of an object with the given key.
func (v jsonValue) get(key string) (jsonValue, bool) {
	for _, m := range v.members {
		if m.key == key {
			return m.value, true
		}
	}
	return jsonValue{}, false
}

// marshal returns v as compact JSON, members in their order.
func (v jsonValue) marshal() string {
	var b bytes.Buffer
	v.writeJSON(&b)
	return b.String()
}

func (v jsonValue) writeJSON(b *bytes.Buffer) {
	switch v.kind {
	case jsonNull:
		b.WriteString("null")
	case jsonBool, jsonNumber:
		b.WriteString(v.text)
	case jsonString:
		b.WriteString(quoteJSON(v.text))
	case jsonArray:
		b.WriteByte('[')
		for i, item := range v.items {
			if i > 0 {
				b.WriteByte(',')
			}
			item.writeJSON(b)
		}
		b.WriteByte(']')
	case jsonObject:
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quoteJSON(m.key))
			b.WriteByte(':')
			m.value.writeJSON(b)
		}
		b.WriteByte('}')
	}
}

// quoteJSON quotes s as a JSON string without escaping <, > and &.
func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// prettyJSON indents a compact JSON document with two spaces, keeping the
// order of its members.
func prettyJSON(doc string) (string, error) {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(doc), "", "  "); err != nil {
		return "", fmt.Errorf("indent JSON: %w", err)
	}
	return b.String(), nil
}
