package steps

import (
	"context"
	"fmt"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// PlanAll previews all 13 steps with zero writes. Steps 1–5 read for real.
// When step 6 would create the role, the steps after it cannot read it yet,
// so PlanAll previews them from what step 6 would create: the role's ARN, and
// the trust policy Account A's statement is appended to. The result lists
// every call apply would make, with its account, and every document,
// including the trust-policy diff.
func PlanAll(ctx context.Context, s *Session) ([]*Preview, error) {
	var out []*Preview
	all := All()
	for _, st := range all[:6] {
		pv, err := st.Preview(ctx, s)
		if err != nil {
			return out, err
		}
		out = append(out, pv)
	}
	role := out[5].data.(*roleStepData)
	if role.role != nil && role.trustAfter == "" {
		// The role exists and trusts Palette: the later steps can read it.
		for _, st := range all[6:] {
			pv, err := st.Preview(ctx, s)
			if err != nil {
				return out, err
			}
			out = append(out, pv)
		}
		return out, nil
	}
	more, err := hypotheticalPreviews(s, role)
	out = append(out, more...)
	if err != nil {
		return out, err
	}
	return out, ctx.Err()
}

// hypotheticalPreviews previews steps 7–13 from what step 6 would make.
func hypotheticalPreviews(s *Session, d *roleStepData) ([]*Preview, error) {
	p := s.Plan()
	c := s.connectedAWS()
	if c == nil {
		return nil, fmt.Errorf("plan: %w (step 5)", ErrNotConnected)
	}
	id := c.Identity()
	arn := fmt.Sprintf("arn:%s:iam::%s:role%s%s", id.Partition, id.Account, p.RolePath, p.RoleName)
	trust := d.trustDoc
	if d.trustAfter != "" {
		trust = d.trustAfter
	}
	mk := func(n int, pv *Preview) *Preview {
		st, _ := ByNumber(n)
		pv.Step, pv.Title, pv.Mutates = n, st.Title, st.Mutates
		pv.NoChange = len(pv.Calls) == 0
		return pv
	}
	out := []*Preview{
		mk(7, &Preview{Facts: []string{"role ARN will be " + arn, "attached: policy " + p.PolicyName}}),
		mk(8, &Preview{Documents: []Document{{"trust policy of " + p.RoleName + " after step 6", mustCanonical(trust)}}}),
	}
	// Step 9 as apply would preview it: what it refuses, plan refuses too.
	pv9, err := hypotheticalAppend(s, id, trust)
	if err != nil {
		st, _ := ByNumber(9)
		return out, fmt.Errorf("step 9 (%s): %w", st.Title, err)
	}
	out = append(out, mk(9, pv9), mk(10, &Preview{Facts: []string{"role ARN: " + arn}}))
	_, ext, _ := s.paletteSts()
	out = append(out,
		mk(11, &Preview{Facts: []string{fmt.Sprintf("location %s: s3://%s in %s", p.LocationName, p.Bucket, p.Region),
			"credentials: STS, role " + arn + ", external ID " + ext}}),
		mk(12, &Preview{Facts: []string{"Palette will assume " + arn + " and check s3://" + p.Bucket}}),
		mk(13, &Preview{Calls: []Call{{"palette", "POST /v1/users/assets/locations/s3",
			fmt.Sprintf("location %s: s3://%s (%s), STS role %s", p.LocationName, p.Bucket, p.Region, arn), s.paletteWhere()}}}),
	)
	return out, nil
}

// hypotheticalAppend previews step 9 on the trust policy step 6 would leave,
// with step 9's own rules: a principal it cannot append, a document over the
// size quota, and a lint finding of Error severity are refusals, not warnings.
func hypotheticalAppend(s *Session, id aws.Identity, trust string) (*Preview, error) {
	p := s.Plan()
	pv := &Preview{}
	t, err := iampolicy.ParseTrust(trust)
	if err != nil {
		return nil, err
	}
	changed, err := t.EnsureAccountA(id.Partition, p.AccountA)
	if err != nil {
		return nil, err
	}
	if !changed {
		pv.Facts = append(pv.Facts, "the trust policy already lets Account A "+p.AccountA+" assume the role")
		return pv, nil
	}
	after := t.JSON()
	if err := iampolicy.CheckTrustSize(after, p.TrustSizeLimit); err != nil {
		return nil, err
	}
	pv.Trust = newTrustChange(trust, after)
	pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy",
		"role " + p.RoleName + " (replaces the whole document: read, append, write)", accountBWhere(id)})
	ws, err := lintTrust(t, p.RoleName, p.PaletteAccountID)
	if err != nil {
		return nil, err
	}
	pv.Warnings = append(pv.Warnings, ws...)
	return pv, nil
}
