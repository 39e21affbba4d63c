package steps_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestANarrowerAccountAIsWrittenOverBslwizsOwnStatement: step 6 creates the
// role trusting all of Account A (the plan named the account); the operator
// then narrows Account A to one of its roles, at step 9 (the wizard's e) or
// in a rerun. The whole account admits the role already, so appending would
// find nothing to do and the account would stay trusted while the done
// screen named the role: instead bslwiz's own statement now names the role,
// previewed as a change, and nothing else in the trust moves. Over HTTP,
// through the IAM emulator.
func TestANarrowerAccountAIsWrittenOverBslwizsOwnStatement(t *testing.T) {
	const narrow = "arn:aws:iam::444455556666:role/SpectroCloudRole"
	for _, tc := range []struct {
		name  string
		rerun bool // a new session on the journal, rather than the same one
	}{{"at step 9", false}, {"in a rerun", true}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, sandbox.Options{})
			p := w.sb.Plan()
			p.AccountA = sandbox.AccountA
			s := w.session(p)
			if err := w.run(s, steps.StepCurrentTrust); err != nil {
				t.Fatal(err)
			}
			if tc.rerun {
				if err := w.run(s, ""); err != nil {
					t.Fatal(err)
				}
				p.AccountA = narrow
				s = w.session(p)
			} else {
				s.UpdatePlan(func(p *steps.Plan) { p.AccountA = narrow })
			}
			var step9 *steps.Preview
			r := &steps.Runner{Session: s, Confirm: func(_ context.Context, pv *steps.Preview) (bool, error) {
				if pv.ID == steps.StepAppendAccountA {
					step9 = pv
				}
				return true, nil
			}}
			if err := r.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if step9 == nil || len(step9.Calls) != 1 || !strings.Contains(step9.Calls[0].Target, "bslwiz's Account A statement now names "+narrow) {
				t.Fatalf("step 9 = %+v, want the statement pointed at the role", step9)
			}
			c, err := s.AWSClient(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			doc, err := c.GetTrustPolicy(context.Background(), p.WithDefaults().RoleName)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := iampolicy.ParseTrust(doc)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Len() != 2 || strings.Contains(doc, sandbox.AccountA+":root") || !strings.Contains(doc, narrow) {
				t.Errorf("the trust after narrowing Account A: %s", tr.Canonical())
			}
		})
	}
}
