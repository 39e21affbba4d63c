package steps

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/bslwiz/bslwiz/aws"
)

// CheckProbe is the data-plane probe: from Account A, assume B's role and
// write and delete a small object in the bucket, as a cluster's first
// backup would.
const CheckProbe CheckID = "probe"

// AuthProbe is the probe's entry beside the guide's authorizations.
const AuthProbe = "probe"

// prober is an Account A client that can run the probe (*aws.Client).
type prober interface {
	ProbeBucket(ctx context.Context, roleARN, bucket, region, key string) (aws.Probe, error)
}

// checkProbe runs the probe where Account A's credentials can assume B's
// role: the operator's own identity when the trust names Account A's root
// (the identity's own policies must allow it), or a session of the very
// role the trust names. Otherwise it says why not. It writes one object
// under bslwiz-probe/ and deletes it.
func checkProbe(ctx context.Context, s *Session) CheckResult {
	p := s.Plan()
	if p.AccountAProfile == "" {
		return skip("needs Account A's credentials (--account-a-profile) to assume the role from Account A")
	}
	b := s.connectedAWS()
	if b == nil {
		return skip("waiting for Account B credentials (%s)", s.stepRef(StepSTS))
	}
	role, err := b.GetRole(ctx, p.RoleName)
	if errors.Is(err, aws.ErrNotFound) {
		return skip("role %s does not exist yet", p.RoleName)
	}
	if err != nil {
		return fail("%v", err)
	}
	c, err := s.AccountAClient(ctx)
	if err != nil {
		return fail("%v", err)
	}
	id := c.Identity()
	if principal, roleName, named := AccountAPrincipal(p); named && !strings.Contains(id.ARN, ":assumed-role/"+roleName+"/") {
		return skip("the trust names %s, not Account A's root: your identity in Account A (%s) cannot assume the role; "+
			"the cluster's first backup, as %s, is the test", principal, id.ARN, roleName)
	}
	pc, can := c.(prober)
	if !can {
		return skip("this Account A client cannot run the probe")
	}
	key := p.LocationName + "-" + strconv.FormatInt(s.now().UnixNano(), 36)
	pr, err := pc.ProbeBucket(ctx, role.ARN, p.Bucket, p.Region, key)
	if err != nil && pr.AssumedAs == "" {
		// The operator's identity may not assume it: that says nothing of
		// the cluster's principal, so the probe cannot run, rather than fails.
		return skip("your identity in Account A (%s) could not assume the role, so the probe cannot run: %s", id.ARN, firstLine(err.Error()))
	}
	if err != nil {
		return fail("from Account A as %s: %s", id.ARN, firstLine(err.Error()))
	}
	return ok("from Account A assumed as %s: HeadBucket, PutObject of s3://%s/%s (SHA-256 %s verified) and DeleteObject passed",
		pr.AssumedAs, p.Bucket, pr.Key, pr.Checksum)
}

// authProbe is the probe's entry among the authorizations, from the
// check when it ran.
func authProbe(checks []CheckResult) Authorization {
	a := Authorization{ID: AuthProbe, Name: "probe: from Account A, HeadBucket, PutObject and DeleteObject in the bucket", Status: AuthUnknown,
		Reason: "not run (plan makes no call that writes)"}
	c, ok := checkByID(checks, CheckProbe)
	if !ok {
		return a
	}
	a.Reason = c.Reason
	switch c.Status {
	case StatusOK:
		a.Status = AuthOK
	case StatusFail:
		a.Status = AuthFailed
	}
	return a
}
