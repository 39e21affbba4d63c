package steps

import (
	"context"
	"errors"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// Authorization is one authorization of the guide's diagram, as it stands:
// (1) Palette administers the cluster in Account A, (2) Palette may use the
// bucket in Account B, (3) the cluster may use the bucket; and the
// data-plane probe beside them.
type Authorization struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"` // AuthOK, AuthFailed or AuthUnknown
	Reason string `json:"reason"`
}

// The statuses of an authorization.
const (
	AuthOK      = "ok"
	AuthFailed  = "failed"
	AuthUnknown = "unknown"
)

// The authorizations, by ID.
const (
	AuthPaletteCluster = "palette-cluster" // (1)
	AuthPaletteBucket  = "palette-bucket"  // (2)
	AuthClusterBucket  = "cluster-bucket"  // (3)
)

// Authorizations works out each authorization of the guide from the live
// checks already run (checks) and, for Account A's side, reads of its own:
// Account B's trust, and the simulation in Account A when bslwiz has
// Account A's credentials. It only reads.
func (s *Session) Authorizations(ctx context.Context, checks []CheckResult) []Authorization {
	return []Authorization{
		s.authPaletteCluster(ctx),
		authPaletteBucket(checks),
		s.authClusterBucket(ctx),
		authProbe(checks),
	}
}

func checkByID(checks []CheckResult, id CheckID) (CheckResult, bool) {
	for _, c := range checks {
		if c.ID == id {
			return c, true
		}
	}
	return CheckResult{}, false
}

// authPaletteBucket is (2): Palette's validate assumes the role with the
// external ID and uses the bucket; without it, the trust and the policy.
func authPaletteBucket(checks []CheckResult) Authorization {
	a := Authorization{ID: AuthPaletteBucket, Name: "(2) Palette may use the bucket in Account B (role, policy, external ID)", Status: AuthUnknown}
	if v, ok := checkByID(checks, CheckValidate); ok {
		switch v.Status {
		case StatusOK:
			a.Status, a.Reason = AuthOK, v.Reason
			return a
		case StatusFail:
			a.Status, a.Reason = AuthFailed, v.Reason
			return a
		}
	}
	for _, id := range []CheckID{CheckTrust, CheckPermissions} {
		if c, ok := checkByID(checks, id); ok && c.Status == StatusFail {
			a.Status, a.Reason = AuthFailed, c.Reason
			return a
		}
	}
	a.Reason = "Palette's validate has not run yet"
	if v, ok := checkByID(checks, CheckValidate); ok && v.Reason != "" {
		a.Reason = v.Reason
	}
	return a
}

// authClusterBucket is (3): Account B's trust names Account A, and Account
// A's principal may call sts:AssumeRole on the role (its own identity
// policy, boundary and SCPs), as a cross-account assume-role needs both.
func (s *Session) authClusterBucket(ctx context.Context) Authorization {
	a := Authorization{ID: AuthClusterBucket, Name: "(3) the cluster in Account A may use the bucket (trust in B, grant in A)", Status: AuthUnknown}
	p := s.Plan()
	if p.AccountA == "" {
		a.Reason = "Account A is not known yet"
		return a
	}
	want, err := Desired(p)
	if err != nil || want.RoleARN == "" {
		a.Reason = "Account B is not known yet"
		return a
	}
	// The trust half, in Account B.
	trustOK, trustKnown := false, false
	if c := s.connectedAWS(); c != nil {
		role, err := c.GetRole(ctx, p.RoleName)
		switch {
		case errors.Is(err, aws.ErrNotFound):
			a.Reason = "role " + p.RoleName + " does not exist yet"
		case err != nil:
			a.Reason = "could not read the trust of " + p.RoleName + ": " + firstLine(err.Error())
		default:
			t, perr := iampolicy.ParseTrust(role.TrustPolicy)
			if perr == nil {
				trustKnown, trustOK = true, t.HasAccountA(c.Identity().Partition, p.AccountA)
			}
		}
	}
	if trustKnown && !trustOK {
		a.Status, a.Reason = AuthFailed, "the trust of "+p.RoleName+" does not name Account A "+p.AccountA+": "+s.stepRef(StepAppendAccountA)+" appends it"
		return a
	}
	// The identity half, in Account A.
	if p.AccountAProfile == "" {
		_, cmd := accountANeeds(p, want.RoleARN)
		if trustKnown {
			a.Reason = "the trust names " + p.AccountA + "; Account A's side is not checked (give --account-a-profile): it needs " + cmd
		} else if a.Reason == "" {
			a.Reason = "not checked (give --account-a-profile); Account A needs " + cmd
		}
		return a
	}
	chk, ok := s.lastAccountACheck()
	if c, err := s.AccountAClient(ctx); err == nil {
		if fresh, err := s.checkAccountA(ctx, c, p, want.RoleARN); err == nil {
			chk, ok = fresh, true
			s.setAccountACheck(fresh)
		}
	} else if !ok {
		a.Reason = "Account A: " + firstLine(err.Error())
		return a
	}
	switch {
	case !ok:
		a.Reason = "Account A's side could not be simulated"
	case chk.Principal == "":
		a.Reason = chk.Reason
	case !chk.Allowed:
		a.Status = AuthFailed
		a.Reason = chk.Reason
		if !chk.SCP {
			_, cmd := accountANeeds(p, want.RoleARN)
			a.Reason += "; fix: 'bslwiz apply --account-a-profile PROFILE' offers the grant (" + AccountAGrantName(p) +
				"), or run with Account A's credentials: " + cmd
		}
	case !trustKnown:
		a.Reason = chk.Reason + "; the trust in Account B is not there yet"
	default:
		a.Status = AuthOK
		a.Reason = "the trust of " + p.RoleName + " names " + p.AccountA + ", and " + chk.Reason
	}
	return a
}

// authPaletteCluster is (1): the Palette project (or tenant) has an AWS
// cloud account for Account A, so Palette administers the cluster there.
func (s *Session) authPaletteCluster(ctx context.Context) Authorization {
	a := Authorization{ID: AuthPaletteCluster, Name: "(1) Palette administers the cluster in Account A (cloud account)", Status: AuthUnknown}
	p := s.Plan()
	acct, ok := accountOf(p.AccountA)
	if !ok {
		a.Reason = "Account A is not known yet"
		return a
	}
	return s.paletteCloudAccountFor(ctx, a, acct)
}
