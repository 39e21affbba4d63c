package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/bslwiz/bslwiz/e2e/ptyterm"
	"github.com/bslwiz/bslwiz/e2e/wizard"
	"github.com/bslwiz/bslwiz/sandbox"
)

// rssResult is benchmark 4: the wizard's memory after walking all 13 steps.
type rssResult struct {
	HWM, RSS int64 // bytes: peak and current resident set
	// Anon and File split the resident set at the end: the heap and stacks,
	// and the pages of the binary (and other files) read in.
	Anon, File int64
	Walk       time.Duration
}

// benchRSS walks every step of the sandbox with enter (the sandbox's
// defaults are valid), and reads the wizard's peak resident set (VmHWM)
// on the last screen, before it quits. This is `--sandbox`: the emulators
// run inside the wizard's process, and their code and state count.
func benchRSS(w *wizardBinary) (rssResult, error) {
	t, err := w.start(ptyterm.Options{Answer: true})
	if err != nil {
		return rssResult{}, err
	}
	return walkRSS(t)
}

// benchRSSReal is the same walk of the wizard alone, as on a bastion: real
// mode, against emulators that run in the bench's process (`bslwiz sandbox`
// in another one), with the answers the sandbox's plan gives as flags.
func benchRSSReal(w *wizardBinary) (rssResult, error) {
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		return rssResult{}, err
	}
	defer sb.Close()
	r, err := w.newRun("xterm-256color", sb.Env()...)
	if err != nil {
		return rssResult{}, err
	}
	p := sb.Plan()
	t, err := ptyterm.Start(ptyterm.Options{Cols: benchCols, Rows: benchRows, Env: r.Env, Answer: true}, w.path,
		"--name", p.LocationName, "--bucket", p.Bucket, "--account-a", p.AccountA, "--state-dir", r.StateDir)
	if err != nil {
		return rssResult{}, err
	}
	return walkRSS(t)
}

// walkRSS walks a started wizard to its last screen and reads its memory.
func walkRSS(t *ptyterm.Terminal) (rssResult, error) {
	var res rssResult
	defer quit(t)
	if _, err := t.WaitScreen(10*time.Second, firstFrame); err != nil {
		return res, err
	}
	start := time.Now()
	done := func(s wizard.State) bool { return s.Phase == wizard.Done }
	if _, err := wizard.Walk(ptyDriver{t}, done, walkOpts); err != nil {
		return res, err
	}
	res.Walk = time.Since(start)
	status, err := procStatus(t.Pid())
	if err != nil {
		return res, err
	}
	res.HWM, res.RSS = status["VmHWM"], status["VmRSS"]
	res.Anon, res.File = status["RssAnon"], status["RssFile"]
	if err := t.Send("q"); err != nil {
		return res, err
	}
	if err := t.Wait(10 * time.Second); err != nil {
		return res, fmt.Errorf("leaving the last screen: %w", err)
	}
	return res, nil
}

// procStatus reads the kB fields of /proc/<pid>/status, in bytes.
func procStatus(pid int) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 2 && fields[1] == "kB" {
			n, err := strconv.ParseInt(fields[0], 10, 64)
			if err == nil {
				out[k] = n * 1024
			}
		}
	}
	return out, sc.Err()
}
