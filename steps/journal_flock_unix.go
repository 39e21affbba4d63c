//go:build unix

package steps

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// flock takes f's exclusive lock without waiting: errLockHeld when another
// open file of it holds the lock. The kernel releases it when the holder's
// process ends, kill -9 included, so a lock is never stale.
func flock(f *os.File) error {
	err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return errLockHeld
	}
	return err
}

// funlock releases f's lock.
func funlock(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_UN) }
