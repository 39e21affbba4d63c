package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/bslwiz/bslwiz/internal/clock"
)

// DefaultLockWait is how long a run waits for another run of the same
// location to release its journal before it gives up and names the holder.
const DefaultLockWait = 10 * time.Second

// lockPoll is how often a waiting run tries the lock again.
const lockPoll = 50 * time.Millisecond

// errJournalClosed refuses a save after Close: another run may hold the
// lock by then, and its journal is not this one's to overwrite.
var errJournalClosed = errors.New("save journal: the run has ended and released the journal")

// errLockHeld is flock's answer when another open file holds the lock.
var errLockHeld = errors.New("held by another run")

// LockOptions say how OpenJournalLocked takes the journal.
type LockOptions struct {
	// Wait bounds how long to wait for another run to release the lock;
	// zero tries once.
	Wait time.Duration
	// Fresh starts a new journal even when one is on disk (a sandbox run:
	// its emulators die with the process).
	Fresh bool
}

// LockHolder is the run that holds a journal's lock, as it wrote itself into
// the lock file.
type LockHolder struct {
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// JournalLockedError is returned when another run holds the journal's lock
// and did not release it in time.
type JournalLockedError struct {
	Path   string
	Holder LockHolder // zero when the lock file did not say
	Waited time.Duration
}

func (e *JournalLockedError) Error() string {
	who := "another bslwiz run"
	if e.Holder.PID > 0 {
		who = fmt.Sprintf("another bslwiz run (pid %d, started %s)", e.Holder.PID, e.Holder.Since.Local().Format("2006-01-02 15:04:05"))
	}
	return fmt.Sprintf("%s is using the journal %s (waited %s): let it finish, or stop it, then run bslwiz again", who, e.Path, e.Waited.Round(time.Millisecond))
}

// lockPath is the lock file beside a journal. The journal itself is replaced
// by every atomic save, so a lock on it would be a lock on a file that is
// gone after the next save.
func lockPath(journal string) string { return journal + ".lock" }

// OpenJournalLocked takes the exclusive lock of the journal at path, for the
// whole run, and then opens it: it loads the journal on disk (written by
// the run that held the lock before, if any) or starts a new one, and a new
// one always when o.Fresh. found says whether one was loaded. Close
// releases the lock. A run that only reads (plan, status) uses OpenJournal
// and never waits.
func OpenJournalLocked(ctx context.Context, path, location string, sandbox bool, now time.Time, o LockOptions) (*Journal, bool, error) {
	f, err := lockJournalFile(ctx, path, o.Wait)
	if err != nil {
		return nil, false, err
	}
	var (
		j     *Journal
		found bool
	)
	if o.Fresh {
		j = NewJournal(path, location, sandbox, now)
	} else if j, found, err = OpenJournal(path, location, sandbox, now); err != nil {
		unlockJournalFile(path, f)
		return nil, false, err
	}
	j.lock = f
	return j, found, nil
}

// Locked reports whether this journal holds its lock.
func (j *Journal) Locked() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.lock != nil
}

// Close releases the journal's lock when it holds one; it must be called
// once the run ends. The journal can still be read after, but no longer
// saved. Closing a journal that holds no lock does nothing.
func (j *Journal) Close() {
	j.saveMu.Lock() // a save in flight finishes first
	defer j.saveMu.Unlock()
	j.mu.Lock()
	f := j.lock
	j.lock, j.closed = nil, f != nil || j.closed
	j.mu.Unlock()
	if f != nil {
		unlockJournalFile(j.path, f)
	}
}

// lockJournalFile takes the exclusive flock of the journal's lock file and
// writes the holder (this process) into it. It tries again every lockPoll
// until wait has passed or ctx is done.
func lockJournalFile(ctx context.Context, path string, wait time.Duration) (*os.File, error) {
	lp := lockPath(path)
	if err := os.MkdirAll(filepath.Dir(lp), 0o700); err != nil {
		return nil, fmt.Errorf("lock journal: %w", err)
	}
	start := time.Now()
	for {
		f, held, err := tryLock(lp)
		if err != nil {
			return nil, err
		}
		if f != nil {
			return f, nil
		}
		waited := time.Since(start)
		if waited >= wait {
			return nil, &JournalLockedError{Path: path, Holder: held, Waited: waited}
		}
		if err := clock.Sleep(ctx, min(lockPoll, wait-waited)); err != nil {
			return nil, fmt.Errorf("wait for the journal %s: %w", path, err)
		}
	}
}

// tryLock makes one attempt at the lock file lp: the locked file, or nil and
// the holder it names. A lock on a file that its last holder removed
// meanwhile (Close removes it) is no lock: it reports no holder, and the
// caller tries again at once through the new file.
func tryLock(lp string) (*os.File, LockHolder, error) {
	for {
		f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, LockHolder{}, fmt.Errorf("lock journal: %w", err)
		}
		if err := flock(f); err != nil {
			var h LockHolder
			_ = json.NewDecoder(io.LimitReader(f, 4096)).Decode(&h)
			f.Close()
			if errors.Is(err, errLockHeld) {
				return nil, h, nil
			}
			return nil, LockHolder{}, fmt.Errorf("lock journal %s: %w", lp, err)
		}
		if sameFile(f, lp) {
			if err := writeHolder(f); err != nil {
				f.Close()
				return nil, LockHolder{}, err
			}
			return f, LockHolder{}, nil
		}
		f.Close() // the holder removed it as we opened it: take the new one
	}
}

// sameFile reports whether the open file f is still the one at path.
func sameFile(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	return err == nil && os.SameFile(a, b)
}

// writeHolder records this process as the lock's holder, for the message a
// waiting run shows.
func writeHolder(f *os.File) error {
	b, _ := json.Marshal(LockHolder{PID: os.Getpid(), Since: time.Now().UTC()})
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("lock journal: %w", err)
	}
	if _, err := f.WriteAt(append(b, '\n'), 0); err != nil {
		return fmt.Errorf("lock journal: %w", err)
	}
	return nil
}

// unlockJournalFile removes the lock file while it still holds it (so the
// next run's sameFile check sees it is gone), then releases the lock.
func unlockJournalFile(path string, f *os.File) {
	_ = os.Remove(lockPath(path))
	_ = funlock(f)
	f.Close()
}
