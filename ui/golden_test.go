package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/clipboard"
	"github.com/bslwiz/bslwiz/ui/components/validation"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// The golden views are the wizard's screens at 80x24 and 120x40, with
// colour and under NO_COLOR (testdata/<test>/<variant>.golden; rewrite them
// with `go test ./ui/ -update`). They are made deterministic: the session
// is signed in to Account B on the AWS emulator (so the header shows a
// caller) but Palette is never called, and check results and previews are
// injected as the messages the tasks would send.

const goldenExternalID = "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"

// goldenModel is a wizard at step n (1-based), its earlier steps done, on a
// plan of a real (not sandbox) run.
func goldenModel(t *testing.T, v uitest.Variant, n int) *Model {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	b := sb.Backends()
	b.Sandbox, b.Palette.Endpoint = false, ""
	p := steps.Plan{PaletteEndpoint: "https://api.spectrocloud.com", Scope: "project", Project: "Default",
		LocationName: "acme-backups", Provider: "aws", Bucket: sandbox.Bucket, Region: sandbox.BucketRegion,
		AccountB: sandbox.AccountB, AccountA: sandbox.AccountA}
	s := steps.NewSession(p, b, nil)
	if _, err := s.AWSClient(t.Context()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	j := steps.NewJournal(filepath.Join(dir, "acme-backups.json"), "acme-backups", false, time.Now())
	j.Update(func(d *steps.JournalData) { d.Created.RoleARN = "arn:aws:iam::111122223333:role/bslwiz-acme-backups" })
	s.SetJournal(j)
	o := Options{StateDir: "/home/ops/.local/state/bslwiz", WorkDir: "/home/ops", Environ: []string{}}.withDefaults()
	m := newModel(t.Context(), s, o, v.Theme(), nil)
	m.now = steadyClock()
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: v.Width, Height: v.Height})
	id := steps.Steps(s.RawPlan())[n-1].ID
	m.eng.JumpTo(id)
	m.editing[id] = true // its form, as if e had been pressed on its summary
	m.enterStep()
	m.Update(nil) // lay out
	return m
}

// results answers the current step's checks.
func results(m *Model, items ...validation.CheckItem) {
	for _, it := range items {
		m.Update(validation.ResultMsg{Generation: m.gen, Item: it})
	}
}

func check(id steps.CheckID, st validation.CheckStatus, reason string) validation.CheckItem {
	return validation.CheckItem{Name: steps.CheckNameOf(id), Status: st, Reason: reason}
}

// preview shows pv as if the step's preview task had just finished.
func preview(m *Model, pv *steps.Preview) {
	m.phase = phasePreviewing
	m.taskSeq++
	m.Update(previewDoneMsg{seq: m.taskSeq, pv: pv})
}

// TestGoldenForm is step 4's form with a bucket name that breaks a rule,
// the rule under the field, and the panel: one check failed, one running.
func TestGoldenForm(t *testing.T) {
	for _, v := range append(uitest.Variants, uitest.ASCIIVariant) {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 4)
			d := &driver{t: t, m: m, msgs: make(chan tea.Msg, 64)}
			d.press("tab", "ctrl+u")
			d.typeText("Acme-Velero-Backups")
			d.press("tab", "shift+tab")
			results(m, check(steps.CheckBucketRules, validation.CheckFail, `bucket name "Acme-Velero-Backups": uppercase letters are not allowed`))
			uitest.Golden(t, v, m.render())
		})
	}
}

// TestGoldenPanel is step 6's form with every kind of check result.
func TestGoldenPanel(t *testing.T) {
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 6)
			results(m,
				check(steps.CheckCaller, validation.CheckOK, "111122223333 as arn:aws:iam::111122223333:user/platform-admin (aws)"),
				check(steps.CheckTrust, validation.CheckSkipped, "role bslwiz-acme-backups does not exist yet (step 6 creates it)"),
				check(steps.CheckPermissions, validation.CheckWarn, "cannot simulate (needs iam:SimulatePrincipalPolicy): AccessDenied"))
			uitest.Golden(t, v, m.render())
		})
	}
}

// step9Preview is step 9's preview on the sandbox's accounts: the trust
// policy before and after Account A's statement, who can assume it, the
// call and the warning that the whole account is trusted.
func step9Preview(t *testing.T) *steps.Preview {
	t.Helper()
	tr := iampolicy.NewTrust()
	tr.EnsurePalette("aws", sandbox.PaletteAccount, goldenExternalID)
	before := tr.Canonical()
	if _, err := tr.EnsureAccountA("aws", sandbox.AccountA); err != nil {
		t.Fatal(err)
	}
	after := tr.Canonical()
	ev, err := steps.EvaluateTrust("aws", sandbox.PaletteAccount, goldenExternalID, sandbox.AccountA,
		"arn:aws:iam::111122223333:role/bslwiz-acme-backups", before, after)
	if err != nil {
		t.Fatal(err)
	}
	return &steps.Preview{ID: steps.StepAppendAccountA, TrustEvaluation: ev, Number: 9, Verb: "continue", Title: "Append Account A", Mutates: true,
		Calls: []steps.Call{{Service: "iam", Action: "UpdateAssumeRolePolicy",
			Target: "role bslwiz-acme-backups (replaces the whole document: read, append, write)", Where: "111122223333 (Account B)"}},
		Change:   &steps.DocumentChange{Name: "trust policy", Before: before, After: after, Diff: iampolicy.LineDiff(before, after, 3), ShowDiff: true},
		Warnings: []string{`statement 2 (Sid "ClusterAccountAssumeRole") trusts all of account 444455556666 without an external ID; to trust one role only, name its ARN instead`}}
}

// TestGoldenDiff is step 9's preview: the trust policy before and after
// Account A's statement (side by side from 100 columns), and the call.
func TestGoldenDiff(t *testing.T) {
	pv := step9Preview(t)
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 9)
			preview(m, pv)
			if !m.showDiff {
				t.Fatal("step 9's trust change is not shown as a diff")
			}
			if !strings.Contains(m.render(), "Account A 444455556666") {
				t.Fatal("step 9's preview does not show who can assume the role")
			}
			uitest.Golden(t, v, m.render())
		})
	}
}

// TestGoldenDiffLongPrincipals is step 9 trusting one role of Account A, in
// a policy that already names a role with a long path: the table shortens
// principals in the middle, never breaking an ARN across lines.
func TestGoldenDiffLongPrincipals(t *testing.T) {
	tr := iampolicy.NewTrust()
	tr.EnsurePalette("aws", sandbox.PaletteAccount, goldenExternalID)
	before := strings.Replace(tr.JSON(), `]}`, `,{"Sid":"BreakGlass","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/platform/break-glass/emergency-operations-administrator"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, 1)
	tr, err := iampolicy.ParseTrust(before)
	if err != nil {
		t.Fatal(err)
	}
	const role = "arn:aws:iam::444455556666:role/spectro/clusters/SpectroCloudClusterNodeRole"
	if _, err := tr.EnsureAccountA("aws", role); err != nil {
		t.Fatal(err)
	}
	after := tr.JSON()
	ev, err := steps.EvaluateTrust("aws", sandbox.PaletteAccount, goldenExternalID, role,
		"arn:aws:iam::111122223333:role/bslwiz-acme-backups", before, after)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := iampolicy.Canonicalize(before)
	a, _ := iampolicy.Canonicalize(after)
	pv := &steps.Preview{ID: steps.StepAppendAccountA, Number: 9, Verb: "continue", Title: "Append Account A", Mutates: true, TrustEvaluation: ev,
		Calls: []steps.Call{{Service: "iam", Action: "UpdateAssumeRolePolicy",
			Target: "role bslwiz-acme-backups (replaces the whole document: read, append, write)", Where: "111122223333 (Account B)"}},
		Change: &steps.DocumentChange{Name: "trust policy", Before: b, After: a, Diff: iampolicy.LineDiff(b, a, 3), ShowDiff: true}}
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 9)
			preview(m, pv)
			out := m.render()
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "arn:aws:iam::") && strings.HasSuffix(strings.TrimRight(l, " "), "arn:aws:iam::") {
					t.Errorf("an ARN breaks across lines: %q", l)
				}
			}
			uitest.Golden(t, v, out)
		})
	}
}

// TestGoldenClipboard is step 12 after step 10 went by and c was pressed:
// the ARN whole on screen, and what the copy did, said honestly.
func TestGoldenClipboard(t *testing.T) {
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 12)
			m.keep(&steps.Preview{ID: steps.StepCopyARN, Number: 10, Verb: "continue", Title: "Copy the role ARN", Facts: []string{"role ARN: arn:aws:iam::111122223333:role/bslwiz-acme-backups"},
				Artifact: &steps.Artifact{Label: "role ARN", Value: "arn:aws:iam::111122223333:role/bslwiz-acme-backups", File: "acme-backups-role-arn.txt", Note: "bslwiz fills it in on step 11 itself."}}, true)
			preview(m, &steps.Preview{ID: steps.StepValidate, Number: 12, Verb: "validate", Title: "Validate",
				Facts: []string{"Palette will assume arn:aws:iam::111122223333:role/bslwiz-acme-backups and check s3://acme-velero-backups"}})
			m.Update(copiedMsg{res: clipboard.Result{Method: clipboard.OSC52, Sequence: clipboard.OSC52Sequence("x"), Message: clipboard.OSC52Message}})
			uitest.Golden(t, v, m.render())
		})
	}
}

// TestGoldenSummary is step 6 with every input given: no form, the inputs
// grouped by where they came from, and the calls to confirm.
func TestGoldenSummary(t *testing.T) {
	pv := &steps.Preview{ID: steps.StepRole, Number: 6, Verb: "continue", Title: "Account B policy and role", Mutates: true,
		Calls: []steps.Call{
			{Service: "iam", Action: "CreatePolicy", Target: "policy /bslwiz-acme-backups-backup", Where: "111122223333 (Account B)"},
			{Service: "iam", Action: "CreateRole", Target: "role /bslwiz-acme-backups (trusts Palette 210987654321 with external ID)", Where: "111122223333 (Account B)"},
			{Service: "iam", Action: "AttachRolePolicy", Target: "policy bslwiz-acme-backups-backup to role bslwiz-acme-backups", Where: "111122223333 (Account B)"}},
		Facts: []string{"role ARN will be arn:aws:iam::111122223333:role/bslwiz-acme-backups"}}
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 6)
			m.s.Sources = map[string]string{"roleName": "--role-name", "kmsKeyArn": "plan file"}
			m.s.UpdatePlan(func(p *steps.Plan) {
				p.RoleName = "bslwiz-acme-backups"
				p.KMSKeyARN = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			})
			delete(m.editing, steps.StepRole)
			m.enterStep()
			if !m.summarized {
				t.Fatal("step 6 with every input given shows its form")
			}
			preview(m, pv)
			uitest.Golden(t, v, m.render())
		})
	}
}

// TestGoldenDone is the done screen of a real run: what it made, what the
// steps that went by without a key found, where its journal is, and the
// command that undoes it (the README shows it).
func TestGoldenDone(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/home/ops/.local/state") // the undo command needs no --state-dir
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m := goldenModel(t, v, 13)
			j := steps.NewJournal("/home/ops/.local/state/bslwiz/acme-backups.json", "acme-backups", false, time.Now())
			j.Update(func(d *steps.JournalData) {
				d.Created.RoleARN = "arn:aws:iam::111122223333:role/bslwiz-acme-backups"
				d.Created.LocationUID = "6a1b2c3d4e5f60718293a4b5"
			})
			m.s.SetJournal(j)
			m.s.UpdatePlan(func(p *steps.Plan) { p.PaletteAccountID = "210987654321" })
			for _, pv := range []*steps.Preview{
				{ID: steps.StepLocations, Number: 2, Title: "Backup Locations", Facts: []string{"no backup locations yet in project Default"}},
				{ID: steps.StepReview, Number: 7, Title: "Review the role", Facts: []string{"role ARN: arn:aws:iam::111122223333:role/bslwiz-acme-backups", "simulation: every action of the guide is allowed"}},
				{ID: steps.StepCopyARN, Number: 10, Title: "Copy the role ARN", Artifact: &steps.Artifact{Label: "role ARN", Value: "arn:aws:iam::111122223333:role/bslwiz-acme-backups"}},
			} {
				m.keep(pv, false)
			}
			m.phase, m.done = phaseDone, true
			m.Update(nil)
			uitest.Golden(t, v, m.render())
		})
	}
}
