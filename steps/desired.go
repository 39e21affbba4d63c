package steps

import (
	"fmt"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
	"github.com/bslwiz/bslwiz/rules"
)

// DesiredState is what a plan asks for in Account B, worked out in this one
// place: apply, plan, the checks and every export read it, so they cannot
// disagree.
type DesiredState struct {
	Partition string
	// RoleARN and PolicyARN are empty while Account B is not known.
	RoleARN, PolicyARN string
	// PolicyDocument is the permissions policy (compact JSON).
	PolicyDocument string
	// PaletteTrust is Palette's statement alone, with the external ID: the
	// trust of the guide's step 6 (the exports follow the guide's order).
	PaletteTrust string
	// NewRoleTrust is the trust policy bslwiz creates a new role with: every
	// statement the plan already knows, Palette's and, when the plan names
	// Account A, Account A's. A role made whole in one CreateRole needs no
	// read-modify-write of its trust (step 9 finds Account A there), so no
	// concurrent edit can come between; an existing role gets step 9's
	// guarded read, append and write.
	NewRoleTrust string
	// Trust is the trust policy a new role ends with: Palette's and Account
	// A's statements.
	Trust string
	Tags  map[string]string
}

// Desired derives the desired state from a resolved plan (Session.Plan, or
// a plan given whole, as an export has it). It checks the documents'
// quotas and lints the final trust: what apply would refuse, it refuses.
func Desired(p Plan) (DesiredState, error) {
	p = p.WithDefaults()
	d := DesiredState{Partition: p.Partition, Tags: p.Tags()}
	if d.Partition == "" {
		part, err := rules.Region(p.Region)
		if err != nil {
			return d, fmt.Errorf("partition of region %s: %w", p.Region, err)
		}
		d.Partition = part
	}
	policy, err := iampolicy.Permissions(d.Partition, p.Bucket, permissionsOptions(p))
	if err != nil {
		return d, fmt.Errorf("permissions policy: %w", err)
	}
	if err := iampolicy.CheckManagedPolicySize(policy); err != nil {
		return d, fmt.Errorf("permissions policy: %w", err)
	}
	d.PolicyDocument = policy

	t := iampolicy.NewTrust()
	t.EnsurePalette(d.Partition, p.PaletteAccountID, p.ExternalID)
	d.PaletteTrust = t.JSON()
	if err := iampolicy.CheckTrustSize(d.PaletteTrust, p.TrustSizeLimit); err != nil {
		return d, fmt.Errorf("trust policy: %w", err)
	}
	if p.AccountA != "" {
		if _, err := t.EnsureAccountA(d.Partition, p.AccountA); err != nil {
			return d, fmt.Errorf("trust policy: %w", err)
		}
		if _, err := lintTrust(t, p.RoleName, p.PaletteAccountID, p.ExternalID); err != nil {
			return d, err
		}
	}
	d.Trust = t.JSON()
	if err := iampolicy.CheckTrustSize(d.Trust, p.TrustSizeLimit); err != nil {
		return d, fmt.Errorf("trust policy: %w", err)
	}
	d.NewRoleTrust = d.Trust
	if p.AccountB != "" {
		d.RoleARN = fmt.Sprintf("arn:%s:iam::%s:role%s%s", d.Partition, p.AccountB, p.RolePath, p.RoleName)
		d.PolicyARN = fmt.Sprintf("arn:%s:iam::%s:policy%s%s", d.Partition, p.AccountB, p.PolicyPath, p.PolicyName)
	}
	return d, nil
}
