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
// on the last screen, before it quits.
func benchRSS(w *wizardBinary) (rssResult, error) {
	var res rssResult
	t, err := w.start(ptyterm.Options{Answer: true})
	if err != nil {
		return res, err
	}
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
