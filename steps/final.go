package steps

import (
	"context"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
)

// finalKey marks the context of the final checks of an apply.
type finalKey struct{}

// FinalChecks runs every live check at the end of an apply, where the run
// has just read or proved most of what they ask: a check takes this run's
// answer when nothing bslwiz did since can have changed it (Palette's
// validate of step 12, the simulation of step 7, the trust policy as read
// after its last write, the bucket, the list that showed the new location),
// and asks the service otherwise. Palette's validate, which writes a probe
// object, so runs once per apply; `status`, a run of its own, asks every
// service (RunChecks).
func (s *Session) FinalChecks(ctx context.Context) []CheckResult {
	return s.RunChecks(context.WithValue(ctx, finalKey{}, true), nil, nil)
}

// final reports whether ctx is that of the final checks.
func final(ctx context.Context) bool {
	v, _ := ctx.Value(finalKey{}).(bool)
	return v
}

// verifyForCheck asks Palette whether it accepts the key, unless this
// run's last list of locations just answered with it.
func (s *Session) verifyForCheck(ctx context.Context, c PaletteAPI) error {
	if final(ctx) && s.confirmedLocation() != nil {
		return nil
	}
	return c.Verify(ctx)
}

// locationsForCheck lists the locations, or takes the list that showed the
// location this run created.
func (s *Session) locationsForCheck(ctx context.Context, c PaletteAPI) ([]palette.Location, error) {
	if final(ctx) {
		if l := s.confirmedLocation(); l != nil && l.Name == s.Plan().LocationName {
			return []palette.Location{*l}, nil
		}
	}
	return c.ListLocations(ctx)
}

// headBucketForCheck asks S3 about the bucket, or takes what this run
// found when it looked in the same account and region and could list it.
func (s *Session) headBucketForCheck(ctx context.Context, c AccountB, bucket, region string) (aws.Bucket, error) {
	if final(ctx) {
		s.run.mu.Lock()
		seen := s.run.bucketListed == c.Identity().Account+"/"+bucket+"/"+region
		s.run.mu.Unlock()
		if seen {
			return aws.Bucket{State: aws.BucketExists, Region: region, Accessible: true}, nil
		}
	}
	return c.HeadBucket(ctx, bucket, region)
}

// roleForCheck reads the role, or takes its trust policy as read while
// Palette validated (step 13's read ahead), when bslwiz changed no IAM since:
// a read after every write of the run, so an edit someone made meanwhile
// shows as it would live.
func (s *Session) roleForCheck(ctx context.Context, c AccountB, name string) (*aws.Role, error) {
	if final(ctx) {
		s.run.mu.Lock()
		t := s.run.trust
		s.run.mu.Unlock()
		if t != nil && t.role == name && t.lastIAM == s.lastIAMChange() {
			return &aws.Role{Name: name, TrustPolicy: t.doc}, nil
		}
	}
	return c.GetRole(ctx, name)
}

// simulationKey is what a simulation of the role's permissions depends on.
func simulationKey(roleARN, region string, checks []aws.ActionCheck) string {
	k := roleARN + "\x00" + region
	for _, ch := range checks {
		k += "\x00" + ch.Action + "," + ch.Resource
	}
	return k
}

// simulate runs the simulation of the role's permissions and keeps it for
// the final checks: bslwiz changes no identity policy after step 7.
func (s *Session) simulate(ctx context.Context, c AccountB, roleARN, region string, checks []aws.ActionCheck) ([]aws.Denial, error) {
	denied, err := s.simulatePermissions(ctx, c, roleARN, region, checks)
	if ctx.Err() == nil {
		s.run.mu.Lock()
		s.run.simulated = &simulated{key: simulationKey(roleARN, region, checks), denied: denied, err: err}
		s.run.mu.Unlock()
	}
	return denied, err
}

// simulateForCheck simulates, or takes this run's simulation of the same.
func (s *Session) simulateForCheck(ctx context.Context, c AccountB, roleARN, region string, checks []aws.ActionCheck) ([]aws.Denial, error) {
	if final(ctx) {
		s.run.mu.Lock()
		sim := s.run.simulated
		s.run.mu.Unlock()
		if sim != nil && sim.err == nil && sim.key == simulationKey(roleARN, region, checks) {
			return sim.denied, nil
		}
	}
	return s.simulatePermissions(ctx, c, roleARN, region, checks)
}

// validated keeps Palette's passing validate of loc.
func (s *Session) keepValidated(loc palette.S3Location) {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	s.run.validated = &validated{loc: loc, lastIAM: s.lastIAMChange()}
}

// validateForCheck asks Palette to validate loc, unless it passed in this
// run's step 12 and bslwiz changed no IAM since.
func (s *Session) validateForCheck(ctx context.Context, c PaletteAPI, loc palette.S3Location) error {
	if final(ctx) {
		s.run.mu.Lock()
		v := s.run.validated
		s.run.mu.Unlock()
		if v != nil && sameLocation(v.loc, loc) && v.lastIAM == s.lastIAMChange() {
			return nil
		}
	}
	return c.ValidateS3(ctx, loc)
}

// confirmLocation keeps the location step 13 found on the list.
func (s *Session) confirmLocation(l palette.Location) {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	s.run.confirmed = &l
}

func (s *Session) confirmedLocation() *palette.Location {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	return s.run.confirmed
}
