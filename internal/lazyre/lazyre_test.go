package lazyre

import (
	"slices"
	"sync"
	"testing"
)

func TestRegexp(t *testing.T) {
	re := New(`^(\d+)-(\w+)$`)
	if re.String() != `^(\d+)-(\w+)$` {
		t.Errorf("String() = %q", re.String())
	}
	var wg sync.WaitGroup
	for range 8 { // the first use races with others: compiled once, for all
		wg.Go(func() {
			if !re.MatchString("12-ab") || re.MatchString("ab-12") {
				t.Error("MatchString is wrong")
			}
		})
	}
	wg.Wait()
	if got := re.FindStringSubmatch("12-ab"); !slices.Equal(got, []string{"12-ab", "12", "ab"}) {
		t.Errorf("FindStringSubmatch = %q", got)
	}
}

func TestABadExpressionPanicsAtFirstUse(t *testing.T) {
	re := New(`(`) // no panic here
	defer func() {
		if recover() == nil {
			t.Error("no panic at first use")
		}
	}()
	re.MatchString("x")
}
