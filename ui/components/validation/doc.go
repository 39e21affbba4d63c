// Package validation renders the live validation panel: every check of the
// current step with its status (pending, running, ok, warning, failed,
// skipped) and the reason, wrapped to the panel's width.
//
// # Generations: how stale results are discarded
//
// Checks run as you type, concurrently, and a slow check started for an old
// input can finish after a fast one started for the new input. Every batch of
// checks therefore carries a generation number:
//
//  1. When the inputs change, the root model bumps its generation counter and
//     calls Debounce(gen, delay). When the DebounceMsg arrives it ignores it
//     unless msg.Generation is still the newest (the user kept typing).
//  2. It calls panel.Reset(gen, items) with every check pending or running,
//     and starts the checks, each tagged with gen.
//  3. Each finished check comes back as ResultMsg{Generation: gen, Item: …}.
//     The panel applies it only if gen is the panel's current generation;
//     a result of any other generation is dropped (Apply reports false).
//
// Reset never goes backwards: a Reset with a generation older than the
// current one is ignored, so a late Reset cannot resurrect stale state.
//
// The spinner of running checks ticks (about 10 Hz) only while at least one
// check runs; when none does, its tick chain ends and the panel costs no
// redraws at all.
package validation
