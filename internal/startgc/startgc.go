// Package startgc holds the garbage collector off while bslwiz starts, and
// lets it run from then on.
//
// The wizard's first frame is on screen about 25 ms after exec, and by
// then start-up has allocated a few megabytes that mostly stay live: the SDK
// clients' schemas, the emulators' tables, the model and the renderer's cell
// buffers. Collecting while they are made finds little to free, and on a
// 2-core machine it takes its time from the first frame: 34–36 ms median
// with the wizard's GOGC of 50 set as it starts, 27 ms held (bench 1 in the
// README, 20 runs each, 2026-12-01). The peak resident set after a walk
// does not grow (bench 4).
//
// The hold is bounded: a memory limit makes the collector run anyway if the
// heap reaches it, and Release ends it, which the wizard calls once its
// first frame is written and main on a timer for every command. A GOGC or
// GOMEMLIMIT in the environment wins over both.
//
// It must import nothing but the standard library's runtime/debug, os and
// sync: its init has to run before the packages that allocate at start-up,
// and a dependency on any of them would order it after.
package startgc

import (
	"os"
	"runtime/debug"
	"sync"
)

// holdLimit is the memory limit while the collector is held: far above
// what start-up needs (about 12 MB in all), so it never binds unless
// something is wrong.
const holdLimit = 96 << 20

var (
	mu        sync.Mutex
	held      bool
	fromEnv   bool        // GOGC is set: the runtime took it, and it stays
	percent         = 100 // GOGC once the hold ends
	prevLimit int64 = -1
)

// init runs part-way through package initialisation: before net/http and
// everything built on it, the emulators' tables among them (GODEBUG=inittrace=1
// shows the order).
func init() {
	if os.Getenv("GOGC") != "" {
		fromEnv = true
		return
	}
	held = true
	debug.SetGCPercent(-1)
	if os.Getenv("GOMEMLIMIT") == "" {
		prevLimit = debug.SetMemoryLimit(holdLimit)
	}
}

// SetPercent is the GOGC the process runs with once the hold ends, at once
// when it has ended. A GOGC in the environment wins.
func SetPercent(p int) {
	mu.Lock()
	defer mu.Unlock()
	if fromEnv {
		return
	}
	percent = p
	if !held {
		debug.SetGCPercent(p)
	}
}

// Release ends the hold; calling it again does nothing.
func Release() {
	mu.Lock()
	defer mu.Unlock()
	if !held {
		return
	}
	held = false
	debug.SetGCPercent(percent)
	if prevLimit >= 0 {
		debug.SetMemoryLimit(prevLimit)
	}
}
