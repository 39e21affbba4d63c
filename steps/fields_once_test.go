package steps

import "testing"

// TestFieldsIsTheCallersToChange: the field list is built once and shared;
// a caller that changes what Fields returned changes nothing for the next.
func TestFieldsIsTheCallersToChange(t *testing.T) {
	fs := Fields()
	want := fs[0].Key
	fs[0].Key, fs[0].Label = "changed", "changed"
	fs = append(fs[:0], fs[1:]...)
	if got := Fields()[0].Key; got != want {
		t.Errorf("Fields()[0].Key = %q after a caller changed its copy, want %q", got, want)
	}
	if f, ok := FieldByKey(want); !ok || f.Label == "changed" {
		t.Errorf("FieldByKey(%q) = %+v, %v after a caller changed its copy of Fields", want, f.Label, ok)
	}
	if len(Fields()) != len(allFields()) || len(fs) != len(allFields())-1 {
		t.Errorf("Fields() has %d fields, the shared list %d", len(Fields()), len(allFields()))
	}
}
