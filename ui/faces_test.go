package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/cli"
	"github.com/bslwiz/bslwiz/internal/fakeclock"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// faceStep is what every face shows of one step's preview, with what
// differs between two sandboxes (their ports, uids and external IDs) made
// alike.
type faceStep struct {
	ID       steps.StepID
	Title    string
	Calls    []string
	Facts    []string
	Warnings []string
}

var (
	uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	addrRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	uidRE  = regexp.MustCompile(`\b[0-9a-f]{24}\b`)
)

func alike(s string) string {
	return uidRE.ReplaceAllString(addrRE.ReplaceAllString(uuidRE.ReplaceAllString(s, "<uuid>"), "<addr>"), "<uid>")
}

func alikeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = alike(s)
	}
	return out
}

func faceStepOf(pv *steps.Preview) faceStep {
	f := faceStep{ID: pv.ID, Title: pv.Title, Facts: alikeAll(pv.Facts), Warnings: alikeAll(pv.Warnings)}
	for _, c := range pv.Calls {
		f.Calls = append(f.Calls, alike(c.String()))
	}
	return f
}

// observer records the previews a face's engine makes.
type observer struct {
	mu       sync.Mutex
	steps    []faceStep
	rendered []string
}

func (o *observer) observe(pv *steps.Preview) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.steps = append(o.steps, faceStepOf(pv))
	o.rendered = append(o.rendered, alike(pv.Render()))
}

// TestEveryFaceMakesTheSamePreviewsAndCalls runs one plan three ways over
// the sandbox: the full-screen wizard driven with keys, the line prompts
// answered as a user would, and 'bslwiz apply --yes'. All three drive the
// one engine, so they must preview the same steps with the same facts,
// calls and warnings, and the two faces whose emulators the test can see
// must make the same changes in the same order.
func TestEveryFaceMakesTheSamePreviewsAndCalls(t *testing.T) {
	// The full-screen wizard.
	w := newWorld(t, worldOpts{width: 120, height: 40})
	tui := &observer{}
	w.s.Observe = tui.observe
	for n := 1; n <= 13; n++ {
		w.walk(n)
	}
	w.until("the done screen", func() bool { return w.m.phase == phaseDone })
	tuiCalls := w.mutatingCalls()

	// The line prompts.
	line := &observer{}
	lr := lineWalk{observe: line.observe, answer: confirmEverything}.run(t)
	if lr.err != nil {
		t.Fatalf("line prompts: %v\n%s", lr.err, lr.out)
	}
	lineCalls := lr.calls

	// apply --yes, as a headless user runs it.
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), cli.Env{
		Args:   []string{"--sandbox", "--state-dir", t.TempDir(), "apply", "--yes", "--output", "json"},
		Getenv: func(string) string { return "" }, In: strings.NewReader(""), Out: &out, Err: &errb, Version: "test",
	})
	if code != 0 {
		t.Fatalf("apply --yes: exit %d\n%s", code, errb.String())
	}
	var res struct {
		Steps []struct {
			ID       steps.StepID
			Title    string
			Calls    []string
			Facts    []string
			Warnings []string
		}
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("apply's JSON: %v\n%s", err, out.String())
	}
	var headless []faceStep
	for _, st := range res.Steps {
		headless = append(headless, faceStep{ID: st.ID, Title: st.Title, Calls: alikeAll(st.Calls), Facts: alikeAll(st.Facts), Warnings: alikeAll(st.Warnings)})
	}

	if len(tui.steps) != 13 {
		t.Fatalf("the wizard previewed %d steps, want 13", len(tui.steps))
	}
	for i := range tui.steps {
		want := tui.steps[i]
		for name, got := range map[string][]faceStep{"the line prompts": line.steps, "apply --yes": headless} {
			if i >= len(got) {
				t.Fatalf("%s previewed %d steps, the wizard 13", name, len(got))
			}
			if g := got[i]; g.ID != want.ID || g.Title != want.Title || !slices.Equal(g.Calls, want.Calls) ||
				!slices.Equal(g.Facts, want.Facts) || !slices.Equal(g.Warnings, want.Warnings) {
				t.Errorf("step %d: %s previewed\n  %+v\nthe wizard\n  %+v", i+1, name, g, want)
			}
		}
		if line.rendered[i] != tui.rendered[i] {
			t.Errorf("step %d renders differently in the line prompts:\n%s\nand the wizard:\n%s", i+1, line.rendered[i], tui.rendered[i])
		}
	}
	// The same changes (the policy and the role are made at once, so their
	// order varies), and in both the location comes last; the new role is
	// created with its whole trust, which nothing writes again.
	sortedTUI, sortedLine := slices.Sorted(slices.Values(tuiCalls)), slices.Sorted(slices.Values(lineCalls))
	if !slices.Equal(sortedTUI, sortedLine) {
		t.Errorf("the changes made differ:\n  wizard: %v\n  line prompts: %v", tuiCalls, lineCalls)
	}
	for _, calls := range [][]string{tuiCalls, lineCalls} {
		if len(calls) == 0 || !strings.HasPrefix(calls[len(calls)-1], "palette:POST") ||
			!slices.Contains(calls, "iam:CreateRole") || slices.Contains(calls, "iam:UpdateAssumeRolePolicy") {
			t.Errorf("changes out of order: %v", calls)
		}
	}
	if len(tuiCalls) == 0 {
		t.Fatal("the wizard made no change")
	}
}

// lineWalk is one walk of the line prompts over a fresh sandbox, played by
// answer: every test of line mode goes through it.
type lineWalk struct {
	sandbox  sandbox.Options
	clockNow time.Time                                            // the clock's start; zero: the fixed test date
	setup    func(t *testing.T, sb *sandbox.Sandbox)              // before the session (mfaEnv, say)
	edit     func(*steps.Plan)                                    // the plan, changed
	observe  func(*steps.Preview)                                 // sees every preview
	answer   func(prompt string, transcript func() string) string // "" keeps the default
	stateDir string                                               // "": a new one
	sources  map[string]string                                    // the session's Sources (flags given)
	backends func(*steps.Backends)                                // the backends, changed
}

// lineResult is what a walk left: the transcript, the changes the emulators
// were asked to make, Run's error, the sandbox and the state directory.
type lineResult struct {
	out   string
	calls []string
	err   error
	sb    *sandbox.Sandbox
	dir   string
}

func (lw lineWalk) run(t *testing.T) lineResult {
	t.Helper()
	clock := newFakeClock()
	if !lw.clockNow.IsZero() {
		clock = fakeclock.New(lw.clockNow)
	}
	lw.sandbox.Clock = clock.Now
	sb, err := sandbox.Start(lw.sandbox)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	if lw.setup != nil {
		lw.setup(t, sb)
	}
	p := sb.Plan()
	if lw.edit != nil {
		lw.edit(&p)
	}
	b := sb.Backends()
	if lw.backends != nil {
		lw.backends(&b)
	}
	s := steps.NewSession(p, b, nil)
	s.Clock = steps.Clock{Now: clock.Now, Sleep: clock.Sleep}
	s.Observe = lw.observe
	if lw.sources != nil {
		s.Sources = lw.sources
	}
	in, inW := io.Pipe()
	a := &answerer{prompts: make(chan string, 1)}
	answered := make(chan struct{})
	go func() {
		defer close(answered)
		for p := range a.prompts {
			if _, err := io.WriteString(inW, lw.answer(p, a.String)+"\n"); err != nil {
				return
			}
		}
	}()
	dir := lw.stateDir
	if dir == "" {
		dir = t.TempDir()
	}
	o := Options{Accessible: true, Sandbox: true, StateDir: dir, WorkDir: dir, In: in, Out: a, Environ: []string{"TERM=dumb"}}.withDefaults()
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), s, o) }()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("the line prompts did not finish:\n%s", a.String())
	}
	close(a.prompts)
	<-answered
	return lineResult{out: a.String(), calls: (&world{sb: sb}).mutatingCalls(), err: err, sb: sb, dir: dir}
}

// confirmEverything accepts every default and confirms every change.
func confirmEverything(p string, _ func() string) string {
	if strings.HasPrefix(p, "Make th") {
		return "y"
	}
	return ""
}

// TestTheLinePromptsGoBackAndReanswerAFailedStep: a bucket that does not
// exist fails its step; the user goes back a step, then answers the
// failed step's questions again with the right bucket, and the run
// finishes. Nothing dead-ends, and nothing is asked twice that need not be.
func TestTheLinePromptsGoBackAndReanswerAFailedStep(t *testing.T) {
	var menus []string
	lr := lineWalk{edit: func(p *steps.Plan) { p.Bucket = "no-such-bucket-here" }, answer: func(p string, transcript func() string) string {
		switch {
		case strings.HasPrefix(p, "What next"):
			menus = append(menus, p)
			return map[int]string{1: "back", 2: "edit"}[len(menus)] + map[bool]string{true: "quit"}[len(menus) > 2]
		case strings.HasPrefix(p, "S3 bucket") && len(menus) == 2:
			return sandbox.Bucket
		}
		return confirmEverything(p, transcript)
	}}.run(t)
	out := lr.out
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, out)
	}
	if len(menus) != 2 {
		t.Fatalf("asked what next %d times, want 2 (back, then edit):\n%s", len(menus), out)
	}
	for _, want := range []string{"no bucket no-such-bucket-here", "go back a step (nothing is undone)",
		"answer this step's questions again", "Backup location sandbox-backups is in Palette"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := strings.Count(out, "Step 3 of 13: Add New"); n != 2 {
		t.Errorf("step 3 shown %d times, want 2 (once more after going back)", n)
	}
	if n := strings.Count(out, "Step 4 of 13: Fields"); n != 2 {
		t.Errorf("step 4 shown %d times, want 2", n)
	}
}

// TestEscGoesBackAStepInTheWizard: on a step's form esc goes back a step,
// says nothing was undone, and the step before is previewed again; the
// footer names the key.
func TestEscGoesBackAStepInTheWizard(t *testing.T) {
	w := newWorld(t, worldOpts{width: 120, height: 40})
	w.walk(1)
	w.walk(2)
	w.walk(3)
	w.atStep(4)
	w.edit()
	if w.m.phase != phaseForm {
		t.Fatalf("step 4 in phase %s, want its form", w.m.phase)
	}
	contains(t, w.screen(), "esc back a step")
	// A bucket typed that breaks a rule, never submitted: going back drops
	// it, so the step before previews (it once refused on this value, with
	// a hint to start bslwiz again).
	if _, cmd := w.m.form.FocusKey("bucket"); cmd != nil {
		w.run(cmd)
	}
	w.press("ctrl+u")
	w.typeText("My_Bucket")
	// The live checks (after their debounce) write what is typed into the
	// plan: that is the leak going back must undo.
	w.until("the typed bucket in the plan", func() bool { return w.s.RawPlan().Bucket == "My_Bucket" })
	made := w.mutatingCalls()
	w.press("esc")
	w.atStep(3)
	contains(t, w.screen(), "Back at step 3: nothing was undone")
	if got := w.s.RawPlan().Bucket; got != sandbox.Bucket {
		t.Fatalf("after going back the plan's bucket is %q, want %q", got, sandbox.Bucket)
	}
	if got := w.mutatingCalls(); !slices.Equal(got, made) {
		t.Fatalf("going back made calls: %v", got[len(made):])
	}
	// Forward again, through to the end.
	for n := 3; n <= 13; n++ {
		w.walk(n)
	}
	w.until("the done screen", func() bool { return w.m.phase == phaseDone })
}

// TestEscOnAReadOnlyStepGoesBack: esc on the preview of a step without a
// form (the footer offers it) goes back a step; it once crashed the wizard.
// Going back skips the steps that go by without a key (11 and 10 here):
// landing on one would only bounce forward again.
func TestEscOnAReadOnlyStepGoesBack(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w := newWorld(t, worldOpts{width: size[0], height: size[1]})
		for n := 1; n <= 11; n++ {
			w.walk(n)
		}
		w.atStep(12)
		if w.m.phase != phasePreview || w.m.form != nil {
			t.Fatalf("step 12 in phase %s", w.m.phase)
		}
		contains(t, w.screen(), "esc back a step")
		w.press("esc")
		w.atStep(9)
		contains(t, w.screen(), "Back at step 9")
		for n := 9; n <= 11; n++ {
			w.walk(n)
		}
		w.atStep(12)
	}
}
