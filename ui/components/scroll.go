package components

import "fmt"

// ScrollHint is the line under a scrolling view that says what it hides
// and how to reach it ("… more below (40%), ↑/↓ to scroll"), fitted to
// width; "" when the view shows everything (at its top and its bottom).
func ScrollHint(atTop, atBottom bool, percent float64, width int, ellipsis, upDown string) string {
	if atTop && atBottom {
		return ""
	}
	more := "more below"
	switch {
	case atBottom:
		more = "more above"
	case !atTop:
		more = "more above and below"
	}
	return Fit(fmt.Sprintf("%s %s (%d%%), %s to scroll", ellipsis, more, int(percent*100), upDown), width, ellipsis)
}
