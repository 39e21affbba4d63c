// Package procguard hardens the bslwiz process itself: it holds the Palette API key and
// AWS credentials in memory, so no core dump may be written and no process of the same
// user may attach to it. It imports nothing of bslwiz.
package procguard

// NoDump makes the process non-dumpable where the system allows it (Linux:
// prctl(PR_SET_DUMPABLE, 0)): no core file, and /proc/<pid>/mem and ptrace are closed
// to other processes of the same user. It returns the error of the call, if any.
func NoDump() error { return noDump() }
