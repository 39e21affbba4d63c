package steps_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// Tests for the ways a journal could lose track of what bslwiz made.

func TestARerunWithAnotherRoleNameIsRefusedNotAdoptedAsOurs(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	if err := w.run(w.session(p), steps.StepRole); err != nil {
		t.Fatal(err)
	}
	w.sb.AWS.AddRole(sandbox.AccountB, "team-backup-role", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	p2 := p
	p2.RoleName = "team-backup-role"
	err := w.run(w.session(p2), "")
	if err == nil || !strings.Contains(err.Error(), "which bslwiz created") {
		t.Fatalf("err = %v, want a refusal naming the role bslwiz created", err)
	}
	cr := w.session(p).Journal.Snapshot().Created
	if cr.RoleName != "bslwiz-"+p.LocationName || !cr.RoleCreated {
		t.Fatalf("the journal forgot the role bslwiz made: %+v", cr)
	}
}

func TestUndoResolvesIntentsLeftByACrash(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	awsBefore := w.sb.AWS.Snapshot()
	if err := w.run(w.session(p), steps.StepRole); err != nil {
		t.Fatal(err)
	}
	// The crash came after CreatePolicy, CreateRole and AttachRolePolicy, and
	// before any of them was recorded.
	s := w.session(p)
	s.Journal.Update(func(d *steps.JournalData) {
		d.Created = steps.Created{Account: sandbox.AccountB}
		d.Intents = []steps.Intent{steps.IntentCreatePolicy, steps.IntentCreateRole, steps.IntentAttachPolicy}
		d.Trust = nil
	})
	if err := s.Journal.Save(); err != nil {
		t.Fatal(err)
	}
	undo(t, w.session(p))
	if !reflect.DeepEqual(w.sb.AWS.Snapshot(), awsBefore) {
		t.Fatal("undo left what the crashed run made")
	}
}

func TestResumeAfterACrashInsideStepThirteen(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	s := w.session(p)
	s.Journal.Update(func(d *steps.JournalData) {
		d.Created.LocationUID, d.Created.LocationCreated = "", false
		d.Intents = []steps.Intent{steps.IntentCreateLocation}
		d.Done = d.Done[:12]
	})
	if err := s.Journal.Save(); err != nil {
		t.Fatal(err)
	}
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatalf("resume after a crash inside step 13: %v", err)
	}
	if n := len(w.locations()); n != 1 {
		t.Fatalf("%d locations, want 1", n)
	}
	if cr := w.session(p).Journal.Snapshot().Created; cr.LocationUID == "" || !cr.LocationCreated {
		t.Fatalf("the location was not recorded as bslwiz's: %+v", cr)
	}
}

func TestUndoRestoresATrustChangeACrashLeftPending(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.RoleName = "existing-role"
	orig := `{"Version":"2012-10-17","Statement":[{"Sid":"Ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	w.sb.AWS.AddRole(sandbox.AccountB, p.RoleName, orig)
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	// Both trust changes happened, but the crash left them pending.
	s := w.session(p)
	s.Journal.Update(func(d *steps.JournalData) {
		for i := range d.Trust {
			d.Trust[i].Pending = true
		}
	})
	if err := s.Journal.Save(); err != nil {
		t.Fatal(err)
	}
	undo(t, w.session(p))
	out, err := w.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: &p.RoleName})
	if err != nil {
		t.Fatal(err)
	}
	if got := *out.Role.AssumeRolePolicyDocument; !strings.Contains(got, "ec2.amazonaws.com") || strings.Contains(got, sandbox.PaletteAccount) {
		t.Fatalf("trust after undo: %s", got)
	}
}

func TestAPolicyAtItsFiveVersionLimitIsNotTouched(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan().WithDefaults()
	c := w.iam()
	ctx := context.Background()
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`
	out, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: &p.PolicyName, PolicyDocument: &doc})
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: out.Policy.Arn, PolicyDocument: &doc}); err != nil {
			t.Fatal(err)
		}
	}
	before := w.sb.AWS.Snapshot()
	err = w.run(w.session(p), "")
	if err == nil || !strings.Contains(err.Error(), "5 versions") {
		t.Fatalf("err = %v, want a refusal at IAM's 5-version limit", err)
	}
	if !reflect.DeepEqual(w.sb.AWS.Snapshot(), before) {
		t.Fatal("Account B changed")
	}
}

func TestANoOpRerunDoesNotWaitForPropagation(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	first := w.session(p).Journal.Snapshot().LastIAMChange
	w.clock.Sleep(context.Background(), 3600e9)
	if err := w.run(w.session(p), ""); err != nil {
		t.Fatal(err)
	}
	if again := w.session(p).Journal.Snapshot().LastIAMChange; !again.Equal(first) {
		t.Fatalf("a rerun that changed nothing moved LastIAMChange from %v to %v", first, again)
	}
}

func TestAMissingBucketStopsBeforeAnythingIsCreated(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.Bucket = "no-such-bucket-here"
	w.sb.AWS.ResetCalls()
	err := w.run(w.session(p), "")
	if err == nil || !strings.Contains(err.Error(), `"no-such-bucket-here": is not a bucket in Account B`) {
		t.Fatalf("err = %v, want the missing bucket named", err)
	}
	for _, c := range w.sb.AWS.MutatingCalls() {
		t.Fatalf("a mutating call ran: %+v", c)
	}
}

func TestEnteringAccountAKeepsAccountBSignedIn(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	s := w.session(w.sb.Plan())
	if _, err := s.AWSClient(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.UpdatePlan(func(p *steps.Plan) { p.AccountA = "arn:aws:iam::444455556666:role/SpectroCloudRole" })
	if _, ok := s.Identity(); !ok {
		t.Fatal("typing Account A signed out of Account B")
	}
}

func TestAMissingExternalIDFromPaletteNeverReachesAMutatingCall(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	w.sb.Tenant.ExternalID = "" // Palette answers STS info without an external ID
	w.sb.AWS.ResetCalls()
	err := w.run(w.session(w.sb.Plan()), "")
	if err == nil || !strings.Contains(err.Error(), "external ID") {
		t.Fatalf("err = %v, want the external ID rule named", err)
	}
	if m := w.sb.AWS.MutatingCalls(); len(m) != 0 {
		t.Fatalf("mutating calls ran: %+v", m)
	}
}
