package runewidth

import (
	"testing"
	"unicode/utf8"
)

// TestRuneWidthLeavesTheStrictLUTUnbuilt is bslwiz's test of its change (this file
// sorts first, so it runs before TestStrictWidthLUT builds the table itself):
// every rune's width comes from the interval tables, the same as upstream's
// table would give, and the table above 0x300 stays untouched (zero pages,
// not resident).
func TestRuneWidthLeavesTheStrictLUTUnbuilt(t *testing.T) {
	for _, ea := range []bool{false, true} {
		c := &Condition{EastAsianWidth: ea, StrictEmojiNeutral: true}
		for r := rune(0); r <= utf8.MaxRune; r++ {
			if got, want := c.RuneWidth(r), runeWidthNoLUT(r, ea, true); got != want {
				t.Fatalf("EastAsianWidth=%v: RuneWidth(%U) = %d, want %d", ea, r, got, want)
			}
		}
	}
	for plane := range strictWidthLUT {
		for r := 0x300; r < len(strictWidthLUT[plane]); r++ {
			if strictWidthLUT[plane][r] != 0 {
				t.Fatalf("strictWidthLUT[%d][%U] = %d: the table was built", plane, r, strictWidthLUT[plane][r])
			}
		}
	}
	if got := strictWidthLUTLimit.Load(); got != 0x300 {
		t.Errorf("strictWidthLUTLimit = %#x, want 0x300", got)
	}
}
