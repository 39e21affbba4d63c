package wizard

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// screen is a wizard screen with a title line, a body and the key help.
func screen(step int, help string, body ...string) string {
	lines := []string{"Palette http://127.0.0.1:1 · project Default      SANDBOX — nothing leaves this machine"}
	if step > 0 {
		lines = append(lines, fmt.Sprintf("▸ %2d Something           Step %d of 13 · Something      │ Checks: 1 ok", step, step))
	}
	lines = append(lines, body...)
	return strings.Join(append(lines, "", help), "\n") + "\n\n"
}

func TestParse(t *testing.T) {
	tests := []struct {
		screen string
		want   State
	}{
		{screen(1, "tab next field · shift+tab previous field · enter next · f1 more keys · ctrl+c quit"), State{Step: 1, Phase: Form}},
		{screen(6, "tab next field · shift+tab previous field · enter submit · f1 more keys · ctrl+c quit"), State{Step: 6, Phase: Form}},
		{screen(1, "esc stop · ? more keys · ctrl+c quit"), State{Step: 1, Phase: Busy}},
		{screen(3, "enter continue · esc back to the form · ? more keys · ctrl+c quit"), State{Step: 3, Phase: Continue}},
		{screen(9, "y/enter confirm · esc/n back out · ↓/j down · pgdn page down · ? more keys · ctrl+c quit"), State{Step: 9, Phase: Confirm}},
		{screen(10, "c copy · w write to file · enter continue · ? more keys · ctrl+c quit"), State{Step: 10, Phase: CopyARN}},
		{screen(12, "r retry · esc back to the form · ? more keys · ctrl+c quit"), State{Step: 12, Phase: Failed}},
		{screen(6, "enter preview again · ? more keys · ctrl+c quit"), State{Step: 6, Phase: Continue}},
		{screen(12, "enter validate · ? more keys · ctrl+c quit"), State{Step: 12, Phase: Continue}},
		{screen(2, "↑/k up · pgup page up · ? more keys · ctrl+c quit"), State{Step: 2, Phase: Busy}},
		{screen(0, "r resume · n start new · up/down choose · ? more keys · ctrl+c quit"), State{Phase: Resume}},
		{screen(0, "r/enter resume · n start new · up/down choose · ? more keys · ctrl+c quit"), State{Phase: Resume}},
		{screen(0, "q leave · ? more keys · ctrl+c quit"), State{Phase: Done}},
		{"", State{Phase: Busy}},
	}
	for _, tt := range tests {
		got := Parse(tt.screen)
		if got.Step != tt.want.Step || got.Phase != tt.want.Phase {
			t.Errorf("Parse(…%q) = %v, want step %d, %s", tt.screen[max(0, len(tt.screen)-50):], got, tt.want.Step, tt.want.Phase)
		}
	}
}

// fake is a wizard in miniature: states with a screen each, enter moves to
// the next, busy states move on by themselves, and a confirmation ignores
// an enter that comes within guard of it appearing, like bslwiz's.
type fake struct {
	mu      sync.Mutex
	states  []fakeState
	i       int
	shown   time.Time
	guard   time.Duration
	presses []string
	notice  string
}

type fakeState struct {
	step int
	help string
	busy time.Duration // moves on by itself after this long
}

func (f *fake) Screen() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.states[f.i]
	if s.busy > 0 && time.Since(f.shown) >= s.busy {
		f.move()
		s = f.states[f.i]
	}
	return screen(s.step, s.help, f.notice), nil
}

func (f *fake) move() {
	if f.i < len(f.states)-1 {
		f.i++
	}
	f.shown, f.notice = time.Now(), ""
}

func (f *fake) Press(key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.presses = append(f.presses, fmt.Sprintf("%d:%s", f.states[f.i].step, key))
	s := f.states[f.i]
	switch {
	case s.busy > 0, strings.HasPrefix(s.help, "q leave"), strings.HasPrefix(s.help, "r retry"):
	case strings.Contains(s.help, "confirm") && time.Since(f.shown) < f.guard:
		f.notice = "Read the calls first, then press y or enter to confirm."
	case key == "enter", key == "n" && strings.Contains(s.help, "r resume"):
		f.move()
	}
	return nil
}

const (
	formNext   = "tab next field · enter next · ctrl+c quit"
	formSubmit = "tab next field · enter submit · ctrl+c quit"
	running    = "esc stop · ctrl+c quit"
	cont       = "enter continue · ctrl+c quit"
	confirm    = "y/enter confirm · esc/n back out · ctrl+c quit"
	copyARN    = "c copy · w write to file · enter continue · ctrl+c quit"
	leave      = "q leave · ctrl+c quit"
)

func newFake(states ...fakeState) *fake {
	return &fake{states: states, shown: time.Now(), guard: 100 * time.Millisecond}
}

var fast = Options{Timeout: 5 * time.Second, Settle: time.Millisecond, Poll: time.Millisecond, ConfirmWait: 150 * time.Millisecond}

func TestWalkStopsWhereAsked(t *testing.T) {
	f := newFake(
		fakeState{step: 0, help: "r resume · n start new · ctrl+c quit"},
		fakeState{step: 1, help: formNext},
		fakeState{step: 1, help: formSubmit},
		fakeState{step: 1, help: running, busy: 30 * time.Millisecond},
		fakeState{step: 1, help: cont},
		fakeState{step: 6, help: confirm},
		fakeState{step: 6, help: running, busy: 30 * time.Millisecond},
		fakeState{step: 10, help: copyARN},
		fakeState{step: 11, help: cont},
		fakeState{step: 0, help: leave},
	)
	st, err := Walk(f, At(10, CopyARN), fast)
	if err != nil {
		t.Fatal(err)
	}
	if st.Step != 10 || st.Phase != CopyARN {
		t.Fatalf("stopped at %v", st)
	}
	want := "0:n 1:enter 1:enter 1:enter 6:enter"
	if got := strings.Join(f.presses, " "); got != want {
		t.Fatalf("presses = %s, want %s (one confirm, after the guard; nothing while busy)", got, want)
	}
	if _, err := Walk(f, func(s State) bool { return s.Phase == Done }, fast); err != nil {
		t.Fatal(err)
	}
}

func TestWalkRetriesAConfirmationTypedTooSoon(t *testing.T) {
	f := newFake(fakeState{step: 9, help: confirm}, fakeState{step: 10, help: copyARN})
	f.guard = 300 * time.Millisecond // longer than the walk waits
	if _, err := Walk(f, At(10, CopyARN), fast); err != nil {
		t.Fatal(err)
	}
	if len(f.presses) < 2 {
		t.Fatalf("presses = %v, want the confirmation pressed again after the wizard refused it", f.presses)
	}
}

func TestWalkFails(t *testing.T) {
	tests := []struct {
		name  string
		state fakeState
		want  string
	}{
		{"a failed task", fakeState{step: 12, help: "r retry · ctrl+c quit"}, "step 12 failed"},
		{"the last screen", fakeState{help: leave}, "reached the last screen"},
		{"a screen that never moves", fakeState{step: 4, help: running}, "did not get there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(tt.state)
			opts := fast
			opts.Timeout = 100 * time.Millisecond
			_, err := Walk(f, At(13, Done), opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Walk = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestWaitChangeTimesOut(t *testing.T) {
	f := newFake(fakeState{step: 4, help: cont})
	s, _ := f.Screen()
	if _, err := WaitChange(f, s, 20*time.Millisecond, time.Millisecond); !errors.Is(err, ErrStuck) {
		t.Fatalf("WaitChange = %v, want ErrStuck", err)
	}
	st, _, err := WaitFor(f, At(4, Continue), time.Second, time.Millisecond)
	if err != nil || st.Step != 4 {
		t.Fatalf("WaitFor = %v, %v", st, err)
	}
}
