package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/form"
	"github.com/bslwiz/bslwiz/ui/components/validation"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
)

// clusterModel is a wizard at step 9's form on a plan without Account A:
// the session listed the project's clusters from the Palette emulator,
// seeded with demo-cluster (STS, Account A), prod-eks on a second STS
// cloud account and legacy on access keys. The header shows the plan's
// Palette endpoint, not the emulator's port, which changes each run.
func clusterModel(t *testing.T, v uitest.Variant) (*Model, *driver) {
	t.Helper()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	prod := sb.Tenant.AddAWSCloudAccountSTS(sb.ProjectUID, "prod-a", "arn:aws:iam::777788889999:role/PaletteCloudAccountRole")
	sb.Tenant.AddCluster(sb.ProjectUID, "prod-eks", prod, "eu-west-1")
	keys := sb.Tenant.AddAWSCloudAccountSecret(sb.ProjectUID, "old-keys", "AKIAEXAMPLEKEYS00000")
	sb.Tenant.AddCluster(sb.ProjectUID, "legacy", keys, "us-west-2")

	p := steps.Plan{PaletteEndpoint: "https://api.spectrocloud.com", Scope: "project", Project: "Default",
		LocationName: "acme-backups", Provider: "aws", Bucket: sandbox.Bucket, Region: sandbox.BucketRegion,
		AccountB: sandbox.AccountB}
	s := steps.NewSession(p, sb.Backends(), nil) // a sandbox's backends reach its emulators whatever the plan names
	if _, err := s.AWSClient(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Gather(t.Context(), steps.FactProject); err != nil {
		t.Fatal(err)
	}
	// Listed: from here on it is a real run's session, as goldenModel's.
	s.Backends.Sandbox, s.Backends.Palette.Endpoint = false, ""
	j := steps.NewJournal(filepath.Join(t.TempDir(), "acme-backups.json"), "acme-backups", false, time.Now())
	j.Update(func(d *steps.JournalData) { d.Created.RoleARN = "arn:aws:iam::111122223333:role/bslwiz-acme-backups" })
	s.SetJournal(j)
	o := Options{StateDir: "/home/ops/.local/state/bslwiz", WorkDir: "/home/ops", Environ: []string{}}.withDefaults()
	m := newModel(t.Context(), s, o, v.Theme(), nil)
	m.now = steadyClock()
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: v.Width, Height: v.Height})
	m.eng.JumpTo(steps.StepAppendAccountA)
	m.enterStep()
	m.Update(nil)
	if m.phase != phaseForm {
		t.Fatalf("step 9 without Account A is not a form: phase %s", m.phase)
	}
	return m, &driver{t: t, m: m, msgs: make(chan tea.Msg, 64)}
}

// accountA is the form's Account A.
func (d *driver) accountA() string { return d.m.form.Value(accountAKey) }

// TestGoldenClusterPicker is step 9's form with the cluster picker open
// on demo-cluster: Account A is filled from its cloud account.
func TestGoldenClusterPicker(t *testing.T) {
	for _, v := range uitest.Variants {
		t.Run(v.Name, func(t *testing.T) {
			m, d := clusterModel(t, v)
			results(m, check(steps.CheckTrust, validation.CheckSkipped, "bslwiz-acme-backups trusts Palette; step 9 appends Account A"),
				check(steps.CheckAccessAnalyzer, validation.CheckSkipped, "off: --access-analyzer turns it on (AWS charges for each CheckNoNewAccess)"))
			d.press("tab", " ", "down")
			d.until("Account A filled", func() bool { return d.accountA() == sandbox.AccountA })
			view := m.render()
			uitest.RequireFits(t, view, v.Width, v.Height)
			uitest.Golden(t, v, view)
		})
	}
}

// TestClusterPickerFillsAccountA: a filter with no match keeps the field
// invalid; a chosen cluster fills Account A (and the next one replaces
// it); access keys ask for Account A; an Account A typed for another
// account is refused on the cluster; the submitted plan derives Account A
// as --cluster does.
func TestClusterPickerFillsAccountA(t *testing.T) {
	m, d := clusterModel(t, uitest.Variants[0])
	changed := func(what string, cond func() bool) {
		t.Helper()
		d.until(what, cond)
	}
	if !strings.Contains(uitest.Plain(m.form.View()), "Account A") || m.form.Valid() {
		t.Fatalf("step 9 without Account A is valid:\n%s", uitest.Plain(m.form.View()))
	}
	d.press("tab")
	d.typeText("nosuch")
	sel := m.form.Field(clusterKey).(*form.Select)
	if sel.Pending() != "nosuch" || sel.Err() == nil || d.accountA() != "" {
		t.Fatalf("a filter with no match: pending %q, err %v, Account A %q", sel.Pending(), sel.Err(), d.accountA())
	}
	d.press("enter")
	if m.form.Focused().Key() != clusterKey {
		t.Fatalf("enter moved on from a filter that matched nothing")
	}

	for range len("nosuch") {
		d.press("backspace")
	}
	d.typeText("prod")
	changed("Account A from prod-eks", func() bool { return d.accountA() == "777788889999" })
	for range len("prod") {
		d.press("backspace")
	}
	d.typeText("demo")
	changed("Account A from demo-cluster", func() bool { return d.accountA() == sandbox.AccountA })
	if err := sel.Err(); err != nil || !m.form.Valid() {
		t.Fatalf("demo-cluster chosen: %v, valid %v", err, m.form.Valid())
	}

	// Access keys name no account: what was filled goes, and the picker says why.
	for range len("demo") {
		d.press("backspace")
	}
	d.typeText("legacy")
	changed("Account A emptied", func() bool { return d.accountA() == "" })
	if err := sel.Err(); err == nil || !strings.Contains(err.Error(), "access keys") {
		t.Errorf("legacy (access keys) without Account A: %v", err)
	}

	// A typed Account A in another account than the cluster's is refused.
	d.press("esc", "shift+tab")
	d.typeText("123456789012")
	d.press("tab")
	d.typeText("demo")
	d.settle(20 * time.Millisecond)
	if d.accountA() != "123456789012" {
		t.Errorf("choosing a cluster replaced a typed Account A: %q", d.accountA())
	}
	if err := sel.Err(); err == nil || !strings.Contains(err.Error(), "runs in account 444455556666") {
		t.Errorf("demo-cluster beside Account A 123456789012: %v", err)
	}

	// Cleared, Account A is the cluster's again, and submitted the plan has it.
	d.press("enter", "shift+tab", "shift+tab", "ctrl+u", "tab")
	d.typeText("prod")
	changed("Account A from prod-eks again", func() bool { return d.accountA() == "777788889999" })
	for range len("prod") {
		d.press("backspace")
	}
	d.typeText("demo")
	changed("Account A from demo-cluster again", func() bool { return d.accountA() == sandbox.AccountA })
	d.press("enter")
	d.submit()
	if p := m.s.Plan(); p.Cluster != "demo-cluster" || p.AccountA != sandbox.AccountA {
		t.Errorf("the submitted plan: cluster %q, Account A %q", p.Cluster, p.AccountA)
	}
	if src := m.sourceOf(accountAKey); src != "cluster demo-cluster" {
		t.Errorf("Account A's source = %q, want the cluster", src)
	}
}
