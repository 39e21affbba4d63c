package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/e2e/ptyterm"
)

func TestFirstFrameNeedsTitleAndKeyHelpOnTheLastRow(t *testing.T) {
	rows := func(last string) string {
		lines := make([]string, benchRows)
		lines[3] = "▸  1 Palette                Step 1 of 13 · Palette"
		lines[benchRows-1] = last
		return strings.Join(lines, "\n")
	}
	tests := []struct {
		screen string
		want   bool
	}{
		{rows("tab next field · shift+tab previous field · enter next · f1 more keys · ctrl+c quit"), true},
		{rows("tab next field · shift+tab previous field · enter next · f1 more"), false}, // cut mid-frame
		{rows(""), false},
		{"Step 1 of 13\nctrl+c quit", false}, // not the last row of 40
	}
	for _, tt := range tests {
		if got := firstFrame(tt.screen); got != tt.want {
			t.Errorf("firstFrame(…%q) = %v, want %v", tt.screen[len(tt.screen)-20:], got, tt.want)
		}
	}
}

func TestBytesUntilCountsTheReadsUpToTheFrame(t *testing.T) {
	chunks := []ptyterm.Chunk{{At: 5 * time.Millisecond, N: 80}, {At: 20 * time.Millisecond, N: 2048}, {At: 21 * time.Millisecond, N: 1300}, {At: 400 * time.Millisecond, N: 30}}
	if got := bytesUntil(chunks, 21*time.Millisecond); got != 3428 {
		t.Fatalf("bytesUntil = %d, want 3428", got)
	}
}

func TestFormatting(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := comma(n); got != want {
			t.Errorf("comma(%d) = %q, want %q", n, got, want)
		}
	}
	if got := median([]int{30, 19, 19, 25, 19}); got != 19 {
		t.Errorf("median = %d, want 19", got)
	}
	if got := median([]time.Duration{3, 1, 2}); got != 2 {
		t.Errorf("median = %v, want 2", got)
	}
}

func TestSpinnerGlyphs(t *testing.T) {
	burst := "\x1b[5;78H\x1b[38;5;75m⠼\x1b[m \n\b\b\x1b[38;5;75m⠼\x1b[m \x1b[9;29H\x1b[38;5;75m⠇\x1b[m "
	if got := countSpinnerGlyphs(burst); got != 3 {
		t.Fatalf("countSpinnerGlyphs = %d, want 3", got)
	}
	if got := countSpinnerGlyphs("▸ ✓ ○ │ ─ … Step 1 of 13"); got != 0 {
		t.Fatalf("countSpinnerGlyphs of the frame's other symbols = %d, want 0", got)
	}
	r := spinnerResult{Window: 2 * time.Second, Ticks: []int{44, 19, 44, 19}, Glyphs: 6}
	if got := r.PerSpinner(); got != 21 {
		t.Errorf("PerSpinner = %v, want 21", got)
	}
	if got := r.Rate(); got != 63 {
		t.Errorf("Rate = %v, want 63", got)
	}
}
