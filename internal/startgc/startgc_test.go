package startgc

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// gcPercent reads GOGC without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestHoldThenRelease(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the environment wins, and there is no hold")
	}
	if gcPercent() != -1 || debug.SetMemoryLimit(-1) != holdLimit {
		t.Fatalf("at start: GOGC %d, limit %d; want off, %d", gcPercent(), debug.SetMemoryLimit(-1), holdLimit)
	}
	SetPercent(50)
	if gcPercent() != -1 {
		t.Errorf("SetPercent during the hold changed GOGC to %d", gcPercent())
	}
	Release()
	if gcPercent() != 50 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("after Release: GOGC %d, limit %d; want 50, no limit", gcPercent(), debug.SetMemoryLimit(-1))
	}
	Release()
	if gcPercent() != 50 {
		t.Errorf("a second Release changed GOGC to %d", gcPercent())
	}
	SetPercent(70)
	if gcPercent() != 70 {
		t.Errorf("SetPercent after the hold: GOGC %d, want 70", gcPercent())
	}
	debug.SetGCPercent(100)
}
