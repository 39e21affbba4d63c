package ui

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"
)

// widthChildEnv marks the child process TestTheWidthTableIsNotBuilt runs.
const widthChildEnv = "BSLWIZ_TEST_WIDTH_CHILD"

// TestTheWidthTableIsNotBuilt counts, in a fresh process, the pages of
// go-runewidth's width table that are resident before and after the
// renderer's width method (wcwidth, for terminals without Unicode core mode)
// measures the first runes above U+02FF the wizard draws: a border, an
// ellipsis, a check mark. Upstream writes all 2.2 MB of the table there; the
// copy in third_party/go-runewidth, which go.mod puts in its place, does not
// (its README.bslwiz.md says why).
func TestTheWidthTableIsNotBuilt(t *testing.T) {
	if os.Getenv(widthChildEnv) != "" {
		widthChild(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTheWidthTableIsNotBuilt$", "-test.count=1")
	cmd.Env = append(os.Environ(), widthChildEnv+"=1", "RUNEWIDTH_EASTASIAN=0")
	// Transparent huge pages would make the table's pages resident 512 at a
	// time; the child inherits the setting.
	if err := unix.Prctl(unix.PR_SET_THP_DISABLE, 1, 0, 0, 0); err != nil {
		t.Logf("PR_SET_THP_DISABLE: %v", err)
	}
	out, err := cmd.CombinedOutput()
	_ = unix.Prctl(unix.PR_SET_THP_DISABLE, 0, 0, 0, 0)
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var width, pages, before, after int
	for line := range strings.Lines(string(out)) {
		if _, err := fmt.Sscanf(line, "width=%d pages=%d before=%d after=%d", &width, &pages, &before, &after); err == nil {
			break
		}
	}
	if pages == 0 {
		t.Fatalf("the child reported nothing:\n%s", out)
	}
	if width != 36 {
		t.Errorf("width = %d, want 36 (34 runes, one cell each but the two ideographs' two)", width)
	}
	if after-before > 4 {
		t.Errorf("measuring the runes made %d of the width table's %d pages resident (%d before, %d after): the table was built (is go.mod's replace of go-runewidth gone?)",
			after-before, pages, before, after)
	}
}

// widthChild measures, and prints what it found for the parent.
func widthChild(t *testing.T) {
	addr, size := tableAddress(t)
	pm, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	before := residentPages(t, pm, addr, size)
	w := ansi.WcWidth.StringWidth("╭─ Step 1 of 13 … ✓ ✗ ● ▸ ↑↓ 漢字 ─╮")
	after := residentPages(t, pm, addr, size)
	fmt.Printf("width=%d pages=%d before=%d after=%d\n", w, (size+4095)/4096, before, after)
}

// widthLUT is go-runewidth's table itself (the test's only way to find
// its pages; test binaries carry no symbol table).
//
//go:linkname widthLUT github.com/mattn/go-runewidth.strictWidthLUT
var widthLUT [2][0x110000]byte

// tableAddress is where go-runewidth's table is, and its size.
func tableAddress(*testing.T) (addr, size uint64) {
	return uint64(uintptr(unsafe.Pointer(&widthLUT))), uint64(unsafe.Sizeof(widthLUT))
}

// residentPages counts the pages of [addr, addr+size) present in memory,
// from /proc/self/pagemap (bit 63 of each page's entry).
func residentPages(t *testing.T, pm *os.File, addr, size uint64) int {
	const page = 4096
	first, last := addr/page, (addr+size-1)/page
	buf := make([]byte, 8*(last-first+1))
	if _, err := pm.ReadAt(buf, int64(first*8)); err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; i < len(buf); i += 8 {
		if binary.LittleEndian.Uint64(buf[i:])&(1<<63) != 0 {
			n++
		}
	}
	return n
}
