package ui

import "testing"

// TestConfirmQuestionCounts: one call is "this change", more are counted
// in the plural; never "change(s)".
func TestConfirmQuestionCounts(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{1, "Make this change in Account B"},
		{2, "Make these 2 changes in Account B"},
		{3, "Make these 3 changes in Account B"},
	} {
		if got := confirmQuestion(c.n, "Account B"); got != c.want {
			t.Errorf("confirmQuestion(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
