package steps

import (
	"context"
	"fmt"

	"github.com/bslwiz/bslwiz/aws/iampolicy"
)

// hypothesis is what an earlier step of a plan would make, for the steps
// after it to preview from: plan mode makes nothing, so a role that step 6
// would create cannot be read yet.
type hypothesis struct {
	roleARN string
	trust   string // the role's trust policy once that step is done
	created bool   // the step would create the role (with NewRoleTrust)
}

// hypothesizer is preview data that knows what its step would make.
type hypothesizer interface{ hypothesis(s *Session) *hypothesis }

// PlanAll previews every step of the plan with zero writes. The steps read
// for real until one would create something the next ones need to read;
// from there on, a step previews from what would be made (its hypothetical
// preview). The result lists every call apply would make, with its account,
// and every document, including the trust-policy diff. What apply would
// refuse, PlanAll refuses.
func PlanAll(ctx context.Context, s *Session) ([]*Preview, error) {
	var (
		out []*Preview
		hyp *hypothesis
	)
	for _, st := range Steps(s.RawPlan()) {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		var (
			pv  *Preview
			err error
		)
		if hyp != nil && st.hypothetical != nil {
			pv, err = st.previewFrom(s, hyp)
		} else {
			pv, err = st.Preview(ctx, s)
		}
		if err != nil {
			return out, err
		}
		out = append(out, pv)
		if h, ok := pv.data.(hypothesizer); ok && hyp == nil {
			hyp = h.hypothesis(s)
		}
	}
	return out, nil
}

// previewFrom is the step's hypothetical preview, with the same rules and
// labels as Preview.
func (st Step) previewFrom(s *Session, h *hypothesis) (*Preview, error) {
	if err := st.validate(s); err != nil {
		return nil, err
	}
	pv, err := st.hypothetical(s, h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", st.label(s), err)
	}
	pv.ID, pv.Title, pv.Mutates, pv.Verb = st.ID, st.Title, st.Mutates, st.Screen.verb()
	pv.Number, _ = Position(s.RawPlan(), st.ID)
	pv.NoChange = len(pv.Calls) == 0
	return pv, nil
}

// hypothesis of step 6: the role it would create, or the trust change it
// would make to an existing role; nil when it changes neither.
func (d *roleStepData) hypothesis(s *Session) *hypothesis {
	if d.role != nil && d.trustAfter == "" {
		return nil // the role exists as planned: the steps after can read it
	}
	want, err := Desired(s.Plan())
	if err != nil {
		return nil
	}
	h := &hypothesis{roleARN: want.RoleARN, trust: d.trustDoc, created: true}
	if d.role != nil {
		h.roleARN, h.trust, h.created = d.role.ARN, d.trustAfter, false
	}
	return h
}

func reviewFrom(s *Session, h *hypothesis) (*Preview, error) {
	return &Preview{Facts: []string{"role ARN will be " + h.roleARN, "attached: policy " + s.Plan().PolicyName}}, nil
}

func currentTrustFrom(s *Session, h *hypothesis) (*Preview, error) {
	p := s.Plan()
	return &Preview{Documents: []Document{{"trust policy of " + p.RoleName + " after the role step", mustCanonical(h.trust)}}}, nil
}

// appendFrom previews the Account A step on the trust policy the role step
// would leave, with that step's own rules: a principal it cannot append, a
// document over the size quota, and a lint finding of Error severity are
// refusals, not warnings.
func appendFrom(s *Session, h *hypothesis) (*Preview, error) {
	p := s.Plan()
	c := s.connectedAWS()
	if c == nil {
		return nil, fmt.Errorf("plan: %w (Account B)", ErrNotConnected)
	}
	id := c.Identity()
	pv := &Preview{}
	t, err := iampolicy.ParseTrust(h.trust)
	if err != nil {
		return nil, err
	}
	changed, added, retargeted, err := s.aimAccountA(t, id.Partition, p.RoleName, p.AccountA)
	if err != nil {
		return nil, err
	}
	if !changed {
		fact := "the trust policy already lets Account A " + p.AccountA + " assume the role"
		if h.created {
			fact += ": step 6 creates the role with Account A's statement beside Palette's, in one call, so there is nothing to read, append or write"
		}
		pv.Facts = append(pv.Facts, fact)
		return pv, nil
	}
	dropped := orphanDrop(t.DropOrphans())
	after := t.JSON()
	if err := iampolicy.CheckTrustSize(after, p.TrustSizeLimit); err != nil {
		return nil, err
	}
	pv.Change = newTrustChange(h.trust, after)
	if pv.TrustEvaluation, err = s.trustChangeEvaluation(id.Partition, p.RoleName, h.roleARN, h.trust, after); err != nil {
		return nil, err
	}
	// A hypothetical preview has no context of its own; the SDK's call
	// timeout bounds these reads.
	if err := s.analyzeTrustChange(context.Background(), pv, p.RoleName, h.trust, after, added); err != nil {
		return nil, err
	}
	pv.Calls = append(pv.Calls, Call{"iam", "UpdateAssumeRolePolicy",
		"role " + p.RoleName + " (" + dropped.call() + aimCall(retargeted, p.AccountA) + ")", accountBWhere(id)})
	if len(dropped) > 0 {
		pv.Warnings = append(pv.Warnings, dropped.warning())
	}
	ws, err := lintTrust(t, p.RoleName, p.PaletteAccountID, p.ExternalID)
	if err != nil {
		return nil, err
	}
	pv.Warnings = append(pv.Warnings, ws...)
	return pv, nil
}

func copyARNFrom(s *Session, h *hypothesis) (*Preview, error) {
	return &Preview{Facts: []string{"role ARN: " + h.roleARN}, Artifact: roleArtifact(s, h.roleARN)}, nil
}

func fillARNFrom(s *Session, h *hypothesis) (*Preview, error) {
	p := s.Plan()
	_, ext, err := s.paletteSts()
	if err != nil {
		return nil, err
	}
	return &Preview{Facts: []string{fmt.Sprintf("location %s: s3://%s in %s", p.LocationName, p.Bucket, p.Region),
		"credentials: STS, role " + h.roleARN + ", external ID " + ext}}, nil
}

func validateFrom(s *Session, h *hypothesis) (*Preview, error) {
	return &Preview{Facts: []string{"Palette will assume " + h.roleARN + " and check s3://" + s.Plan().Bucket}}, nil
}

func createFrom(s *Session, h *hypothesis) (*Preview, error) {
	p := s.Plan()
	return &Preview{Calls: []Call{{"palette", "POST /v1/users/assets/locations/s3",
		fmt.Sprintf("location %s: s3://%s (%s), STS role %s", p.LocationName, p.Bucket, p.Region, h.roleARN), s.paletteWhere()}}}, nil
}
