package ui

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
	"github.com/bslwiz/bslwiz/ui/components/validation"
	"github.com/bslwiz/bslwiz/ui/internal/uitest"
	"github.com/bslwiz/bslwiz/ui/theme"
)

// TestWalkAllStepsAgainstTheSandbox drives Update with key presses through
// the 13 steps and checks, through the emulators and the journal, what the
// wizard made.
func TestWalkAllStepsAgainstTheSandbox(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			w := newWorld(t, worldOpts{width: size[0], height: size[1]})
			for n := 1; n <= 13; n++ {
				w.walk(n)
			}
			w.until("the done screen", func() bool { return w.m.phase == phaseDone })
			contains(t, w.screen(), "Backup location sandbox-backups is in Palette", "Role ARN",
				"arn:aws:iam::111122223333:role/bslwiz-sandbox-backups", "To undo", "ends when", "bslwiz sandbox")
			if strings.Contains(w.screen(), "undo sandbox-backups") {
				t.Fatalf("the sandbox done screen offers an undo that would find nothing:\n%s", w.screen())
			}

			// The location exists in the Palette emulator, with the role.
			st := w.sb.Palette.Snapshot()
			var loc *struct{ uid, role string }
			for _, tn := range st.Tenants {
				for _, l := range tn.Locations {
					if l.Name == "sandbox-backups" {
						loc = &struct{ uid, role string }{l.UID, l.RoleARN}
					}
				}
			}
			if loc == nil || loc.role != "arn:aws:iam::111122223333:role/bslwiz-sandbox-backups" {
				t.Fatalf("location in Palette: %+v", loc)
			}
			// The role trusts Palette (with the external ID) and Account A.
			acct, _ := w.sb.AWS.Snapshot().Account(sandbox.AccountB)
			role, ok := acct.Role("bslwiz-sandbox-backups")
			if !ok {
				t.Fatal("no role in Account B")
			}
			trust, err := iampolicy.ParseTrust(role.TrustPolicy)
			if err != nil {
				t.Fatal(err)
			}
			sts, _ := w.s.Sts()
			if trust.Len() != 2 || !trust.HasPalette("aws", sandbox.PaletteAccount, sts.ExternalID) || !trust.HasAccountA("aws", sandbox.AccountA) {
				t.Errorf("trust policy:\n%s", trust.Canonical())
			}
			// The journal has every step done, the uid and the ARN.
			b, err := os.ReadFile(filepath.Join(w.dir, "sandbox-backups.sandbox.json"))
			if err != nil {
				t.Fatal(err)
			}
			var d steps.JournalData
			if err := json.Unmarshal(b, &d); err != nil {
				t.Fatal(err)
			}
			if len(d.Done) != 13 || d.Created.LocationUID != loc.uid || d.Created.RoleARN != loc.role || d.Plan.Bucket != sandbox.Bucket {
				t.Errorf("journal: done %d, created %+v, plan bucket %q", len(d.Done), d.Created, d.Plan.Bucket)
			}
			if d.Palette.ProjectName != "Default" {
				t.Errorf("journal palette record %+v: steps 1 and 2 were not recorded when the journal opened", d.Palette)
			}
			w.press("q")
			w.until("quit", func() bool { return w.quit })
			if w.m.interrupted {
				t.Errorf("q on the done screen: quit %v, interrupted %v", w.quit, w.m.interrupted)
			}
		})
	}
}

// TestBadInputNamesTheRuleAndChangesNothing types a bucket with capitals, a
// certificate that is not PEM and an 11-digit Account A: each time the
// form shows the rule under the field, enter does not get past it, and no
// mutating call reaches the emulators.
func TestBadInputNamesTheRuleAndChangesNothing(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for n := 1; n <= 3; n++ {
		w.walk(n)
	}
	w.atStep(4)
	w.edit()
	notPEM := filepath.Join(w.work, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("this is not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.typeText(notPEM) // certificate, the first field
	w.press("tab")     // bucket
	w.press("ctrl+u")
	w.typeText("Acme-Velero-Backups")
	for range 4 { // to the last field, then submit
		w.press("enter")
	}
	w.settle(50 * time.Millisecond)
	if w.m.phase != phaseForm || w.m.number() != 4 {
		t.Fatalf("enter got past bad input: step %d, phase %s", w.m.number(), w.m.phase)
	}
	// The submit sent the focus back to the first bad field, with its rule.
	contains(t, w.formText(), "› Certificate", "not PEM: no CERTIFICATE block found")
	w.press("tab")
	contains(t, w.formText(), "› S3 bucket", `bucket name "Acme-Velero-Backups": uppercase letters are not allowed`)
	w.press("shift+tab")
	if calls := w.mutatingCalls(); len(calls) > 0 {
		t.Fatalf("mutating calls after bad input: %v", calls)
	}

	// Put things right and go on to step 9.
	w.press("ctrl+u")
	w.press("tab")
	w.press("ctrl+u")
	w.typeText(sandbox.Bucket)
	for n := 4; n <= 8; n++ {
		w.walk(n)
	}
	w.atStep(9)
	w.edit()
	before := len(w.mutatingCalls())
	w.press("ctrl+u")
	w.typeText("44445555666")
	w.press("tab") // leave the field (the cluster picker is next) and come back: its rule shows
	w.press("shift+tab")
	contains(t, w.formText(), `Account A principal "44445555666": must be exactly 12 digits (it has 11)`)
	for range 4 {
		w.press("enter")
	}
	w.settle(50 * time.Millisecond)
	if w.m.phase != phaseForm || w.m.number() != 9 {
		t.Fatalf("enter got past an 11-digit Account A: step %d, phase %s", w.m.number(), w.m.phase)
	}
	if calls := w.mutatingCalls(); len(calls) != before {
		t.Fatalf("mutating calls after the bad Account A: %v", calls[before:])
	}
}

// TestEscBacksOutOfAChange leaves step 6's confirmation with esc: back to
// the form, and nothing was called.
func TestEscBacksOutOfAChange(t *testing.T) {
	w := newWorld(t, worldOpts{width: 120, height: 40})
	for n := 1; n <= 5; n++ {
		w.walk(n)
	}
	w.atStep(6)
	w.submit()
	contains(t, w.screen(), "Step 6 changes Account B", "iam:CreatePolicy", "iam:CreateRole", "iam:AttachRolePolicy", "111122223333 (Account B)")
	w.press("esc")
	w.until("the form", func() bool { return w.m.phase == phaseForm })
	contains(t, w.screen(), "Not confirmed: nothing was changed.")
	if calls := w.mutatingCalls(); len(calls) > 0 {
		t.Fatalf("esc made calls: %v", calls)
	}
}

// TestTypeAheadDoesNotConfirm: an enter that arrives as the confirmation
// appears (a burst over a slow link) does not confirm it.
func TestTypeAheadDoesNotConfirm(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for n := 1; n <= 5; n++ {
		w.walk(n)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	w.m.now = func() time.Time { return now }
	w.atStep(6)
	w.submit()
	w.press("enter")
	if w.m.phase != phasePreview {
		t.Fatalf("an enter at once confirmed: phase %s", w.m.phase)
	}
	contains(t, w.screen(), "Read the calls first")
	now = now.Add(time.Second)
	w.press("enter")
	w.until("the apply", func() bool { return w.m.phase != phasePreview })
	if w.m.phase != phaseApplying && w.m.number() != 7 {
		t.Fatalf("phase %s at step %d", w.m.phase, w.m.number())
	}
}

// TestStaleResultsAreDropped: a check result or a debounce of an older
// generation changes nothing.
func TestStaleResultsAreDropped(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.atStep(1)
	w.edit()
	w.until("the checks", func() bool { return !w.m.panel.Running() })
	before := w.m.panel.Items()
	gen := w.m.gen
	w.handle(validation.ResultMsg{Generation: gen - 1, Item: validation.CheckItem{
		Name: before[0].Name, Status: validation.CheckFail, Reason: "stale"}})
	if got := w.m.panel.Items(); got[0].Status != before[0].Status {
		t.Errorf("a stale result was applied: %+v", got[0])
	}
	w.handle(validation.DebounceMsg{Generation: gen - 1})
	if w.m.gen != gen || w.m.panel.Running() {
		t.Error("a stale debounce started the checks")
	}
	// Typing bumps the generation; the debounce of the last key runs them.
	w.typeText("x")
	w.until("the debounced checks", func() bool { return w.m.gen > gen+1 })
	w.until("the checks", func() bool { return !w.m.panel.Running() })
}

// TestRetryCountdownWhileIAMPropagates: with IAM slow to propagate, step 12
// shows the retry countdown, then succeeds.
func TestRetryCountdownWhileIAMPropagates(t *testing.T) {
	w := newWorld(t, worldOpts{width: 120, height: 40, sandbox: sandbox.Options{PropagationDelay: 40 * time.Second}})
	for n := 1; n <= 11; n++ {
		w.walk(n)
	}
	w.atStep(12)
	w.press("enter")
	var seen string
	w.until("the countdown or step 13", func() bool {
		task := flat(uitest.Plain(strings.Join(w.m.taskLines(60), "\n")))
		if strings.Contains(task, "IAM changes take time to propagate") {
			seen = task
		}
		return seen != "" || w.m.number() == 13
	})
	if seen == "" {
		t.Fatal("no countdown while IAM propagated")
	}
	for _, want := range []string{"Validating through Palette", "retrying in", "— IAM changes take time to propagate;", "left (attempt", "last answer:", "AssumeRole"} {
		if !strings.Contains(seen, want) {
			t.Errorf("countdown lacks %q: %s", want, seen)
		}
	}
	w.walk(13)
	w.until("the done screen", func() bool { return w.m.phase == phaseDone })
}

// TestCtrlCInterrupts: ctrl+c quits before the end as an interruption.
func TestCtrlCInterrupts(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.walk(1)
	w.atStep(2)
	w.press("ctrl+c")
	w.until("quit", func() bool { return w.quit })
	if !w.m.interrupted {
		t.Error("ctrl+c before the end is not an interruption")
	}
}

// TestStep10CopiesAndWrites copies the ARN over OSC 52 (wrapped for tmux)
// and writes it to a 0600 file, and says so honestly.
func TestStep10CopiesAndWrites(t *testing.T) {
	w := newWorld(t, worldOpts{environ: []string{"TERM=tmux-256color", "TMUX=/tmp/tmux-0/default,1,0", "SSH_CONNECTION=10.0.0.1 22 10.0.0.2 22"}})
	for n := 1; n <= 11; n++ {
		w.walk(n) // 10 and 11 go by: step 12 keeps the ARN on screen, and c
	}
	w.atStep(12)
	arn := "arn:aws:iam::111122223333:role/bslwiz-sandbox-backups"
	contains(t, w.screen(), "Copy the role ARN (c copies the role ARN):", arn)
	w.press("c")
	w.until("the copy", func() bool { return len(w.raw) > 0 })
	seq := w.raw[0]
	if !strings.Contains(seq, "\x1b]52;c;") || !strings.Contains(seq, "\x1bPtmux;") {
		t.Errorf("OSC 52 sequence not wrapped for tmux: %q", seq)
	}
	contains(t, w.screen(), "sent to your terminal's clipboard (OSC 52)")
	if strings.Contains(w.screen(), "copied") {
		t.Error("an OSC 52 copy is reported as copied")
	}
	w.press("w")
	path := filepath.Join(w.work, "sandbox-backups-role-arn.txt")
	w.until("the file", func() bool { return strings.Contains(w.screen(), "Wrote the role ARN") })
	contains(t, w.screen(), path, "mode 0600")
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("ARN file: %v, mode %v", err, st.Mode())
	}
	if b, _ := os.ReadFile(path); string(b) != arn+"\n" {
		t.Errorf("ARN file holds %q", b)
	}
}

// TestAPIKeyIsMaskedAndKeptOutOfThePlan: without a key the wizard asks for
// one, masked; it reaches the session's backends and nowhere else.
func TestAPIKeyIsMaskedAndKeptOutOfThePlan(t *testing.T) {
	clock := newFakeClock()
	sb, err := sandbox.Start(sandbox.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	b := sb.Backends()
	key := b.Palette.APIKey
	b.Palette.APIKey = ""
	s := steps.NewSession(sb.Plan(), b, nil)
	dir := t.TempDir()
	m := newModel(t.Context(), s, Options{Sandbox: true, StateDir: dir, WorkDir: dir, Environ: []string{}}.withDefaults(), theme.New(true, true), nil)
	m.now = steadyClock()
	d := newDriver(t, m, 80, 24)
	d.atStep(1)
	d.press("tab") // the key comes right after the endpoint
	if f := m.form.Focused(); f == nil || f.Key() != apiKeyField {
		t.Fatalf("focused field after the endpoint: %v", f)
	}
	d.typeText(key)
	if strings.Contains(d.screen(), key) {
		t.Fatal("the API key is on screen")
	}
	contains(t, d.screen(), strings.Repeat("•", 8))
	d.walk(1)
	if s.Backends.Palette.APIKey != key || s.NeedsAPIKey() {
		t.Error("the key did not reach the session")
	}
	for n := 2; n <= 3; n++ {
		d.walk(n)
	}
	plan, _ := json.Marshal(s.RawPlan())
	journal, _ := os.ReadFile(filepath.Join(dir, "sandbox-backups.sandbox.json"))
	if strings.Contains(string(plan), key) || strings.Contains(string(journal), key) || len(journal) == 0 {
		t.Errorf("the key is in the plan or the journal (journal %d bytes)", len(journal))
	}
}

// TestTooSmallShowsTheNotice and a resize back draws the wizard again.
func TestTooSmallShowsTheNotice(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.atStep(1)
	w.handle(tea.WindowSizeMsg{Width: 50, Height: 15})
	if !strings.Contains(w.screen(), "50") || strings.Contains(w.screen(), "Step 1 of 13") {
		t.Errorf("no size notice at 50x15:\n%s", w.screen())
	}
	w.handle(tea.WindowSizeMsg{Width: 100, Height: 30})
	contains(t, w.screen(), "Step 1 of 13")
	uitest.RequireFits(t, w.m.render(), 100, 30)
}

// TestArrowingThroughStep1KeepsTheScope: ↓ on the closed scope picker
// moves to the next field; it never switches project to tenant.
func TestArrowingThroughStep1KeepsTheScope(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.atStep(1)
	w.edit()
	w.press("down")
	if f := w.m.form.Focused(); f == nil || f.Key() != "scope" {
		t.Fatalf("focus after ↓ on the endpoint: %v", f)
	}
	contains(t, w.screen(), "space/type choose")
	w.press("down", "down")
	w.settle(50 * time.Millisecond)
	if got := w.m.form.Value("scope"); got != "project" {
		t.Errorf("arrowing through step 1 switched the scope to %q", got)
	}
	if f := w.m.form.Focused(); f == nil || f.Key() == "scope" {
		t.Errorf("↓ stayed on the scope picker")
	}
	w.submit()
	contains(t, w.screen(), "project Default")
}
