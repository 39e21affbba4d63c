package runewidth

import (
	"os"
	"os/exec"
	"testing"
	"unicode/utf8"
)

// unbuiltChildEnv marks the child process of
// TestRuneWidthLeavesTheStrictLUTUnbuilt.
const unbuiltChildEnv = "BSLWIZ_RUNEWIDTH_UNBUILT_CHILD"

// TestRuneWidthLeavesTheStrictLUTUnbuilt is bslwiz's test of its change.
// In a fresh process (other tests here build the table on purpose, and
// may run first), every rune's width under every Condition, with and
// without CreateLUT, is what the interval tables give, which is what
// upstream's table holds (TestStrictWidthLUT); and the table above 0x300
// stays unwritten.
func TestRuneWidthLeavesTheStrictLUTUnbuilt(t *testing.T) {
	if os.Getenv(unbuiltChildEnv) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRuneWidthLeavesTheStrictLUTUnbuilt$", "-test.count=1")
		cmd.Env = append(os.Environ(), unbuiltChildEnv+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	for _, lut := range []bool{false, true} {
		for _, ea := range []bool{false, true} {
			for _, strict := range []bool{true, false} {
				c := &Condition{EastAsianWidth: ea, StrictEmojiNeutral: strict}
				if lut {
					c.CreateLUT()
				}
				for r := rune(0); r <= utf8.MaxRune; r++ {
					if got, want := c.RuneWidth(r), runeWidthNoLUT(r, ea, strict); got != want {
						t.Fatalf("CreateLUT %v, EastAsianWidth %v, StrictEmojiNeutral %v: RuneWidth(%U) = %d, want %d", lut, ea, strict, r, got, want)
					}
				}
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
