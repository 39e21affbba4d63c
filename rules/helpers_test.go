package rules

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// ruleCase is one row of a validator table: the input and a fragment of the
// rule expected to fail, or "" when the input is valid.
type ruleCase struct {
	in   string
	rule string
}

// checkRule asserts that err matches want: nil when want is "", otherwise a
// *Error for field whose Rule contains want and whose Value is in.
func checkRule(t *testing.T, field, in string, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%q: unexpected error: %v", in, err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%q: got %v (%T), want a *rules.Error with rule %q", in, err, err, want)
		return
	}
	if e.Field != field || !strings.Contains(e.Rule, want) {
		t.Errorf("%q: got field %q rule %q, want field %q rule containing %q", in, e.Field, e.Rule, field, want)
	}
	if e.Value != in {
		t.Errorf("%q: error carries value %q", in, e.Value)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
