package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/steps"
)

// TestAGivenInputThatBreaksARuleOpensTheForm: a step whose inputs pass
// their own rules goes straight to its preview; when the preview finds one
// wrong (the region is not the bucket's), the form opens with the rule
// under the field, and the step is no longer a summary.
func TestAGivenInputThatBreaksARuleOpensTheForm(t *testing.T) {
	w := newWorld(t, worldOpts{plan: func(p *steps.Plan) { p.Region = "us-west-2" }})
	for n := 1; n <= 3; n++ {
		w.walk(n)
	}
	w.until("step 4's form", func() bool { return w.m.number() == 4 && w.m.phase == phaseForm })
	if w.m.summarized {
		t.Error("the form is open, but the step still counts as a summary")
	}
	contains(t, w.formText(), "is not where bucket acme-velero-backups is (it is in us-east-2)")
	if calls := w.mutatingCalls(); len(calls) > 0 {
		t.Errorf("calls: %v", calls)
	}
}

// TestSummaryShowsWhereEachInputCameFrom: the sources the command line
// recorded show beside the values; a value found by an earlier step says
// so; e opens the form, and esc there goes back a step.
func TestSummaryShowsWhereEachInputCameFrom(t *testing.T) {
	w := newWorld(t, worldOpts{plan: func(p *steps.Plan) { p.Region = "" }})
	w.s.Sources["bucket"] = "--bucket"
	for n := 1; n <= 4; n++ {
		w.walk(n)
	}
	w.atStep(5)
	w.press("esc") // back to step 4: its region was found by its preview
	w.atStep(4)
	contains(t, w.screen(), "--bucket: S3 bucket acme-velero-backups", "found: Region us-east-2", "e edits them")
	w.edit()
	contains(t, w.formText(), "› Certificate")
	w.press("esc")
	w.atStep(3)
}

// TestSummaryNamesTheBucketKeyGranted: with no --kms-key-arn on a bucket
// whose default encryption uses a customer-managed key, the role step's
// summary says the bucket's key is granted rather than "none" (its policy
// gets the KMS statement for that key).
func TestSummaryNamesTheBucketKeyGranted(t *testing.T) {
	w := newWorld(t, worldOpts{plan: func(p *steps.Plan) { p.Bucket = "acme-velero-kms" }})
	for n := 1; n <= 5; n++ {
		w.walk(n)
	}
	w.atStep(6)
	w.until("step 6's preview", func() bool { return w.m.phase == phasePreview })
	if factsFoldable(w.m.computeFrame()) {
		w.press("i") // at 80x24 the warning keeps its lines; i shows the inputs cut for it
	}
	contains(t, w.screen(), "the bucket's own key is granted")
	if regexp.MustCompile(`(?m)KMS key ARN none(,|$)`).MatchString(w.screen()) {
		t.Errorf("the summary says no KMS key while the policy grants the bucket's:\n%s", w.screen())
	}
}

// TestSummarySaysGivenBeforeTheValues: a summarized step's "Given, so not
// asked" line heads its given values, so it does not read as the label of
// the step's findings under them.
func TestSummarySaysGivenBeforeTheValues(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w := newWorld(t, worldOpts{width: size[0], height: size[1]})
		w.atStep(1)
		w.until("step 1's preview", func() bool { return w.m.phase == phasePreview })
		screen := w.screen()
		given := strings.Index(screen, "Given, so not asked")
		value := strings.Index(screen, "Palette endpoint http://")
		finding := strings.Index(screen, "accepts the API key")
		if given < 0 || value < 0 || finding < 0 || !(given < value && value < finding) {
			t.Errorf("%dx%d: want the given line, then the values, then the findings:\n%s", size[0], size[1], screen)
		}
	}
}
