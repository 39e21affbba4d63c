package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// applyResult is benchmark 3: the headless apply over a slow link.
type applyResult struct {
	Latency      time.Duration
	Wall         time.Duration
	AWSCalls     int
	PaletteCalls int
	// ChecksWall is all live checks run concurrently; ChecksSum is the sum of
	// each check run alone.
	ChecksWall, ChecksSum, ChecksSlowest time.Duration
}

// RoundTrips is the wall time in units of the injected latency.
func (r applyResult) RoundTrips() float64 { return float64(r.Wall) / float64(r.Latency) }

// benchApply runs all 13 steps against the emulators with latency injected
// into every call on both, as apply --yes does, and then the live checks.
func benchApply(latency time.Duration) (applyResult, error) {
	res := applyResult{Latency: latency}
	sb, err := sandbox.Start(sandbox.Options{Latency: latency})
	if err != nil {
		return res, err
	}
	defer sb.Close()
	dir, err := os.MkdirTemp("", "bslwiz-bench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	p := sb.Plan()
	j := steps.NewJournal(filepath.Join(dir, "j.json"), p.LocationName, true, time.Now())
	s := steps.NewSession(p, sb.Backends(), j)
	r := &steps.Runner{Session: s, Confirm: func(context.Context, *steps.Preview) (bool, error) { return true, nil }}
	ctx := context.Background()
	start := time.Now()
	if err := r.Run(ctx); err != nil {
		return res, fmt.Errorf("apply: %w", err)
	}
	res.Wall = time.Since(start)
	res.AWSCalls, res.PaletteCalls = len(sb.AWS.Calls()), len(sb.Palette.Calls())

	start = time.Now()
	s.RunChecks(ctx, nil, nil)
	res.ChecksWall = time.Since(start)
	for _, c := range steps.Checks() {
		t := time.Now()
		s.RunChecks(ctx, []steps.CheckID{c.ID}, nil)
		d := time.Since(t)
		res.ChecksSum += d
		res.ChecksSlowest = max(res.ChecksSlowest, d)
	}
	return res, nil
}
