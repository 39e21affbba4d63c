package contract

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// accountAOperations are the operations of the full published spec
// (palette-openapi-4.8.json) that bslwiz calls for Account A's side: the
// project's clusters and its AWS cloud accounts, copied verbatim with the
// definitions they use that the shared subset lacks. The shared subset is
// read-only here, so the contract is the subset and these together.
//
//go:embed accounta-operations.json
var accountAOperations []byte

// withExtensions merges the extension operations into the subset spec: a
// path or definition both define must be the same, so an extension can add
// to the contract but never loosen it.
func withExtensions(spec []byte) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	var ext struct {
		Paths       map[string]json.RawMessage `json:"paths"`
		Definitions map[string]json.RawMessage `json:"definitions"`
	}
	if err := json.Unmarshal(accountAOperations, &ext); err != nil {
		return nil, fmt.Errorf("parse the extension operations: %w", err)
	}
	for _, part := range []struct {
		key string
		add map[string]json.RawMessage
	}{{"paths", ext.Paths}, {"definitions", ext.Definitions}} {
		have := map[string]json.RawMessage{}
		if raw, ok := doc[part.key]; ok {
			if err := json.Unmarshal(raw, &have); err != nil {
				return nil, fmt.Errorf("parse %s: %w", part.key, err)
			}
		}
		for k, v := range part.add {
			if _, dup := have[k]; dup {
				return nil, fmt.Errorf("the extension redefines %s %s, which the subset has", part.key, k)
			}
			have[k] = v
		}
		merged, err := json.Marshal(have)
		if err != nil {
			return nil, err
		}
		doc[part.key] = merged
	}
	return json.Marshal(doc)
}
