package steps

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/palette"
)

func trustDoc(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

const (
	paletteStmt  = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-123e4567-e89b"}}}`
	accountAStmt = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}`
	openStmt     = `{"Sid":"Open","Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"sts:AssumeRole"}`
)

// previewThrough runs the engine on the fakes up to step id, applying
// every step before it, and returns id's preview.
func previewThrough(t *testing.T, s *Session, id StepID) (*Preview, error) {
	t.Helper()
	e := NewEngine(s, EngineOptions{})
	ctx := context.Background()
	for {
		st, ok := e.Current()
		if !ok {
			t.Fatalf("never reached %s", id)
		}
		pv, err := e.Preview(ctx)
		if st.ID == id || err != nil {
			return pv, err
		}
		if err := e.Apply(ctx, pv, nil); err != nil {
			t.Fatalf("apply %s: %v", st.ID, err)
		}
	}
}

func callsOf(pv *Preview) []string {
	var out []string
	for _, c := range pv.Calls {
		out = append(out, c.Action)
	}
	return out
}

func TestTheRoleStepPreviewsWhatAccountBAlreadyHas(t *testing.T) {
	policyARN := "arn:aws:iam::111122223333:policy/bslwiz-prod-backups-backup"
	guide, _ := iampolicy.Permissions("aws", "acme-velero-backups", iampolicy.PermissionsOptions{})
	cases := []struct {
		name  string
		setup func(*fakeAccountB)
		calls []string
		fails string
	}{
		{"nothing yet: create the policy and the role, attach", nil,
			[]string{"CreatePolicy", "CreateRole", "AttachRolePolicy"}, ""},
		{"the role and policy exist as planned: adopt, no call", func(b *fakeAccountB) {
			b.policies[policyARN] = aws.PolicyState{ARN: policyARN, Document: guide, Versions: 1, Exists: true}
			b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
				TrustPolicy: trustDoc(paletteStmt), AttachedPolicyARNs: []string{policyARN}}
		}, nil, ""},
		{"an adopted role without Palette: add its statement, attach", func(b *fakeAccountB) {
			b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
				TrustPolicy: trustDoc(accountAStmt)}
		}, []string{"CreatePolicy", "UpdateAssumeRolePolicy", "AttachRolePolicy"}, ""},
		{"a policy with other permissions at IAM's five versions: refused", func(b *fakeAccountB) {
			b.policies[policyARN] = aws.PolicyState{ARN: policyARN, Document: `{"Version":"2012-10-17","Statement":[]}`, Versions: 5, Exists: true}
		}, nil, "already 5 versions"},
		{"a role that lets Palette in without the external ID: refused", func(b *fakeAccountB) {
			b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
				TrustPolicy: trustDoc(paletteStmt, openStmt)}
		}, nil, `Sid "Open"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newFakeAccountB()
			if tc.setup != nil {
				tc.setup(b)
			}
			pv, err := previewThrough(t, fakeSession(b, newFakePalette(), nil), StepRole)
			if tc.fails != "" {
				if err == nil || !strings.Contains(err.Error(), tc.fails) {
					t.Fatalf("err = %v, want %q", err, tc.fails)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := callsOf(pv); !slices.Equal(got, tc.calls) {
				t.Fatalf("calls = %v, want %v", got, tc.calls)
			}
			if pv.NoChange != (len(tc.calls) == 0) {
				t.Fatalf("NoChange = %v with calls %v", pv.NoChange, tc.calls)
			}
			if m := b.mutating(); len(m) != 0 {
				t.Fatalf("a preview changed Account B: %v", m)
			}
		})
	}
}

func TestTheAccountAStepAppendsAndKeepsEveryStatement(t *testing.T) {
	other := `{"Sid":"Ops","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:role/ops"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`
	cases := []struct {
		name, trust, accountA string
		calls                 []string
		fails                 string
	}{
		{"appends to Palette's statement", trustDoc(paletteStmt), "444455556666", []string{"UpdateAssumeRolePolicy"}, ""},
		{"keeps a colleague's statement", trustDoc(paletteStmt, other), "arn:aws:iam::444455556666:role/SpectroCloudRole", []string{"UpdateAssumeRolePolicy"}, ""},
		{"already there: no call", trustDoc(paletteStmt, accountAStmt), "444455556666", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newFakeAccountB()
			policyARN := "arn:aws:iam::111122223333:policy/bslwiz-prod-backups-backup"
			b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
				TrustPolicy: tc.trust, AttachedPolicyARNs: []string{policyARN}}
			s := fakeSession(b, newFakePalette(), func(p *Plan) { p.AccountA = tc.accountA })
			pv, err := previewThrough(t, s, StepAppendAccountA)
			if err != nil {
				t.Fatal(err)
			}
			if got := callsOf(pv); !slices.Equal(got, tc.calls) {
				t.Fatalf("calls = %v, want %v", got, tc.calls)
			}
			if len(tc.calls) == 0 {
				return
			}
			before, _ := iampolicy.ParseTrust(tc.trust)
			after, err := iampolicy.ParseTrust(pv.Change.After)
			if err != nil || after.Len() != before.Len()+1 || !pv.Change.ShowDiff {
				t.Fatalf("after: %v statements (err %v), was %d; diff shown %v", after.Len(), err, before.Len(), pv.Change.ShowDiff)
			}
		})
	}
}

func TestStepsOfAPlanComeFromTheirRules(t *testing.T) {
	extra := Step{ID: "kms-grant", Title: "KMS grant", Applies: func(p Plan) bool { return p.KMSKeyARN != "" }}
	all := append(registry()[:6:6], append([]Step{extra}, registry()[6:]...)...)
	without := stepsFor(all, Plan{})
	with := stepsFor(all, Plan{KMSKeyARN: "arn:aws:kms:us-east-2:111122223333:key/k"})
	if len(with) != len(without)+1 || with[6].ID != "kms-grant" {
		t.Fatalf("steps: %d without the key, %d with it (7th %q)", len(without), len(with), with[6].ID)
	}
	// The number shown is the position: the steps after it move up by one.
	if with[7].ID != StepReview || without[6].ID != StepReview {
		t.Fatal("positions did not follow the rule")
	}
}

func TestTheEngineGoesBackWithoutUndoing(t *testing.T) {
	b := newFakeAccountB()
	s := fakeSession(b, newFakePalette(), nil)
	e := NewEngine(s, EngineOptions{})
	ctx := context.Background()
	for range 7 { // through the role step
		pv, err := e.Preview(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Apply(ctx, pv, nil); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := e.Current(); st.ID != StepCurrentTrust {
		t.Fatalf("at %s", st.ID)
	}
	made := b.mutating()
	if !e.Back() {
		t.Fatal("Back refused")
	}
	st, _ := e.Current()
	if n, _ := e.Position(); st.ID != StepReview || n != 7 || e.State(StepReview) != StateCurrent {
		t.Fatalf("after Back: %s (step %d)", st.ID, n)
	}
	if got := b.mutating(); !slices.Equal(got, made) {
		t.Fatalf("going back changed Account B: %v", got[len(made):])
	}
	// A stale preview of the step left behind cannot be applied.
	if err := e.Apply(ctx, &Preview{ID: StepCurrentTrust}, nil); err == nil {
		t.Fatal("applied a preview of a step that is not current")
	}
	// Going forward again previews the role step's successor anew, and
	// the role step, previewed again, has nothing left to do.
	e.JumpTo(StepRole)
	pv, err := e.Preview(ctx)
	if err != nil || !pv.NoChange {
		t.Fatalf("the role step again: %v, calls %v", err, callsOf(pv))
	}
	if e.JumpTo("no-such-step") {
		t.Fatal("JumpTo accepted an unknown step")
	}
	e.JumpTo(StepPalette)
	if e.Back() {
		t.Fatal("went back from the first step")
	}
}

func TestOneSignInToAccountBForAWholeRun(t *testing.T) {
	b := newFakeAccountB()
	pal := newFakePalette()
	signIns := 0
	s := NewSession(Plan{LocationName: "prod-backups", Bucket: "acme-velero-backups", AccountA: "444455556666"}, Backends{
		ConnectAWS: func(context.Context, aws.Options) (AccountB, error) { signIns++; return b, nil },
		NewPalette: func(palette.Config) (PaletteAPI, error) { return pal, nil },
		Palette:    palette.Config{APIKey: "k"},
	}, nil)
	if err := (&Runner{Session: s, Confirm: func(context.Context, *Preview) (bool, error) { return true, nil }}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if signIns != 1 {
		t.Fatalf("signed in to Account B %d times in one run, want 1", signIns)
	}
}

func TestAGivenExternalIDThatPaletteDoesNotAnswerStopsTheRun(t *testing.T) {
	b := newFakeAccountB()
	s := fakeSession(b, newFakePalette(), func(p *Plan) { p.ExternalID = "ext-someone-else" })
	_, err := previewThrough(t, s, StepRole)
	var ipe *InvalidPlanError
	if !errors.As(err, &ipe) || !strings.Contains(err.Error(), "differs from the external ID Palette answers") {
		t.Fatalf("err = %v, want the guard", err)
	}
	if m := b.mutating(); len(m) != 0 {
		t.Fatalf("calls: %v", m)
	}
}

// An adopted Palette statement that also admits another tenant's external
// ID once passed every check: the condition must allow exactly ours.
func TestAPaletteStatementAdmittingAnotherTenantIsNotAdopted(t *testing.T) {
	shared := `{"Sid":"Shared","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole",` +
		`"Condition":{"StringEquals":{"sts:ExternalId":["ext-123e4567-e89b","ext-another-tenant"]}}}`
	trust, err := iampolicy.ParseTrust(trustDoc(shared))
	if err != nil {
		t.Fatal(err)
	}
	if trust.HasPalette("aws", "210987654321", "ext-123e4567-e89b") {
		t.Fatal("a statement admitting two external IDs counts as Palette's with ours")
	}
	b := newFakeAccountB()
	b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
		TrustPolicy: trustDoc(shared)}
	_, err = previewThrough(t, fakeSession(b, newFakePalette(), nil), StepRole)
	var tle *TrustLintError
	if !errors.As(err, &tle) || !strings.Contains(err.Error(), `"ext-another-tenant"`) {
		t.Fatalf("err = %v, want the other tenant's external ID refused", err)
	}
}

// A concurrent trust edit right after bslwiz's write was lost (2 of 8
// trials in an adversarial run, exit 0): now the write is checked, bslwiz's
// statement restored beside the other edit, and the journal's record lets
// undo go back to the other writer's document rather than over it.
func TestATrustEditRightAfterBslwizsWriteIsKeptAndBslwizsStatementRestored(t *testing.T) {
	b := newFakeAccountB()
	policyARN := "arn:aws:iam::111122223333:policy/bslwiz-prod-backups-backup"
	ops := `{"Sid":"Ops","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
	b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
		TrustPolicy: trustDoc(paletteStmt), AttachedPolicyARNs: []string{policyARN}}
	b.afterTrustWrite = func(r *aws.Role) { r.TrustPolicy = trustDoc(paletteStmt, ops) } // from the document before
	s := fakeSession(b, newFakePalette(), nil)
	dir := t.TempDir()
	j := NewJournal(JournalPath(dir, "prod-backups", false), "prod-backups", false, s.now())
	s.SetJournal(j)
	var notes []string
	pv, err := previewThrough(t, s, StepAppendAccountA)
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(s, EngineOptions{})
	e.JumpTo(StepAppendAccountA)
	if err := e.Apply(context.Background(), pv, func(p Progress) { notes = append(notes, p.Message) }); err != nil {
		t.Fatal(err)
	}
	got, _ := iampolicy.ParseTrust(b.roles["bslwiz-prod-backups"].TrustPolicy)
	if got.Len() != 3 || !got.HasAccountA("aws", "444455556666") {
		t.Fatalf("after the race the trust is %s", b.roles["bslwiz-prod-backups"].TrustPolicy)
	}
	if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "restored bslwiz's 1 statement") }) {
		t.Fatalf("the race was not reported: %q", notes)
	}
	rec := j.Snapshot().Trust
	last := rec[len(rec)-1]
	if !iampolicy.Equivalent(last.Before, trustDoc(paletteStmt, ops)) || !iampolicy.Equivalent(last.After, b.roles["bslwiz-prod-backups"].TrustPolicy) {
		t.Fatalf("the journal records %s -> %s", last.Before, last.After)
	}
}

// A role that someone creates between the preview (which saw none, or read
// ahead while the step before was on screen) and the create is another
// writer's: bslwiz does not attach its policy to a role whose trust it never
// read, linted or showed, and asks for a fresh preview.
func TestARoleThatAppearsAfterThePreviewIsNotAdoptedBlindly(t *testing.T) {
	b := newFakeAccountB()
	s := fakeSession(b, newFakePalette(), nil)
	s.SetJournal(NewJournal(JournalPath(t.TempDir(), "prod-backups", false), "prod-backups", false, s.now()))
	pv, err := previewThrough(t, s, StepRole)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(callsOf(pv), "CreateRole") {
		t.Fatalf("the preview plans %v, want a new role", callsOf(pv))
	}
	b.roles["bslwiz-prod-backups"] = &aws.Role{Name: "bslwiz-prod-backups", ARN: "arn:aws:iam::111122223333:role/bslwiz-prod-backups",
		TrustPolicy: trustDoc(openStmt)}
	e := NewEngine(s, EngineOptions{})
	e.JumpTo(StepRole)
	err = e.Apply(context.Background(), pv, func(Progress) {})
	if err == nil || !strings.Contains(err.Error(), "preview again") {
		t.Fatalf("apply = %v, want the new role refused until a fresh preview", err)
	}
	if attached := b.roles["bslwiz-prod-backups"].AttachedPolicyARNs; len(attached) > 0 {
		t.Fatalf("the policy was attached to the stranger's role: %v", attached)
	}
	if pv2, err := e.Preview(context.Background()); err == nil {
		t.Fatalf("a fresh preview adopts the role with a trust that lets Palette in without the external ID: %v", pv2.Calls)
	}
}
