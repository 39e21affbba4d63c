package steps_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestATrustNamingADeletedRoleIsSavedWithoutItAndUndoRestoresTheRest: an adopted role's
// trust names a role that was deleted since, so IAM shows its AROA… unique ID and refuses
// to save the document back. The step that changes the trust shows the drop in its
// preview and drops it on confirmation; undo restores everything but the orphan, and
// says so.
func TestATrustNamingADeletedRoleIsSavedWithoutItAndUndoRestoresTheRest(t *testing.T) {
	tests := []struct {
		name    string
		palette bool         // the trust already lets Palette in, so the role step leaves it
		step    steps.StepID // the step whose preview drops the orphan
	}{
		{"the role step adds Palette's statement", false, steps.StepRole},
		{"the append step adds Account A", true, steps.StepAppendAccountA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, sandbox.Options{})
			ctx := context.Background()
			p := w.sb.Plan()
			p.RoleName = "backup-writer"
			stmts := []string{
				`{"Sid":"Ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`,
				`{"Sid":"CI","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::` + sandbox.AccountB + `:role/ci-runner","arn:aws:iam::` + sandbox.AccountA + `:root"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`,
			}
			if tt.palette {
				stmts = append(stmts, `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+sandbox.PaletteAccount+`:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"`+w.sb.Tenant.ExternalID+`"}}}`)
			}
			w.sb.AWS.AddRole(sandbox.AccountB, "ci-runner", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
			w.sb.AWS.AddRole(sandbox.AccountB, p.RoleName, `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
			if _, err := w.iam().DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: sdkaws.String("ci-runner")}); err != nil {
				t.Fatal(err)
			}
			orphaned := w.trust(p.RoleName)
			tr, _ := iampolicy.ParseTrust(orphaned)
			orphans := tr.Orphans()
			if len(orphans) != 1 {
				t.Fatalf("trust after deleting ci-runner: %s", orphaned)
			}
			id := orphans[0].ID

			var seen *steps.Preview
			s := w.session(p)
			r := &steps.Runner{Session: s, Through: steps.StepCreate, Confirm: func(_ context.Context, pv *steps.Preview) (bool, error) {
				if pv.ID == tt.step {
					seen = pv
				}
				return true, nil
			}}
			if err := r.Run(ctx); err != nil {
				t.Fatalf("all steps with an orphaned principal: %v", err)
			}
			if seen == nil {
				t.Fatalf("step %s asked for no confirmation", tt.step)
			}
			call := slices.IndexFunc(seen.Calls, func(c steps.Call) bool {
				return c.Action == "UpdateAssumeRolePolicy" && strings.Contains(c.Target, "drops orphaned principal "+id+" (deleted)")
			})
			ch := seen.Change
			removed := ch != nil && ch.ShowDiff && strings.Contains(ch.Before, id) && !strings.Contains(ch.After, id)
			if call < 0 || !removed || !slices.ContainsFunc(seen.Warnings, func(w string) bool { return strings.Contains(w, id+" (a deleted role)") }) {
				t.Errorf("preview of %s: calls %v, change %+v\nwarnings %q; want the drop of %s in each", tt.step, seen.Calls, ch, seen.Warnings, id)
			}
			now, _ := iampolicy.ParseTrust(w.trust(p.RoleName))
			if len(now.Orphans()) != 0 || !strings.Contains(now.JSON(), "ec2.amazonaws.com") || !strings.Contains(now.JSON(), sandbox.AccountA+":root") {
				t.Errorf("trust after apply: %s", now.JSON())
			}
			if j := s.Journal.Snapshot(); !slices.ContainsFunc(j.Events, func(e steps.EventRecord) bool {
				return strings.Contains(e.Detail, "dropped orphaned principal "+id)
			}) {
				t.Errorf("the journal does not record the drop: %+v", j.Events)
			}

			us := w.session(p)
			pv, err := us.UndoPreview(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(pv.Warnings, func(w string) bool { return strings.Contains(w, "undo cannot restore "+id) }) ||
				!slices.ContainsFunc(pv.Calls, func(c steps.Call) bool { return strings.Contains(c.Target, "less the orphaned principal "+id) }) {
				t.Errorf("undo preview: calls %v, warnings %q; want it to say the orphan cannot come back", pv.Calls, pv.Warnings)
			}
			if err := us.Undo(ctx, pv, nil); err != nil {
				t.Fatalf("undo: %v", err)
			}
			tr.DropOrphans()
			if got := w.trust(p.RoleName); !iampolicy.Equivalent(got, tr.JSON()) {
				t.Errorf("trust after undo:\n%s\nwant the original less the orphan:\n%s", got, tr.JSON())
			}
		})
	}
}

// trust is the trust policy of role name, as IAM shows it.
func (w *world) trust(name string) string {
	w.t.Helper()
	out, err := w.iam().GetRole(context.Background(), &iam.GetRoleInput{RoleName: &name})
	if err != nil {
		w.t.Fatal(err)
	}
	doc, err := iampolicy.Canonicalize(*out.Role.AssumeRolePolicyDocument)
	if err != nil {
		w.t.Fatal(err)
	}
	return doc
}
