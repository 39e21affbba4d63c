package steps

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestJournalRoundTripIsAtomicAndPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "bslwiz")
	path := JournalPath(dir, "prod-backups", false)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	j, found, err := OpenJournal(path, "prod-backups", false, now)
	if err != nil || found {
		t.Fatalf("OpenJournal on nothing: found=%v err=%v", found, err)
	}
	j.MarkDone(StepLocations, now)
	j.MarkDone(StepPalette, now)
	j.Update(func(d *JournalData) {
		d.Created.RoleARN = "arn:aws:iam::111122223333:role/bslwiz-prod-backups"
		d.Trust = append(d.Trust, TrustRecord{At: now, Step: StepAppendAccountA, Role: "r", Before: `{"a":1}`, After: `{"a":2}`})
	})
	if err := j.Save(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Fatalf("temp file left behind: %s", e.Name())
		}
	}
	back, found, err := OpenJournal(path, "prod-backups", false, now)
	if err != nil || !found {
		t.Fatalf("reopen: found=%v err=%v", found, err)
	}
	d := back.Snapshot()
	if d.Created.RoleARN == "" || len(d.Trust) != 1 || d.Done[0].Step != StepPalette || d.Done[1].Step != StepLocations {
		t.Fatalf("journal did not round-trip: %+v", d)
	}
	if next, ok := back.Next(); !ok || next.ID != StepAddNew {
		t.Fatalf("Next = %q, want %q", next.ID, StepAddNew)
	}
}

func TestJournalSaveNeverLeavesAHalfWrittenFile(t *testing.T) {
	dir := t.TempDir()
	path := JournalPath(dir, "x", false)
	j := NewJournal(path, "x", false, time.Now())
	if err := j.Save(); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	// Make the directory unwritable: the save must fail and keep the old file whole.
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	j.MarkDone(StepPalette, time.Now())
	if err := j.Save(); err == nil {
		t.Fatal("save into a read-only directory succeeded")
	}
	now, _ := os.ReadFile(path)
	if string(now) != string(good) {
		t.Fatal("a failed save changed the journal")
	}
}

func TestLoadJournalRefusesGarbageAndOtherVersions(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{not json"), 0o600)
	if _, err := LoadJournal(bad); err == nil {
		t.Fatal("garbage journal loaded")
	}
	v3 := filepath.Join(dir, "v3.json")
	os.WriteFile(v3, []byte(`{"version":3,"location":"x"}`), 0o600)
	if _, err := LoadJournal(v3); err == nil || !strings.Contains(err.Error(), "version 3") {
		t.Fatalf("err = %v, want a version error", err)
	}
	if _, err := LoadJournal(filepath.Join(dir, "none.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNotExist", err)
	}
}

func TestJournalPathKeepsNamesInsideTheDirectory(t *testing.T) {
	for _, name := range []string{"../../etc/passwd", "a/b", ".hidden", "", "ok-name"} {
		p := JournalPath("/state", name, false)
		if filepath.Dir(p) != "/state" {
			t.Fatalf("JournalPath(%q) = %s escapes the state directory", name, p)
		}
	}
	if JournalPath("/s", "x", true) == JournalPath("/s", "x", false) {
		t.Fatal("sandbox and real journals share a file")
	}
}

func TestStateDirHonoursXDG(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/tmp/xdg-state")
	d, err := StateDir()
	if err != nil || d != "/tmp/xdg-state/bslwiz" {
		t.Fatalf("StateDir = %q, %v", d, err)
	}
	t.Setenv("XDG_STATE_HOME", "relative/ignored")
	t.Setenv("HOME", "/home/op")
	d, _ = StateDir()
	if d != "/home/op/.local/state/bslwiz" {
		t.Fatalf("StateDir with a relative XDG_STATE_HOME = %q", d)
	}
}
