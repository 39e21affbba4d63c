package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// syncBuffer is a bytes.Buffer safe for the program's writer and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// program runs the real Bubble Tea program on a sandbox session whose
// journal is already open, with input from a pipe.
type program struct {
	in      *io.PipeWriter
	out     *syncBuffer
	err     chan error
	journal string
}

func startProgram(t *testing.T) *program {
	t.Helper()
	return startProgramWith(t, nil)
}

// startProgramWith is startProgram with opts changed by set first.
func startProgramWith(t *testing.T, set func(*Options)) *program {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	dir := t.TempDir()
	p := &program{out: &syncBuffer{}, err: make(chan error, 1), journal: steps.JournalPath(dir, "sandbox-backups", true)}
	j := steps.NewJournal(p.journal, "sandbox-backups", true, time.Now())
	s := steps.NewSession(sb.Plan(), sb.Backends(), j)
	in, w := io.Pipe()
	p.in = w
	t.Cleanup(func() { w.Close() })
	o := Options{Sandbox: true, StateDir: dir, In: in, Out: p.out, Environ: []string{"TERM=xterm-256color"}}.withDefaults()
	if set != nil {
		set(&o)
	}
	go func() { p.err <- runTUI(context.Background(), s, o, []tea.ProgramOption{tea.WithWindowSize(80, 24)}) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p.out.String(), "Palette endpoint") {
		if time.Now().After(deadline) {
			t.Fatalf("the program drew nothing: %q", p.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return p
}

func (p *program) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-p.err:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not end")
	}
	return nil
}

func requireInterrupted(t *testing.T, err error, reason, journal string) {
	t.Helper()
	var ie *InterruptedError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *InterruptedError wrapping context.Canceled (exit 130)", err)
	}
	if ie.Reason != reason || ie.Journal != journal {
		t.Errorf("interrupted %q with journal %q, want %q and %q", ie.Reason, ie.Journal, reason, journal)
	}
	if _, err := os.Stat(journal); err != nil {
		t.Errorf("the journal was not saved: %v", err)
	}
}

// TestRunCtrlCSavesTheJournal: ctrl+c ends the real program with an error
// that exits 130, and the journal is on disk.
func TestRunCtrlCSavesTheJournal(t *testing.T) {
	p := startProgram(t)
	if _, err := p.in.Write([]byte{0x03}); err != nil {
		t.Fatal(err)
	}
	requireInterrupted(t, p.wait(t), "interrupted", p.journal)
}

// TestRunSIGHUPSavesTheJournal: a hang-up (a dropped SSH session) saves the
// journal and ends the program.
func TestRunSIGHUPSavesTheJournal(t *testing.T) {
	p := startProgram(t)
	// runTUI handles SIGHUP from before the program draws, so the signal
	// cannot reach the test binary's default handler.
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	requireInterrupted(t, p.wait(t), "hung up", p.journal)
}

// TestResumeRerunsDoneStepsQuietly: a second wizard on the same state
// directory offers the unfinished run, re-reads steps 1 to 8 without a
// question or a change, and goes on at step 9.
func TestResumeRerunsDoneStepsQuietly(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for n := 1; n <= 8; n++ {
		w.walk(n) // 7 and 8 go by without a key
	}
	w.atStep(9)
	calls := w.mutatingCalls()
	// The first run ends (its process is gone, and with it its journal lock).
	if err := w.m.eng.CloseJournal(); err != nil {
		t.Fatal(err)
	}

	s := steps.NewSession(w.sb.Plan(), w.sb.Backends(), nil)
	s.Clock = steps.Clock{Now: w.clock.Now, Sleep: w.clock.Sleep}
	o := Options{Sandbox: true, StateDir: w.dir, WorkDir: w.work, Environ: []string{}}.withDefaults()
	m := newModel(t.Context(), s, o, w.m.th, findResumable(w.dir, true))
	m.now = steadyClock()
	d := newDriver(t, m, 80, 24)
	if m.phase != phaseResume {
		t.Fatalf("phase %s, want the resume offer", m.phase)
	}
	contains(t, d.screen(), "Unfinished sandbox runs", "sandbox-backups", "next: step 9 (Append Account A)")
	d.press("r")
	d.atStep(9)
	for i, st := range steps.Steps(m.s.RawPlan())[:8] {
		if m.eng.State(st.ID) != steps.StateDone {
			t.Errorf("step %d is %v after the resume", i+1, m.eng.State(st.ID))
		}
	}
	if got := w.mutatingCalls(); len(got) != len(calls) {
		t.Errorf("the resume made calls: %v", got[len(calls):])
	}
	if got := m.sourceOf("bucket"); got != "journal" {
		t.Errorf("after a resume the bucket's source is %q, want journal", got)
	}
	// What the first run made is said to be its, not "adopted".
	if facts := strings.Join(m.found[steps.StepRole].facts, "\n"); !strings.Contains(facts, "bslwiz-sandbox-backups exists (created by an earlier run of bslwiz)") ||
		strings.Contains(facts, "(adopted)") {
		t.Errorf("step 6 re-read says:\n%s", facts)
	}
	if s.Journal == nil || s.Journal.Path() != w.s.Journal.Path() {
		t.Error("the resumed session does not write the run's journal")
	}
	for n := 9; n <= 13; n++ {
		d.walk(n)
	}
	d.until("the done screen", func() bool { return m.phase == phaseDone })
	// A finished run is not offered again.
	if found := findResumable(w.dir, true); len(found) != 0 {
		t.Errorf("a finished run is offered for resume: %+v", found)
	}
	// Nor is a sandbox run offered to a real one.
	if found := findResumable(w.dir, false); len(found) != 0 {
		t.Errorf("a sandbox journal is offered to a real run: %+v", found)
	}
}
