package ui

import (
	"strings"
	"testing"
)

// TestTheLinePromptsRefuseARegionTheyDoNotKnow: us-east-9 has a region's
// shape, so the rule alone let it through as "a valid region"; at the
// prompt it is refused with the rule, and asked again.
func TestTheLinePromptsRefuseARegionTheyDoNotKnow(t *testing.T) {
	asked := 0
	lr := lineWalk{answer: func(p string, transcript func() string) string {
		if strings.HasPrefix(p, "Keep these answers") && lastStep(transcript()) == "Step 4 of 13" {
			return "n" // the sandbox gives every field: ask them
		}
		if strings.HasPrefix(p, "Region") {
			asked++
			if asked == 1 {
				return "us-east-9"
			}
			return ""
		}
		if strings.HasPrefix(p, "What next") {
			return "quit"
		}
		return confirmEverything(p, transcript)
	}}.run(t)
	if lr.err != nil {
		t.Fatalf("Run: %v\n%s", lr.err, lr.out)
	}
	if asked < 2 {
		t.Fatalf("the region was asked %d times; us-east-9 was taken:\n%s", asked, lr.out)
	}
	if !strings.Contains(flat(lr.out), `region "us-east-9": is not a region bslwiz knows`) {
		t.Errorf("the refusal does not name the rule:\n%s", lr.out)
	}
	if !strings.Contains(lr.out, "Backup location sandbox-backups is in Palette") {
		t.Errorf("the walk did not finish after the region was answered again")
	}
}

func TestKnownRegion(t *testing.T) {
	ok := func(string) error { return nil }
	for _, tc := range []struct{ in, err string }{
		{"", ""},
		{"us-east-2", ""},
		{"us-east-9", "is not a region bslwiz knows"},
		{"Ohio", "is a region name"},
	} {
		err := knownRegion(ok)(tc.in)
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("knownRegion(%q) = %v, want %q", tc.in, err, tc.err)
		}
	}
}

// lastStep is the heading of the step a line-mode transcript is on
// ("Step 4 of 13").
func lastStep(transcript string) string {
	i := strings.LastIndex(transcript, "\nStep ")
	if i < 0 {
		return ""
	}
	head, _, _ := strings.Cut(transcript[i+1:], ":")
	return head
}
