package soak_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTwoAppliesOfOneLocationNeverRunAtOnce: while one apply holds a
// location's journal (held up at its CreatePolicy), a second apply that may
// not wait is refused on one line naming the first one's pid, and a third
// that may wait runs after it; the journal then records what the emulators
// hold, once each, and undo removes all of it.
func TestTwoAppliesOfOneLocationNeverRunAtOnce(t *testing.T) {
	w := newWorld(t)
	const loc = "raced-backups"
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f := w.newFront(func(op string) verdict {
		if op == "iam:CreatePolicy" {
			first := false
			once.Do(func() { first = true })
			if first {
				close(reached)
				<-release
			}
		}
		return pass
	})
	first := w.start(f, nil, w.applyArgs(loc)...)
	pid := first.cmd.Process.Pid
	select {
	case <-reached:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the first apply never reached CreatePolicy\n%s", first.err.String())
	}

	second := w.start(f, []string{"BSLWIZ_LOCK_WAIT=0s"}, w.applyArgs(loc)...).wait()
	if second.code == 0 {
		close(release)
		t.Fatalf("a second apply ran while the first held the journal\n%s\n%s", second.out, second.err)
	}
	msg := strings.TrimSpace(second.err)
	if strings.Contains(msg, "\n") || !strings.Contains(msg, fmt.Sprintf("pid %d", pid)) || !strings.Contains(msg, "raced-backups.json") {
		t.Errorf("the refusal is not one line naming the holder's pid and the journal:\n%s", msg)
	}

	third := w.start(f, []string{"BSLWIZ_LOCK_WAIT=5m"}, w.applyArgs(loc)...)
	close(release)
	for name, r := range map[string]result{"first": first.wait(), "third": third.wait()} {
		if r.code != 0 {
			t.Fatalf("the %s apply: exit %d\n%s\n%s", name, r.code, r.out, r.err)
		}
	}
	if p := w.problems(map[string]bool{loc: true}); len(p) > 0 {
		t.Fatalf("after the applies:\n%s", strings.Join(p, "\n"))
	}
	jd := w.journal(loc)
	a, _ := w.sb.AWS.Snapshot().Account("111122223333")
	if r, ok := a.Role(jd.Created.RoleName); !ok || r.ARN != jd.Created.RoleARN || !jd.Created.RoleCreated || !jd.Created.PolicyCreated ||
		!jd.Created.LocationCreated || len(jd.Intents) != 0 {
		t.Fatalf("the journal does not record what was made: %+v (intents %v)", jd.Created, jd.Intents)
	}

	if r := w.start(f, nil, w.undoArgs(loc)...).wait(); r.code != 0 {
		t.Fatalf("undo: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if p := w.problems(map[string]bool{loc: false}); len(p) > 0 {
		t.Fatalf("after undo:\n%s", strings.Join(p, "\n"))
	}
}
