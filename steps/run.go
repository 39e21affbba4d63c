package steps

import (
	"context"
	"sync"

	"github.com/bslwiz/bslwiz/aws"
	"github.com/bslwiz/bslwiz/palette"
)

// runState is what this run read or proved, kept so that a later step, or
// the final checks of an apply, need not ask again: the reads prefetched for
// a step (taken once, by that step), Palette's validate, the simulation of
// the role's permissions, the list that confirmed the new location.
type runState struct {
	mu sync.Mutex
	// locationsFor is the step a prefetched location list is for.
	locationsFor StepID
	locations    []palette.Location
	// s3Locations are locations read ahead by uid, for step 13.
	s3Locations map[string]*palette.S3Location
	roleReads   *roleReads
	// validated is the location Palette's validate passed, and the journal's
	// last IAM change then: any change since makes it stale.
	validated *validated
	// simulated is the last simulation of the role's permissions.
	simulated *simulated
	// confirmed is the location the create step found on the list.
	confirmed *palette.Location
	// trust is the role's trust policy read while Palette validated, after
	// every trust write of the run.
	trust *trustRead
	// bucketListed is account/bucket/region where a HeadBucket answered 200.
	bucketListed string
}

type trustRead struct {
	role, doc, lastIAM string
}

type validated struct {
	loc     palette.S3Location
	lastIAM string
}

type simulated struct {
	key    string
	denied []aws.Denial
	err    error
}

// roleReads are step 6's reads of the policy and the role, made ahead.
type roleReads struct {
	key     string
	role    *aws.Role
	roleErr error
	policy  aws.PolicyState
	polErr  error
}

// putLocations keeps a location list read ahead for step id.
func (s *Session) putLocations(id StepID, locs []palette.Location) {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	s.run.locationsFor, s.run.locations = id, locs
}

// takeLocations returns, once, the list read ahead for step id, waiting for
// a read in flight.
func (s *Session) takeLocations(ctx context.Context, id StepID) ([]palette.Location, bool) {
	s.fl.wait(ctx, "locations/"+string(id))
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	if s.run.locationsFor != id {
		return nil, false
	}
	locs := s.run.locations
	s.run.locationsFor, s.run.locations = "", nil
	return locs, true
}

// readLocationsFor lists the locations ahead of step id, in the background.
func (s *Session) readLocationsFor(ctx context.Context, id StepID, c PaletteAPI) {
	_ = s.fl.do(ctx, "locations/"+string(id), func(ctx context.Context) error {
		locs, err := c.ListLocations(ctx)
		if err == nil {
			s.putLocations(id, locs)
		}
		return err
	})
}

// lastIAMChange is the journal's record of bslwiz's last IAM change, as a
// key: "" without a journal.
func (s *Session) lastIAMChange() string {
	if j := s.journal(); j != nil {
		return j.Snapshot().LastIAMChange.String()
	}
	return ""
}

// listedBucket keeps that a HeadBucket of account/bucket/region answered 200.
func (s *Session) listedBucket(key string) {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	s.run.bucketListed = key
}
