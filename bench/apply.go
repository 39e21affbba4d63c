package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bslwiz/bslwiz/internal/linkmeter"
	"github.com/bslwiz/bslwiz/palette/palettetest"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// applyResult is benchmark 3: the headless apply over a slow link.
type applyResult struct {
	Latency time.Duration
	// First is the apply of a new location, Rerun the same apply again (a
	// new process, the journal on disk) that changes nothing. Both are
	// measured on the client side: Palette's own calls to AWS are not
	// delayed.
	First, Rerun linkRun
	// OldWall is the apply with the latency injected on the server side
	// into every emulated call, Palette's calls to AWS included (the model
	// of the figures before 2026-12-01); OldRoundTrips is it in units of
	// the latency.
	OldWall     time.Duration
	OldAWS      int
	OldPalette  int
	OldValidate int
	// ChecksWall is all live checks run concurrently; ChecksSum is the sum of
	// each check run alone.
	ChecksWall, ChecksSum, ChecksSlowest time.Duration
}

// linkRun is one apply as the link saw it.
type linkRun struct {
	linkmeter.Summary
	Wall time.Duration
	// Validates is how many times Palette's validate was called.
	Validates int
}

// OldRoundTrips is the old figure: wall time in units of the latency.
func (r applyResult) OldRoundTrips() float64 { return float64(r.OldWall) / float64(r.Latency) }

// benchApply measures the headless apply: with the latency on the client
// side (the operator's link), a first apply and a rerun; then the old
// server-side figure beside it, and the live checks.
func benchApply(latency time.Duration) (applyResult, error) {
	res := applyResult{Latency: latency}
	var err error
	if res.First, res.Rerun, err = measureLink(latency); err != nil {
		return res, err
	}
	if err := measureOld(&res); err != nil {
		return res, err
	}
	return res, nil
}

// measureLink runs `apply --yes` as the cli does (every step, then the
// final checks) against a sandbox with no latency of its own, through a
// meter that delays each of bslwiz's requests by latency; then runs it
// again on the same journal.
func measureLink(latency time.Duration) (first, rerun linkRun, err error) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		return first, rerun, err
	}
	defer sb.Close()
	dir, err := os.MkdirTemp("", "bslwiz-bench-")
	if err != nil {
		return first, rerun, err
	}
	defer os.RemoveAll(dir)
	m := &linkmeter.Meter{Latency: latency}
	one := func() (linkRun, error) {
		m.Reset()
		sb.Palette.ResetCalls()
		start := time.Now()
		if err := headlessApply(context.Background(), sb, m, dir); err != nil {
			return linkRun{}, err
		}
		r := linkRun{Summary: linkmeter.Summarize(m.Events()), Wall: time.Since(start)}
		for _, c := range sb.Palette.Calls() {
			if c.OperationID == palettetest.OpAwsS3Validate {
				r.Validates++
			}
		}
		return r, nil
	}
	if first, err = one(); err != nil {
		return first, rerun, fmt.Errorf("first apply: %w", err)
	}
	if rerun, err = one(); err != nil {
		return first, rerun, fmt.Errorf("rerun: %w", err)
	}
	return first, rerun, nil
}

// headlessApply is `bslwiz apply --yes` in process: a new session on the
// location's journal in dir, every step, then the final checks, with both
// clients going through m.
func headlessApply(ctx context.Context, sb *sandbox.Sandbox, m *linkmeter.Meter, dir string) error {
	p := sb.Plan()
	j, _, err := steps.OpenJournal(steps.JournalPath(dir, p.LocationName, true), p.LocationName, true, time.Now())
	if err != nil {
		return err
	}
	b := sb.Backends()
	b.AWS.HTTPClient = m.Client("aws", nil)
	b.Palette.HTTPClient = m.Client("palette", nil)
	s := steps.NewSession(p, b, j)
	r := &steps.Runner{Session: s, Confirm: func(context.Context, *steps.Preview) (bool, error) { return true, nil }}
	if err := r.Run(ctx); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	for _, c := range s.FinalChecks(ctx) {
		if c.Status == steps.StatusFail {
			return fmt.Errorf("final check %s: %s", c.Name, c.Reason)
		}
	}
	return nil
}

// measureOld is the figure of the bench before the link was measured on
// the client side: latency injected into every emulated call, server side.
func measureOld(res *applyResult) error {
	sb, err := sandbox.Start(sandbox.Options{Latency: res.Latency})
	if err != nil {
		return err
	}
	defer sb.Close()
	dir, err := os.MkdirTemp("", "bslwiz-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	p := sb.Plan()
	j := steps.NewJournal(filepath.Join(dir, "j.json"), p.LocationName, true, time.Now())
	s := steps.NewSession(p, sb.Backends(), j)
	r := &steps.Runner{Session: s, Confirm: func(context.Context, *steps.Preview) (bool, error) { return true, nil }}
	ctx := context.Background()
	start := time.Now()
	if err := r.Run(ctx); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	s.FinalChecks(ctx)
	res.OldWall = time.Since(start)
	res.OldAWS, res.OldPalette = len(sb.AWS.Calls()), len(sb.Palette.Calls())
	for _, c := range sb.Palette.Calls() {
		if c.OperationID == palettetest.OpAwsS3Validate {
			res.OldValidate++
		}
	}

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
	return nil
}
