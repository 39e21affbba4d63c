package steps_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/internal/fakeclock"
	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

type world struct {
	t     *testing.T
	sb    *sandbox.Sandbox
	clock *fakeclock.Clock
	dir   string
}

func newWorld(t *testing.T, opts sandbox.Options) *world {
	t.Helper()
	clock := fakeclock.New(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	opts.Clock = clock.Now
	sb, err := sandbox.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	return &world{t: t, sb: sb, clock: clock, dir: t.TempDir()}
}

// session starts a session for plan p, with the journal on disk (loaded if
// a previous session left one).
func (w *world) session(p steps.Plan) *steps.Session {
	w.t.Helper()
	j, _, err := steps.OpenJournal(steps.JournalPath(w.dir, p.LocationName, true), p.LocationName, true, w.clock.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	s := steps.NewSession(p, w.sb.Backends(), j)
	s.Clock = steps.Clock{Now: w.clock.Now, Sleep: w.clock.Sleep}
	return s
}

func yes(context.Context, *steps.Preview) (bool, error) { return true, nil }

// run runs the plan's steps through step through ("" for all of them).
func (w *world) run(s *steps.Session, through steps.StepID) error {
	r := &steps.Runner{Session: s, Confirm: yes, Through: through}
	return r.Run(context.Background())
}

func (w *world) iam() *iam.Client {
	b := w.sb.Backends()
	return iam.New(iam.Options{Region: "us-east-1", Credentials: b.AWS.Credentials,
		BaseEndpoint: sdkaws.String(b.AWS.Endpoint)})
}

// counts is what a second run must not change.
type counts struct {
	Roles, Policies, TrustStatements, Attachments, Locations int
}

func (w *world) counts(roleName string) counts {
	w.t.Helper()
	ctx := context.Background()
	c := w.iam()
	var n counts
	roles, err := c.ListRoles(ctx, &iam.ListRolesInput{})
	if err != nil {
		w.t.Fatal(err)
	}
	n.Roles = len(roles.Roles)
	pols, err := c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal})
	if err != nil {
		w.t.Fatal(err)
	}
	n.Policies = len(pols.Policies)
	if role, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: &roleName}); err == nil {
		t, err := iampolicy.ParseTrust(*role.Role.AssumeRolePolicyDocument)
		if err != nil {
			w.t.Fatal(err)
		}
		n.TrustStatements = t.Len()
		att, err := c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: &roleName})
		if err != nil {
			w.t.Fatal(err)
		}
		n.Attachments = len(att.AttachedPolicies)
	}
	n.Locations = len(w.locations())
	return n
}

func (w *world) palette() *palette.Client {
	b := w.sb.Backends()
	c, err := palette.New(b.Palette)
	if err != nil {
		w.t.Fatal(err)
	}
	return c.InProject(w.sb.ProjectUID)
}

func (w *world) locations() []palette.Location {
	w.t.Helper()
	locs, err := w.palette().ListLocations(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return locs
}

func TestAllThirteenStepsThenRerunChangesNothing(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	before := w.counts("bslwiz-" + p.LocationName)

	if err := w.run(w.session(p), ""); err != nil {
		t.Fatalf("first run: %v", err)
	}
	after := w.counts("bslwiz-" + p.LocationName)
	want := counts{Roles: before.Roles + 1, Policies: before.Policies + 1, TrustStatements: 2, Attachments: 1, Locations: before.Locations + 1}
	if after != want {
		t.Fatalf("after the first run: %+v, want %+v", after, want)
	}

	w.sb.AWS.ResetCalls()
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if again := w.counts("bslwiz-" + p.LocationName); again != after {
		t.Fatalf("the second run changed counts: %+v, was %+v", again, after)
	}
	for _, c := range w.sb.AWS.MutatingCalls() {
		// Palette's validate writes and deletes a probe object through the
		// assumed role; nothing else may change.
		if c.Service == "iam" || !strings.Contains(c.Caller, "assumed-role") {
			t.Fatalf("the second run changed Account B: %+v", c)
		}
	}
	creates := 0
	for _, c := range w.sb.Palette.Calls() {
		if c.OperationID == "v1UsersAssetsLocationS3Create" {
			creates++
		}
	}
	if creates != 1 {
		t.Fatalf("location created %d times over two runs, want 1", creates)
	}

	// The location is in the project's list with the role's ARN.
	j := w.session(p).Journal.Snapshot()
	got, err := w.palette().GetS3Location(context.Background(), j.Created.LocationUID)
	if err != nil {
		t.Fatal(err)
	}
	if got.RoleARN != j.Created.RoleARN || got.Bucket != sandbox.Bucket || got.Region != sandbox.BucketRegion {
		t.Fatalf("location = %+v, journal = %+v", got, j.Created)
	}
}

func TestResumeAfterACrashAtEachMutatingStep(t *testing.T) {
	for _, tc := range []struct{ stop, next steps.StepID }{
		{steps.StepRole, steps.StepReview}, {steps.StepAppendAccountA, steps.StepCopyARN}, {steps.StepCreate, ""},
	} {
		t.Run("after step "+string(tc.stop), func(t *testing.T) {
			w := newWorld(t, sandbox.Options{})
			p := w.sb.Plan()
			if err := w.run(w.session(p), tc.stop); err != nil {
				t.Fatalf("run to step %s: %v", tc.stop, err)
			}
			// The process dies here; a new one resumes from the journal.
			s := w.session(p)
			if next, ok := s.Journal.Next(); next.ID != tc.next || ok != (tc.next != "") {
				t.Fatalf("journal says next step %q (%v), want %q", next.ID, ok, tc.next)
			}
			e := steps.NewEngine(s, steps.EngineOptions{})
			e.Resume(s.Journal, nil)
			r := &steps.Runner{Session: s, Engine: e, Confirm: yes}
			if err := r.Run(context.Background()); err != nil {
				t.Fatalf("resume: %v", err)
			}
			got := w.counts("bslwiz-" + p.LocationName)
			want := counts{Roles: 1, Policies: 1, TrustStatements: 2, Attachments: 1, Locations: 1}
			if got != want {
				t.Fatalf("after resume: %+v, want %+v (no duplicates)", got, want)
			}
		})
	}
}

func TestCrashBetweenCreateRoleAndTheJournalStillUndoesTheRole(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	awsBefore, palBefore := w.sb.AWS.Snapshot(), w.sb.Palette.Snapshot()
	if err := w.run(w.session(p), steps.StepRole); err != nil {
		t.Fatal(err)
	}
	// Simulate a journal written before the role's record: the intent is
	// there, the result is not.
	s := w.session(p)
	s.Journal.Update(func(d *steps.JournalData) {
		d.Created.RoleCreated, d.Created.RoleARN, d.Created.RoleName = false, "", ""
		d.Created.PolicyCreated, d.Created.PolicyAttached = false, false
		d.Intents = []steps.Intent{steps.IntentCreatePolicy, steps.IntentCreateRole, steps.IntentAttachPolicy}
		d.Done = d.Done[:5]
	})
	if err := s.Journal.Save(); err != nil {
		t.Fatal(err)
	}
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	cr := w.session(p).Journal.Snapshot().Created
	if !cr.RoleCreated || !cr.PolicyCreated || !cr.PolicyAttached {
		t.Fatalf("resume lost what bslwiz created: %+v", cr)
	}
	undo(t, w.session(p))
	if !reflect.DeepEqual(w.sb.AWS.Snapshot(), awsBefore) || !reflect.DeepEqual(w.sb.Palette.Snapshot(), palBefore) {
		t.Fatal("undo did not return the emulators to their state before the run")
	}
}

func undo(t *testing.T, s *steps.Session) {
	t.Helper()
	ctx := context.Background()
	pv, err := s.UndoPreview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Undo(ctx, pv, nil); err != nil {
		t.Fatal(err)
	}
}

func TestUndoReturnsTheEmulatorsToTheirStateBeforeTheRun(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	awsBefore, palBefore := w.sb.AWS.Snapshot(), w.sb.Palette.Snapshot()
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	s := w.session(p)
	pv, err := s.UndoPreview(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, c := range pv.Calls {
		actions = append(actions, c.Service+":"+strings.Fields(c.Action)[0])
	}
	wantActions := []string{"palette:DELETE", "iam:DetachRolePolicy", "iam:DeleteRole", "iam:DeletePolicy"}
	if !reflect.DeepEqual(actions, wantActions) {
		t.Fatalf("undo preview calls %v, want %v", actions, wantActions)
	}
	if err := s.Undo(context.Background(), pv, nil); err != nil {
		t.Fatal(err)
	}
	if got := w.sb.AWS.Snapshot(); !reflect.DeepEqual(got, awsBefore) {
		a, _ := json.MarshalIndent(awsBefore, "", " ")
		b, _ := json.MarshalIndent(got, "", " ")
		t.Fatalf("AWS state after undo differs:\nbefore %s\nafter %s", a, b)
	}
	if got := w.sb.Palette.Snapshot(); !reflect.DeepEqual(got, palBefore) {
		t.Fatalf("Palette state after undo differs")
	}
	// A second undo has nothing to do.
	pv, err = w.session(p).UndoPreview(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !pv.NoChange {
		t.Fatalf("second undo would call %v", pv.Calls)
	}
}

func TestExistingTrustStatementsSurviveAndUndoRestoresThem(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.RoleName = "backup-writer"
	three := `{"Version":"2012-10-17","Statement":[
	 {"Sid":"Ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},
	 {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:role/SpectroCloudRole"]},"Action":["sts:AssumeRole"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
	 {"Sid":"DenyStrangers","Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalAccount":["444455556666","210987654321"]}}}
	]}`
	w.sb.AWS.AddRole(sandbox.AccountB, p.RoleName, three)
	awsBefore := w.sb.AWS.Snapshot()
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	role, err := w.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: &p.RoleName})
	if err != nil {
		t.Fatal(err)
	}
	got, err := iampolicy.ParseTrust(*role.Role.AssumeRolePolicyDocument)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 5 {
		t.Fatalf("trust has %d statements, want the 3 unrelated ones + Palette + Account A:\n%s", got.Len(), got.Canonical())
	}
	orig, _ := iampolicy.ParseTrust(three)
	origStmts := strings.Split(orig.Canonical(), "\n")
	for _, line := range origStmts {
		if !strings.Contains(got.Canonical(), line) {
			t.Fatalf("line %q of the original trust policy was lost:\n%s", line, got.Canonical())
		}
	}
	cr := w.session(p).Journal.Snapshot().Created
	if cr.RoleCreated {
		t.Fatal("an existing role must be adopted, not recorded as created")
	}
	undo(t, w.session(p))
	after := w.sb.AWS.Snapshot()
	// The role stays (bslwiz did not create it); its trust policy is back.
	role, err = w.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: &p.RoleName})
	if err != nil {
		t.Fatalf("undo deleted a role bslwiz only adopted: %v", err)
	}
	if !iampolicy.Equivalent(*role.Role.AssumeRolePolicyDocument, three) {
		t.Fatalf("trust after undo:\n%s", *role.Role.AssumeRolePolicyDocument)
	}
	_ = after
	_ = awsBefore
}

func TestValidationWaitsOutATwentySecondPropagationDelay(t *testing.T) {
	w := newWorld(t, sandbox.Options{PropagationDelay: 20 * time.Second})
	p := w.sb.Plan()
	s := w.session(p)
	var retries []steps.Retry
	r := &steps.Runner{Session: s, Confirm: yes, OnProgress: func(pr steps.Progress) {
		if pr.Retry != nil && pr.Step == steps.StepValidate {
			retries = append(retries, *pr.Retry)
		}
	}}
	if err := r.Run(context.Background()); err != nil {
		t.Fatalf("run with a 20 s propagation delay: %v", err)
	}
	if len(retries) == 0 {
		t.Fatal("validation never had to retry; the propagation delay was not exercised")
	}
	last := retries[len(retries)-1]
	if last.Remaining <= 0 || last.Remaining > 2*time.Minute {
		t.Fatalf("countdown out of range: %+v", last)
	}
}

func TestBadInputNeverReachesAMutatingCall(t *testing.T) {
	cases := []struct {
		name string
		edit func(*steps.Plan)
		rule string
	}{
		{"bucket with capitals", func(p *steps.Plan) { p.Bucket = "My_Bucket" }, `bucket name "My_Bucket"`},
		{"11-digit account A", func(p *steps.Plan) { p.AccountA = "44445555666" }, "44445555666"},
		{"missing external ID", func(p *steps.Plan) { p.ExternalID = "x" }, "external ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, sandbox.Options{})
			p := w.sb.Plan()
			tc.edit(&p)
			w.sb.AWS.ResetCalls()
			err := w.run(w.session(p), "")
			var ipe *steps.InvalidPlanError
			if !errors.As(err, &ipe) {
				t.Fatalf("err = %v, want an InvalidPlanError", err)
			}
			if !strings.Contains(err.Error(), tc.rule) {
				t.Fatalf("error %q does not name the rule (%q)", err, tc.rule)
			}
			if m := w.sb.AWS.MutatingCalls(); len(m) != 0 {
				t.Fatalf("mutating AWS calls were made: %+v", m)
			}
			for _, c := range w.sb.Palette.Calls() {
				if c.Mutating {
					t.Fatalf("mutating Palette call was made: %+v", c)
				}
			}
		})
	}
}

func TestJournalIsPrivateAndHoldsNoSecret(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	s := w.session(p)
	if err := w.run(s, ""); err != nil {
		t.Fatal(err)
	}
	path := s.Journal.Path()
	if filepath.Dir(path) != w.dir {
		t.Fatalf("journal at %s", path)
	}
	assertPrivateNoSecrets(t, path, w.sb)
}

// assertPrivateNoSecrets checks the journal's mode and that no credential
// of the sandbox appears in it.
func assertPrivateNoSecrets(t *testing.T, path string, sb *sandbox.Sandbox) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range sb.Env() {
		k, v, _ := strings.Cut(kv, "=")
		if (strings.Contains(k, "SECRET") || strings.Contains(k, "APIKEY") || strings.Contains(k, "KEY_ID")) && strings.Contains(string(b), v) {
			t.Fatalf("journal holds %s", k)
		}
	}
}
