package iampolicy

import (
	"bytes"
	"encoding/json"
)

type bytesBuffer = bytes.Buffer

// jsonEqual compares two values decoded by encoding/json.
func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func jsonCompact(dst *bytes.Buffer, doc string) error { return json.Compact(dst, []byte(doc)) }
