package steps

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestASecondRunOfALocationIsRefusedNamingTheHolder(t *testing.T) {
	path := JournalPath(t.TempDir(), "prod-backups", false)
	now := time.Now()
	first, _, err := OpenJournalLocked(context.Background(), path, "prod-backups", false, now, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	// The lock outlives the journal's atomic saves, which replace its file.
	for range 3 {
		if err := first.Save(); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err = OpenJournalLocked(context.Background(), path, "prod-backups", false, now, LockOptions{Wait: 120 * time.Millisecond})
	var le *JournalLockedError
	if !errors.As(err, &le) {
		t.Fatalf("second open: %v, want a JournalLockedError", err)
	}
	if le.Holder.PID != os.Getpid() || le.Holder.Since.IsZero() {
		t.Fatalf("holder %+v, want this process and a start time", le.Holder)
	}
	msg := err.Error()
	if !strings.Contains(msg, "pid "+strconv.Itoa(os.Getpid())) || !strings.Contains(msg, path) || strings.Contains(msg, "\n") {
		t.Fatalf("message does not name the holder and the journal on one line: %q", msg)
	}
	fi, err := os.Stat(lockPath(path))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("lock file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

func TestAWaitingRunGetsTheJournalTheHolderLeft(t *testing.T) {
	path := JournalPath(t.TempDir(), "prod-backups", false)
	now := time.Now()
	first, _, err := OpenJournalLocked(context.Background(), path, "prod-backups", false, now, LockOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	var second *Journal
	var found bool
	go func() {
		var err error
		second, found, err = OpenJournalLocked(context.Background(), path, "prod-backups", false, now, LockOptions{Wait: time.Minute})
		got <- err
	}()
	first.Update(func(d *JournalData) { d.Created.RoleARN = "arn:aws:iam::111122223333:role/r" })
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		t.Fatalf("the second run got the journal while the first held it: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	first.Close()
	if err := first.Save(); err == nil {
		t.Fatal("a closed journal saved: it would write over the next run's")
	}
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if !found || second.Snapshot().Created.RoleARN == "" || !second.Locked() {
		t.Fatalf("the waiting run did not load what the first saved: found=%v %+v", found, second.Snapshot().Created)
	}
}

func TestAWaitForTheJournalEndsWithItsContext(t *testing.T) {
	path := JournalPath(t.TempDir(), "prod-backups", true)
	first, _, err := OpenJournalLocked(context.Background(), path, "prod-backups", true, time.Now(), LockOptions{Fresh: true})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := OpenJournalLocked(ctx, path, "prod-backups", true, time.Now(), LockOptions{Wait: time.Hour}); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait with a cancelled context: %v", err)
	}
}
