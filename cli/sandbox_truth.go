package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
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

// sandboxOwnsPalette keeps a --sandbox run on its own Palette emulator: a
// SPECTROCLOUD_HOST exported for `bslwiz sandbox` or a real Palette (or a
// plan file's endpoint) would otherwise send the sandbox's key elsewhere and
// show that URL in the endpoint field. --palette-endpoint with --sandbox is
// refused; the environment's or the file's is dropped, and said so.
func sandboxOwnsPalette(in *planInputs, p steps.Plan, given map[string]bool, own string, errw io.Writer, wizard bool) error {
	if !given["paletteEndpoint"] || p.PaletteEndpoint == own {
		return nil
	}
	if f := in.flags.Lookup("palette-endpoint"); f != nil && f.Changed {
		return usageErrorf("--sandbox serves its own Palette; leave out --palette-endpoint (%s), or leave out --sandbox to use that Palette", p.PaletteEndpoint)
	}
	delete(given, "paletteEndpoint")
	if !wizard {
		fmt.Fprintf(errw, "SANDBOX: ignoring the Palette endpoint %s (SPECTROCLOUD_HOST or the plan file): the sandbox serves its own.\n", p.PaletteEndpoint)
	}
	return nil
}

// sandboxKnobs names the knobs that make this sandbox slow or faulty, for
// its banner: a run that fails because of an injected fault must say so.
func sandboxKnobs(getenv func(string) string) string {
	var on []string
	for _, k := range []string{"BSLWIZ_SANDBOX_FAULTS", "BSLWIZ_SANDBOX_LATENCY", "BSLWIZ_SANDBOX_PROPAGATION", "BSLWIZ_SANDBOX_MFA"} {
		if v := getenv(k); v != "" {
			on = append(on, k+"="+v)
		}
	}
	if len(on) == 0 {
		return ""
	}
	return " Active knobs: " + strings.Join(on, ", ") + "."
}
