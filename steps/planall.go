package steps

import (
	"context"
	"fmt"

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
	return append(out, hypotheticalPreviews(ctx, s, role)...), ctx.Err()
}

// hypotheticalPreviews previews steps 7–13 from what step 6 would make.
func hypotheticalPreviews(ctx context.Context, s *Session, d *roleStepData) []*Preview {
	p := s.Plan()
	c, _ := s.AWSClient(ctx)
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
	pv9 := &Preview{}
	t, err := iampolicy.ParseTrust(trust)
	if err == nil {
		var changed bool
		changed, err = t.EnsureAccountA(id.Partition, p.AccountA)
		if err == nil && changed {
			after := t.JSON()
			pv9.Trust = newTrustChange(trust, after)
			if serr := iampolicy.CheckTrustSize(after, p.TrustSizeLimit); serr != nil {
				pv9.Warnings = append(pv9.Warnings, serr.Error())
			}
			pv9.Calls = append(pv9.Calls, Call{"iam", "UpdateAssumeRolePolicy",
				"role " + p.RoleName + " (replaces the whole document: read, append, write)", accountBWhere(id)})
			for _, f := range t.Lint(p.PaletteAccountID) {
				pv9.Warnings = append(pv9.Warnings, f.Message)
			}
		}
	}
	if err != nil {
		pv9.Warnings = append(pv9.Warnings, err.Error())
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
	return out
}
