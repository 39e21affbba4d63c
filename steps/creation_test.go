package steps_test

import (
	"context"
	"reflect"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// A CreateRole or CreatePolicy whose reply is lost: the SDK retries, IAM
// answers EntityAlreadyExists, and bslwiz once adopted its own resource, so
// undo left it behind. Creation is now decided by the tag and the create
// date, not by which call answered.
func TestWhatALostCreateReplyMadeIsUndone(t *testing.T) {
	for _, op := range []string{"iam:CreateRole", "iam:CreatePolicy"} {
		t.Run(op, func(t *testing.T) {
			w := newWorld(t, sandbox.Options{Faults: op + "=drop"})
			p := w.sb.Plan()
			awsBefore := w.sb.AWS.Snapshot()
			s := w.session(p)
			if err := w.run(s, steps.StepRole); err != nil {
				t.Fatalf("run with %s's reply lost: %v", op, err)
			}
			cr := s.Journal.Snapshot().Created
			if !cr.RoleCreated || !cr.PolicyCreated {
				t.Fatalf("the journal says role created %v, policy created %v: bslwiz adopted what it made", cr.RoleCreated, cr.PolicyCreated)
			}
			undo(t, w.session(p))
			if !reflect.DeepEqual(w.sb.AWS.Snapshot(), awsBefore) {
				t.Fatal("undo left behind what the lost reply's call made")
			}
		})
	}
}

// A crash during CreatePolicy left an intent; a later apply named a policy
// someone else had made. Undo once deleted it with all its versions: an
// intent alone never proves creation.
func TestAStaleIntentNeverMakesAStrangersPolicyOurs(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	p.PolicyName = "team-velero"
	ctx := context.Background()
	guide := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`
	if _, err := w.iam().CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: sdkaws.String("team-velero"), PolicyDocument: sdkaws.String(guide)}); err != nil {
		t.Fatal(err)
	}
	s := w.session(p)
	s.Journal.Update(func(d *steps.JournalData) { d.Intents = []steps.Intent{steps.IntentCreatePolicy} })
	if err := s.Journal.Save(); err != nil {
		t.Fatal(err)
	}
	// The stranger's policy has other permissions; the run adds a version.
	if err := w.run(s, steps.StepRole); err != nil {
		t.Fatalf("run: %v", err)
	}
	if cr := w.session(p).Journal.Snapshot().Created; cr.PolicyCreated {
		t.Fatal("the journal records the stranger's policy as bslwiz's")
	}
	undo(t, w.session(p))
	if _, err := w.iam().GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: sdkaws.String("arn:aws:iam::" + sandbox.AccountB + ":policy/team-velero")}); err != nil {
		t.Fatalf("undo deleted a policy bslwiz never made: %v", err)
	}
}
