package steps

import "testing"

// TestAccountIDsInTheConsolesFormAreNormalised: the AWS console shows an
// account as 4444-5555-6666; a flag, a plan file or a form given that is
// taken as the 12 digits, and passes the rule.
func TestAccountIDsInTheConsolesFormAreNormalised(t *testing.T) {
	for _, key := range []string{"accountA", "accountB", "paletteAccountId"} {
		for _, in := range []string{"4444-5555-6666", "4444 5555 6666"} {
			f, _ := FieldByKey(key)
			var p Plan
			if err := f.Set(&p, in); err != nil {
				t.Fatalf("%s: %v", key, err)
			}
			if got := f.Get(&p); got != "444455556666" {
				t.Errorf("%s set to %q is %q", key, in, got)
			}
			if _, err := f.Check(&p); err != nil {
				t.Errorf("%s %q: %v", key, in, err)
			}
		}
	}
	f, _ := FieldByKey("accountA")
	var p Plan
	_ = f.Set(&p, "4444-5555-666")
	if _, err := f.Check(&p); err == nil {
		t.Error("an 11-digit account passed once its hyphens went")
	}
}
