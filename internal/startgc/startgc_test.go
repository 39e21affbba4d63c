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
	if !Held() || gcPercent() != -1 || debug.SetMemoryLimit(-1) != holdLimit {
		t.Fatalf("at start: held %v, GOGC %d, limit %d; want held, off, %d", Held(), gcPercent(), debug.SetMemoryLimit(-1), holdLimit)
	}
	SetPercent(50)
	if gcPercent() != -1 {
		t.Errorf("SetPercent during the hold changed GOGC to %d", gcPercent())
	}
	Release()
	if Held() || gcPercent() != 50 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("after Release: held %v, GOGC %d, limit %d; want released, 50, no limit", Held(), gcPercent(), debug.SetMemoryLimit(-1))
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
