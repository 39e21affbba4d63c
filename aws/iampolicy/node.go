package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// kind is the JSON type of a node.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// node is a JSON value that remembers the order of object keys and the
// literal text of numbers, so that a document re-renders with its meaning
// unchanged.
type node struct {
	kind  kind
	text  string   // bool: "true"/"false"; number: the literal; string: the value
	elems []*node  // array elements
	keys  []string // object keys in document order
	vals  []*node  // object values, parallel to keys
}

// maxDepth bounds nesting. IAM policies nest about six levels deep; the bound
// keeps hostile input from exhausting the stack of the recursive renderers.
const maxDepth = 64

func stringNode(s string) *node { return &node{kind: kindString, text: s} }

func arrayNode(elems ...*node) *node { return &node{kind: kindArray, elems: elems} }

// objectNode builds an object from alternating keys and values.
func objectNode(kv ...any) *node {
	n := &node{kind: kindObject}
	for i := 0; i+1 < len(kv); i += 2 {
		n.set(kv[i].(string), kv[i+1].(*node))
	}
	return n
}

// get returns the value of key, or nil.
func (n *node) get(key string) *node {
	if n == nil || n.kind != kindObject {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// set replaces the value of key, or appends key when it is absent.
func (n *node) set(key string, v *node) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, v)
}

// clone returns a deep copy.
func (n *node) clone() *node {
	c := &node{kind: n.kind, text: n.text}
	for _, e := range n.elems {
		c.elems = append(c.elems, e.clone())
	}
	for i, k := range n.keys {
		c.keys = append(c.keys, k)
		c.vals = append(c.vals, n.vals[i].clone())
	}
	return c
}

// parseJSON decodes one JSON value, rejecting invalid UTF-8, duplicate keys
// (their meaning is ambiguous), nesting beyond maxDepth and trailing data.
func parseJSON(text string) (*node, error) {
	if !utf8.ValidString(text) {
		return nil, errors.New("not valid UTF-8")
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	n, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

func parseValue(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested more than %d levels deep", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, eofError(err)
	}
	switch v := tok.(type) {
	case nil:
		return &node{kind: kindNull}, nil
	case bool:
		if v {
			return &node{kind: kindBool, text: "true"}, nil
		}
		return &node{kind: kindBool, text: "false"}, nil
	case json.Number:
		return &node{kind: kindNumber, text: string(v)}, nil
	case string:
		return stringNode(v), nil
	case json.Delim:
		switch v {
		case '[':
			n := &node{kind: kindArray, elems: []*node{}}
			for dec.More() {
				e, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
			return n, closeToken(dec)
		case '{':
			n := &node{kind: kindObject}
			seen := map[string]bool{}
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return nil, eofError(err)
				}
				key, _ := tok.(string) // the decoder only yields string keys here
				if seen[key] {
					return nil, fmt.Errorf("duplicate key %q", key)
				}
				seen[key] = true
				val, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, val)
			}
			return n, closeToken(dec)
		}
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// closeToken consumes the ']' or '}' that ends an array or object.
func closeToken(dec *json.Decoder) error {
	_, err := dec.Token()
	return eofError(err)
}

// eofError names a premature end of input; the decoder reports a bare EOF.
func eofError(err error) error {
	if err == io.EOF {
		return errors.New("unexpected end of JSON input")
	}
	return err
}

// compact renders n as compact JSON in document order.
func (n *node) compact() string {
	var b bytes.Buffer
	n.writeCompact(&b)
	return b.String()
}

func (n *node) writeCompact(b *bytes.Buffer) {
	switch n.kind {
	case kindNull:
		b.WriteString("null")
	case kindBool, kindNumber:
		b.WriteString(n.text)
	case kindString:
		writeString(b, n.text)
	case kindArray:
		b.WriteByte('[')
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			e.writeCompact(b)
		}
		b.WriteByte(']')
	case kindObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			n.vals[i].writeCompact(b)
		}
		b.WriteByte('}')
	}
}

// writeString writes s as a JSON string. Unlike encoding/json it leaves
// '<', '>' and '&' alone, which keeps policies readable; invalid UTF-8
// becomes U+FFFD as in encoding/json.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xF])
			b.WriteByte(hex[r>>8&0xF])
			b.WriteByte(hex[r>>4&0xF])
			b.WriteByte(hex[r&0xF])
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// stringsOf returns the strings of a string-or-array-of-strings value, the
// shape IAM accepts for Action, Resource, principals and condition values.
func stringsOf(n *node) ([]string, bool) {
	if n == nil {
		return nil, false
	}
	switch n.kind {
	case kindString:
		return []string{n.text}, true
	case kindArray:
		out := make([]string, 0, len(n.elems))
		for _, e := range n.elems {
			if e.kind != kindString {
				return nil, false
			}
			out = append(out, e.text)
		}
		return out, true
	}
	return nil, false
}
