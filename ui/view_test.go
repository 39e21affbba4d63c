package ui

import (
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/task"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

var at80x24 = uitest.Variant{Name: "80x24_nocolor", Width: 80, Height: 24, NoColor: true}

// mainColumn is the screen's lines with the step list (the first 24
// columns at 80 wide) cut off, so wrapped text reads in order.
func mainColumn(screen string) string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if r := []rune(l); len(r) > 24 {
			out = append(out, string(r[24:]))
		}
	}
	return strings.Join(out, "\n")
}

// TestReadOnlyPreviewShowsTheWholeGuide: at 80x24 a preview that leaves
// room shows the step's guide whole, not cut after two lines.
func TestReadOnlyPreviewShowsTheWholeGuide(t *testing.T) {
	m := goldenModel(t, at80x24, 12)
	preview(m, &steps.Preview{ID: steps.StepValidate, Number: 12, Verb: "validate", Title: "Validate",
		Facts: []string{"Palette will assume arn:aws:iam::111122223333:role/bslwiz-acme-backups and check s3://acme-velero-backups"}})
	screen := uitest.Plain(m.render())
	uitest.RequireFits(t, m.render(), 80, 24)
	contains(t, mainColumn(screen), m.step().Guide, "Press enter to validate.")
}

// TestFactsKeepLongWordsWhole: a fact's ARN that fits the column is not
// broken to keep the bullet's indent.
func TestFactsKeepLongWordsWhole(t *testing.T) {
	m := goldenModel(t, at80x24, 12)
	arn := "arn:aws:iam::111122223333:policy/bslwiz-sandbox-backups" // 55 columns: fits 56, not 56 less the indent
	preview(m, &steps.Preview{ID: steps.StepValidate, Number: 12, Verb: "validate", Title: "Validate", Facts: []string{"attached: " + arn}})
	if screen := uitest.Plain(m.render()); !strings.Contains(screen, arn) {
		t.Errorf("the ARN is broken:\n%s", screen)
	}
}

// TestCompactCallsAreWhole: under step 9's diff at 80x24 the call is
// wrapped, not cut: its target and its account are on screen whole.
func TestCompactCallsAreWhole(t *testing.T) {
	tr := iampolicy.NewTrust()
	tr.EnsurePalette("aws", sandbox.PaletteAccount, goldenExternalID)
	before := tr.Canonical()
	if _, err := tr.EnsureAccountA("aws", sandbox.AccountA); err != nil {
		t.Fatal(err)
	}
	after := tr.Canonical()
	m := goldenModel(t, at80x24, 9)
	preview(m, &steps.Preview{ID: steps.StepAppendAccountA, Number: 9, Verb: "continue", Title: "Append Account A", Mutates: true,
		Calls: []steps.Call{{Service: "iam", Action: "UpdateAssumeRolePolicy",
			Target: "role bslwiz-a-rather-long-location-name-backups (replaces the whole document: read, append, write)",
			Where:  "111122223333 (Account B)"}},
		Change: &steps.DocumentChange{Name: "trust policy", Before: before, After: after, Diff: iampolicy.LineDiff(before, after, 3), ShowDiff: true}})
	screen := uitest.Plain(m.render())
	uitest.RequireFits(t, m.render(), 80, 24)
	contains(t, screen, "bslwiz-a-rather-long-location-name-backups", "(replaces the whole document: read, append, write)",
		"in 111122223333 (Account B)", "Press y or enter to make this change", `+       "Sid": "ClusterAccountAssumeRole",`)
}

// TestConfirmationShowsTheWholeGuide: step 13's one call leaves the room
// for its guide whole at 80x24.
func TestConfirmationShowsTheWholeGuide(t *testing.T) {
	m := goldenModel(t, at80x24, 13)
	preview(m, &steps.Preview{ID: steps.StepCreate, Number: 13, Verb: "continue", Title: "Create", Mutates: true, Calls: []steps.Call{{Service: "palette",
		Action: "POST /v1/users/assets/locations/s3", Where: "Palette api.spectrocloud.com, project Default",
		Target: "location acme-backups: s3://acme-velero-backups (us-east-2), STS role arn:aws:iam::111122223333:role/bslwiz-acme-backups"}}})
	screen := uitest.Plain(m.render())
	uitest.RequireFits(t, m.render(), 80, 24)
	contains(t, screen, m.step().Guide, "Press y or enter to make this change, esc to back out.")
	// Without facts, no blank line is owed to them: the guide gives way
	// only when the panel itself would not fit.
	if got, want := m.previewNeed(56), m.confirm.Need(); got != want {
		t.Errorf("previewNeed = %d, want the panel's %d", got, want)
	}
}

// TestWideConfirmationTakesThePanelsRoom: at 120x40 a change's calls get
// the width of the panel too, so the role ARN in step 13's call is whole.
func TestWideConfirmationTakesThePanelsRoom(t *testing.T) {
	arn := "arn:aws:iam::111122223333:role/bslwiz-acme-backups"
	m := goldenModel(t, uitest.Variant{Name: "120x40_nocolor", Width: 120, Height: 40, NoColor: true}, 13)
	preview(m, &steps.Preview{ID: steps.StepCreate, Number: 13, Verb: "continue", Title: "Create", Mutates: true, Calls: []steps.Call{{Service: "palette",
		Action: "POST /v1/users/assets/locations/s3", Where: "Palette api.spectrocloud.com, project Default",
		Target: "location acme-backups: s3://acme-velero-backups (us-east-2), STS role " + arn}}})
	screen := uitest.Plain(m.render())
	uitest.RequireFits(t, m.render(), 120, 40)
	if !strings.Contains(screen, arn) || strings.Contains(screen, "Checks:") {
		t.Errorf("the call's ARN is not whole, or the panel still takes the room:\n%s", screen)
	}
}

// TestFailureLeavesTheGuideWhenItFits: a short failure at 80x24 leaves the
// step's guide whole above it, with the hint and the retry key.
func TestFailureLeavesTheGuideWhenItFits(t *testing.T) {
	m := goldenModel(t, at80x24, 12)
	m.tasks.Start(task.Task{ID: taskID("apply", steps.StepValidate), StartText: "Validating through Palette"})
	m.fail("apply", errors.New("palette: 400 BucketNotFound: bucket acme-velero-backups does not exist"))
	m.Update(nil)
	screen := uitest.Plain(m.render())
	uitest.RequireFits(t, m.render(), 80, 24)
	contains(t, mainColumn(screen), m.step().Guide, "BucketNotFound", "What to do:", "Press r to retry.")
}
