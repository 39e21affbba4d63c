package steps_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/sandbox"
	"github.com/bslwiz/bslwiz/steps"
)

// TestAnEditBetweenStep9sPreviewAndItsWriteIsRefused: a role bslwiz adopts
// (it trusts Palette alone) gets step 9's read, append and write. A
// colleague's edit after the preview was confirmed and before the write is
// seen by the re-read: the write is refused, their statement stays, and
// nothing of bslwiz's lands in the trust. Over HTTP, through the IAM
// emulator. (A role bslwiz creates is made whole, with no write to race.)
func TestAnEditBetweenStep9sPreviewAndItsWriteIsRefused(t *testing.T) {
	w := newWorld(t, sandbox.Options{})
	p := w.sb.Plan()
	role := "bslwiz-" + p.LocationName
	palette := `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + sandbox.PaletteAccount + `:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"` + w.sb.Tenant.ExternalID + `"}}}`
	theirs := `{"Sid":"Ops","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`
	w.sb.AWS.AddRole(sandbox.AccountB, role, `{"Version":"2012-10-17","Statement":[`+palette+`]}`)
	s := w.session(p)
	ctx := context.Background()
	var edited string
	r := &steps.Runner{Session: s, Confirm: func(ctx context.Context, pv *steps.Preview) (bool, error) {
		if pv.ID != steps.StepAppendAccountA {
			return true, nil
		}
		c, err := s.AWSClient(ctx)
		if err != nil {
			return false, err
		}
		before, err := c.GetTrustPolicy(ctx, role)
		if err != nil {
			return false, err
		}
		edited = strings.Replace(before, `"Statement":[`, `"Statement":[`+theirs+`,`, 1)
		return true, c.UpdateTrustPolicy(ctx, role, before, edited, nil)
	}}
	err := r.Run(ctx)
	var changed *aws.TrustChangedError
	if !errors.As(err, &changed) || !strings.Contains(changed.Diff.Unified(), "444455556666") {
		t.Fatalf("Run = %v, want the write refused with the new difference", err)
	}
	c, err := s.AWSClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now, err := c.GetTrustPolicy(ctx, role)
	if err != nil {
		t.Fatal(err)
	}
	if !iampolicy.Equivalent(now, edited) {
		t.Errorf("the trust after the refusal is\n%s\nwant the colleague's\n%s", now, edited)
	}
}
