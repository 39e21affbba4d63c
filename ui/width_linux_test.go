package ui

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// widthChildEnv marks the child process TestTheWidthTableIsNotBuilt runs.
const widthChildEnv = "BSLWIZ_TEST_WIDTH_CHILD"

// TestTheWidthTableIsNotBuilt measures, in a fresh process, what the
// renderer's width method (wcwidth, for terminals without Unicode core mode)
// costs the resident set on the first runes above U+02FF the wizard draws: a
// border, an ellipsis, a check mark. Upstream go-runewidth writes a 2.2 MB
// table there; the copy in third_party/go-runewidth, which go.mod puts in
// its place, does not (its README.bslwiz.md says why).
func TestTheWidthTableIsNotBuilt(t *testing.T) {
	if os.Getenv(widthChildEnv) != "" {
		before := rssAnon(t)
		w := ansi.WcWidth.StringWidth("╭─ Step 1 of 13 … ✓ ✗ ● ▸ ↑↓ 漢字 ─╮")
		after := rssAnon(t)
		fmt.Printf("width=%d grew=%d\n", w, after-before)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTheWidthTableIsNotBuilt$", "-test.count=1")
	cmd.Env = append(os.Environ(), widthChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var width, grew int
	for line := range strings.Lines(string(out)) {
		if _, err := fmt.Sscanf(line, "width=%d grew=%d", &width, &grew); err == nil {
			break
		}
	}
	if width != 36 {
		t.Errorf("width = %d, want 36 (34 runes, one cell each but the two ideographs' two)\n%s", width, out)
	}
	// The table is 2.2 MB; what the interval tables and a heap that did
	// not need to grow cost is a few pages.
	if grew > 1<<20 {
		t.Errorf("the first runes above U+02FF grew the resident set by %d kB: the width table was built (is go.mod's replace of go-runewidth gone?)", grew>>10)
	}
}

// rssAnon is this process's anonymous resident memory, in bytes.
func rssAnon(t *testing.T) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "RssAnon:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no RssAnon in /proc/self/status")
	return 0
}
