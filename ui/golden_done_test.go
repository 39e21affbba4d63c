package ui

import (
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// TestGoldenDone is the final summary of a real run: what it made, where
// its journal is, and the command that undoes it (the README shows it).
func TestGoldenDone(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/home/ops/.local/state") // the undo command needs no --state-dir
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 13)
			j := steps.NewJournal("/home/ops/.local/state/bslwiz/acme-backups.json", "acme-backups", false, time.Now())
			j.Update(func(d *steps.JournalData) {
				d.Created = steps.Created{RoleARN: "arn:aws:iam::111122223333:role/bslwiz-acme-backups", LocationUID: "6747b3c2e8f1a9d04c5e2b71"}
			})
			m.s.SetJournal(j)
			m.s.UpdatePlan(func(p *steps.Plan) { p.PaletteAccountID = "210987654321" })
			m.phase = phaseDone
			m.Update(nil)
			uitest.Golden(t, v, m.render())
		})
	}
}
