package procguard

import "testing"

func TestNoDumpClearsTheDumpableFlag(t *testing.T) {
	if err := NoDump(); err != nil {
		t.Fatal(err)
	}
	if d, err := dumpable(); err != nil || d {
		t.Fatalf("dumpable = %v (%v) after NoDump, want false", d, err)
	}
}
