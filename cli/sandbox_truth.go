package cli

import (
	"os"
	"time"

	"github.com/bslwiz/bslwiz/steps"
)

// earlierSandboxRun is the journal of a --sandbox run of location, when this
// run is not one and has no journal of its own for it: `bslwiz undo NAME`
// after `bslwiz --sandbox` finds its journal under another name, and must
// say what is true (nothing it made exists any more) rather than "no
// journal".
func earlierSandboxRun(in *planInputs, location string) (path string, ok bool) {
	if in.sandbox || location == "" {
		return "", false
	}
	dir, err := stateDir(in.stateDir)
	if err != nil {
		return "", false
	}
	path = steps.JournalPath(dir, location, true)
	_, err = os.Stat(path)
	return path, err == nil
}

// earlierSandboxWords says what is true of such a run, and what to do.
func earlierSandboxWords(location, path string) string {
	return location + " was a --sandbox run (journal " + path + "): its emulators stopped with the bslwiz process that made it, " +
		"so nothing it made exists any more and there is nothing to undo or check. " +
		"To keep emulators between commands, run 'bslwiz sandbox' in another shell and point bslwiz at it."
}

// journalError records the raw error of a failed run in the journal's
// events, where the one-line explanation on screen leaves it out.
func journalError(s *steps.Session, err error) {
	if err == nil || s == nil || s.Journal == nil {
		return
	}
	s.Journal.Event(time.Now(), "", "error", err.Error())
	_ = s.Journal.Save()
}
