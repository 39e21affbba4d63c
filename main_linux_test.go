package main

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestTheProcessIsNotDumpable: package main's init, which runs in this test binary as in
// bslwiz, has cleared the dumpable flag, so a core dump cannot hold the API key.
func TestTheProcessIsNotDumpable(t *testing.T) {
	n, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("PR_GET_DUMPABLE = %d, want 0", n)
	}
}
