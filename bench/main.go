// Command bench measures bslwiz where its users feel it: over a slow link.
// Run it with `go run ./bench` (or `go run ./bench -only apply`); it prints
// the figures the README quotes, as a Markdown table.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	only := flag.String("only", "", "run one benchmark: apply")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency injected into every emulated call (benchmark 3)")
	flag.Parse()
	if *only == "" || *only == "apply" {
		r, err := benchApply(*latency)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench apply:", err)
			os.Exit(1)
		}
		fmt.Println("| # | what | measured | target |")
		fmt.Println("|---|---|---|---|")
		fmt.Printf("| 3 | headless apply, all 13 steps, %v injected per call | %v wall = %.1f round trips; %d AWS + %d Palette calls | ≤ 8 round trips |\n",
			r.Latency, r.Wall.Round(time.Millisecond), r.RoundTrips(), r.AWSCalls, r.PaletteCalls)
		fmt.Printf("| 3 | live checks, all at once vs one by one | %v concurrent; slowest alone %v; sum %v | ≈ slowest |\n",
			r.ChecksWall.Round(time.Millisecond), r.ChecksSlowest.Round(time.Millisecond), r.ChecksSum.Round(time.Millisecond))
	}
}
