// Command bench measures bslwiz where its users feel it: on a terminal over
// a slow link. Run it with `go run ./bench` (or `-only tui|apply|rss`); it
// prints the figures the README quotes, as Markdown table rows.
//
// The terminal figures (1, 2, 4) come from the real binary, built once with
// `go build`, running `--sandbox` on a 120x40 pty with TERM=xterm-256color
// (e2e/ptyterm): every byte it writes is recorded with its arrival time and
// fed to a screen emulator, and the terminal answers queries like xterm, or
// never. The method is that of ../shared/reference/charm-stack.md §1.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/bslwiz/bslwiz/e2e/ptyterm"
)

func main() {
	only := flag.String("only", "", "run one group: tui (1, 2), apply (3) or rss (4)")
	latency := flag.Duration("latency", 100*time.Millisecond, "latency added to each request on the link (benchmark 3)")
	runs := flag.Int("runs", 10, "runs of each first-frame measurement (benchmark 1)")
	flag.Parse()
	switch *only {
	case "", "tui", "apply", "rss":
	default:
		fmt.Fprintf(os.Stderr, "bench: -only must be tui, apply or rss, not %q\n", *only)
		os.Exit(2)
	}
	fmt.Println("| # | what | measured | target |")
	fmt.Println("|---|---|---|---|")
	var w *wizardBinary
	if *only != "apply" {
		var err error
		if w, err = buildWizard(); err != nil {
			fail("build", err)
		}
		defer w.Close()
	}
	if *only == "" || *only == "tui" {
		if err := printTUI(w, *runs); err != nil {
			w.Close()
			fail("tui", err)
		}
	}
	if *only == "" || *only == "apply" {
		if err := printApply(*latency); err != nil {
			fail("apply", err)
		}
	}
	if *only == "" || *only == "rss" {
		if err := printRSS(w); err != nil {
			w.Close()
			fail("rss", err)
		}
	}
}

// progress says on stderr what is being measured, so that stdout stays
// the table.
func progress(format string, a ...any) func() {
	start := time.Now()
	fmt.Fprintf(os.Stderr, "bench: "+format+"…", a...)
	return func() { fmt.Fprintf(os.Stderr, " %v\n", time.Since(start).Round(100*time.Millisecond)) }
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "bench %s: %v\n", what, err)
	os.Exit(1)
}

func printTUI(w *wizardBinary, runs int) error {
	xterm := ptyterm.Options{Answer: true}
	done := progress("1: first frame, %d runs × 3 terminals", runs)
	answered, err := benchFirstFrame(w, xterm, runs)
	if err != nil {
		return err
	}
	silent, err := benchFirstFrame(w, ptyterm.Options{}, runs)
	if err != nil {
		return err
	}
	slow, err := benchFirstFrame(w, ptyterm.Options{Answer: true, ReplyDelay: 150 * time.Millisecond}, runs)
	if err != nil {
		return err
	}
	version, err := benchVersion(w, runs)
	if err != nil {
		return err
	}
	done()
	a := answered.Median()
	fmt.Printf("| 1 | first full frame, terminal answers like xterm (OSC 11, CPR, DECRQM); median of %d | **%s** (%s B; %s B by 300 ms of silence) | ≤ 30 ms |\n",
		runs, ms(a), comma(answered.FrameBytes), comma(answered.SettleBytes))
	fmt.Printf("| 1 | same, terminal never answers (ssh -tt relay, CI) | **%s** = %.2f× answered | no stall |\n",
		ms(silent.Median()), ratio(silent.Median(), a))
	fmt.Printf("| 1 | same, every reply delayed 150 ms (slow link) | %s = %.2f× answered | no stall |\n",
		ms(slow.Median()), ratio(slow.Median(), a))
	fmt.Printf("| 1 | first frame ÷ `bslwiz --version` to exit on the same pty (%s): the wizard's own start-up cost | %.1f× | |\n",
		ms(version), ratio(a, version))

	done = progress("2: typing")
	typing, err := benchTyping(w, xterm)
	if err != nil {
		return fmt.Errorf("typing: %w", err)
	}
	done()
	fmt.Fprintf(os.Stderr, "bench: bytes per key, in order: %v\n", typing.PerKey)
	total := 0
	for _, n := range typing.PerKey {
		total += n
	}
	over := 0
	for _, n := range typing.PerKey {
		if n > 40 {
			over++
		}
	}
	fmt.Printf("| 2 | per keystroke, %d keys typed into %s | **%d B** median (first %d B, max %d B, %d keys over 40 B once the field scrolls sideways; %s B in all) | ≤ 40 B |\n",
		len(typing.PerKey), typing.Field, median(typing.PerKey), typing.PerKey[0], maxOf(typing.PerKey), over, comma(total))
	fmt.Printf("| 2 | tab to the next field (Location provider: the select opens its filter and 4 choices) | %s B | |\n", comma(typing.Tab))
	fmt.Printf("| 2 | live checks redrawn once typing stops (300 ms debounce) | %s B | |\n", comma(typing.Checks))
	fmt.Printf("| 2 | idle on the form (no spinner) | %.0f B/s | |\n", typing.IdleRate)

	done = progress("2: spinner")
	spin, err := benchSpinner(w, xterm, 2*time.Second)
	if err != nil {
		return fmt.Errorf("spinner: %w", err)
	}
	done()
	fmt.Printf("| 2 | per spinner tick, step 1's preview task running (BSLWIZ_SANDBOX_LATENCY) | **%.0f B** per spinner redrawn (%d on screen; %d bursts in %v: median %d B, max %d B; %.0f B/s) | ≤ 40 B |\n",
		spin.PerSpinner(), spin.OnScreen, len(spin.Ticks), spin.Window, median(spin.Ticks), maxOf(spin.Ticks), spin.Rate())

	done = progress("2: typing and spinner, synchronized output")
	sync := ptyterm.Options{Answer: true, SyncOutput: true}
	styping, err := benchTyping(w, sync)
	if err != nil {
		return fmt.Errorf("typing, synchronized output: %w", err)
	}
	sspin, err := benchSpinner(w, sync, 2*time.Second)
	if err != nil {
		return fmt.Errorf("spinner, synchronized output: %w", err)
	}
	done()
	fmt.Printf("| 2 | same, terminal that acknowledges synchronized output (DECRQM 2026: kitty, WezTerm, foot) | %d B per key; %.0f B per spinner, bursts median %d B | ≤ 40 B |\n",
		median(styping.PerKey), sspin.PerSpinner(), median(sspin.Ticks))
	return nil
}

func printApply(latency time.Duration) error {
	done := progress("3: headless apply, %v on the link", latency)
	r, err := benchApply(latency)
	if err != nil {
		return err
	}
	done()
	fmt.Printf("| 3 | headless apply of a new location, %v added to each request of bslwiz to both services (client side; Palette's calls to AWS not delayed) | **%d round trips**, %d requests, %v wall; Palette's validate called %d× | ≤ 8 round trips, validate once |\n",
		r.Latency, r.First.RoundTrips, r.First.Requests, r.First.Wall.Round(time.Millisecond), r.First.Validates)
	fmt.Printf("| 3 | rerun that changes nothing | **%d round trips**, %d requests, %v wall; validate %d× | ≤ 5 round trips |\n",
		r.Rerun.RoundTrips, r.Rerun.Requests, r.Rerun.Wall.Round(time.Millisecond), r.Rerun.Validates)
	fmt.Printf("| 3 | old figure: %v injected server side into every emulated call, Palette's calls to AWS included | %v wall = %.1f round trips; %d AWS + %d Palette calls; validate %d× | |\n",
		r.Latency, r.OldWall.Round(time.Millisecond), r.OldRoundTrips(), r.OldAWS, r.OldPalette, r.OldValidate)
	fmt.Printf("| 3 | live checks, all at once vs one by one (server-side latency) | %v concurrent; slowest alone %v; sum %v | ≈ slowest |\n",
		r.ChecksWall.Round(time.Millisecond), r.ChecksSlowest.Round(time.Millisecond), r.ChecksSum.Round(time.Millisecond))
	fmt.Println()
	fmt.Println("Dependent chain of the apply (one round trip a line; ∥ = in flight together):")
	fmt.Println()
	fmt.Println("```")
	fmt.Print(r.First.Summary.String())
	fmt.Println("```")
	fmt.Println()
	fmt.Println("Rerun:")
	fmt.Println()
	fmt.Println("```")
	fmt.Print(r.Rerun.Summary.String())
	fmt.Println("```")
	return nil
}

func printRSS(w *wizardBinary) error {
	done := progress("4: walking all 13 steps")
	r, err := benchRSS(w)
	if err != nil {
		return err
	}
	done()
	fmt.Printf("| 4 | peak RSS (VmHWM) of the wizard after walking all 13 steps on the pty, `--sandbox` (the emulators in its process) | **%.1f MB** (%.1f MB resident at the end: %.1f MB heap and stacks, %.1f MB of the binary's pages; walk %v) | ≤ 30 MB |\n",
		mb(r.HWM), mb(r.RSS), mb(r.Anon), mb(r.File), r.Walk.Round(100*time.Millisecond))
	real, err := benchRSSReal(w)
	if err != nil {
		return fmt.Errorf("real mode: %w", err)
	}
	fmt.Printf("| 4 | same, the wizard alone: real mode against the emulators in another process, as on a bastion | **%.1f MB** (%.1f MB heap and stacks, %.1f MB of the binary's pages; walk %v) | ≤ 30 MB |\n",
		mb(real.HWM), mb(real.Anon), mb(real.File), real.Walk.Round(100*time.Millisecond))
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func maxOf(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// comma writes n with thousands separators.
func comma(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
