package steps

import (
	"context"
	"errors"
	"sync"

	"github.com/bslwiz/bslwiz/palette"
)

// prefetchTimeout bounds a read made ahead of its step.
const prefetchTimeout = CheckTimeout

// background is ctx without its cancellation, bounded: a read ahead outlives
// the preview that started it (its step waits for it, or reads again).
func background(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), prefetchTimeout)
}

// warm starts, in the background, the first wave of every run: the facts
// (Palette's project, Account B's caller, Palette's STS account, the bucket's
// region), the list step 2 shows and the reads step 6 previews from, each
// as soon as its sources are signed in. A profile that needs an MFA code is
// not signed in from here: the code is asked by the step that signs in, not
// from the background before the user got there. A read that fails is left
// for its step to redo and report. The returned channel closes when every
// read is over.
func (s *Session) warm(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	ctx, cancel := background(ctx)
	want := AllFacts
	if s.waitingForMFA(ctx) {
		want = FactProject
	}
	go func() {
		defer close(done)
		defer cancel()
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, _ = s.Gather(ctx, want)
		}()
		go func() {
			defer wg.Done()
			if c, err := s.connectPalette(ctx); err == nil {
				s.prefetch(ctx, c)
			}
		}()
		if want&FactCaller != 0 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				s.prefetchRoleReads(ctx)
			}()
			go func() {
				defer wg.Done()
				if c, err := s.AWSClient(ctx); err == nil {
					_ = s.checkBucketExists(ctx, c, s.Plan())
				}
			}()
		}
		wg.Wait()
	}()
	return done
}

// prefetch reads the project's locations for step 2, unless they are in.
func (s *Session) prefetch(ctx context.Context, c PaletteAPI) {
	s.mu.Lock()
	in := s.locationsFetched
	s.mu.Unlock()
	if in {
		return
	}
	_ = s.fl.do(ctx, "locations/"+string(StepLocations), func(ctx context.Context) error {
		locs, err := c.ListLocations(ctx)
		if err == nil {
			s.mu.Lock()
			s.locations, s.locationsFetched = locs, true
			s.mu.Unlock()
		}
		return err
	})
}

// cachedLocations returns the locations prefetched in this session, waiting
// for a list in flight.
func (s *Session) cachedLocations(ctx context.Context) ([]palette.Location, bool) {
	s.fl.wait(ctx, "locations/"+string(StepLocations))
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.locationsFetched {
		return nil, false
	}
	s.locationsFetched = false // a later list (step 13) reads afresh
	return append([]palette.Location(nil), s.locations...), true
}

// roleReadsKey is what step 6's reads depend on.
func roleReadsKey(c AccountB, p Plan) string {
	return c.Identity().Account + "\x00" + p.RoleName + "\x00" + p.PolicyPath + p.PolicyName
}

// prefetchRoleReads reads, at once, the policy and the role step 6 previews,
// once Account B is signed in and the plan names them.
func (s *Session) prefetchRoleReads(ctx context.Context) {
	c, err := s.AWSClient(ctx)
	if err != nil {
		return
	}
	p := s.Plan()
	if p.RoleName == "" || p.PolicyName == "" {
		return
	}
	key := roleReadsKey(c, p)
	s.run.mu.Lock()
	in := s.run.roleReads != nil && s.run.roleReads.key == key
	s.run.mu.Unlock()
	if in {
		return
	}
	_ = s.fl.do(ctx, "role-reads", func(ctx context.Context) error {
		r := readRoleAndPolicy(ctx, c, p)
		r.key = key
		if errors.Is(r.roleErr, context.Canceled) || errors.Is(r.polErr, context.Canceled) ||
			errors.Is(r.roleErr, context.DeadlineExceeded) || errors.Is(r.polErr, context.DeadlineExceeded) {
			return nil // nothing worth keeping
		}
		s.run.mu.Lock()
		s.run.roleReads = &r
		s.run.mu.Unlock()
		return nil
	})
}

// takeRoleReads returns, once, step 6's reads made ahead for this plan,
// waiting for them when they are in flight; nil when there are none.
func (s *Session) takeRoleReads(ctx context.Context, c AccountB, p Plan) *roleReads {
	s.fl.wait(ctx, "role-reads")
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	r := s.run.roleReads
	s.run.roleReads = nil
	if r == nil || r.key != roleReadsKey(c, p) {
		return nil
	}
	return r
}

// readRoleAndPolicy reads the role and the policy at once.
func readRoleAndPolicy(ctx context.Context, c AccountB, p Plan) roleReads {
	var r roleReads
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.role, r.roleErr = c.GetRole(ctx, p.RoleName)
	}()
	r.policy, r.polErr = c.GetPolicy(ctx, p.PolicyName, p.PolicyPath)
	wg.Wait()
	return r
}

// prefetchCreate reads what step 13 previews from: the location list and,
// when the journal names a location bslwiz made, that location.
func (s *Session) prefetchCreate(ctx context.Context) {
	c, err := s.PaletteClient()
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	if j := s.journal(); j != nil {
		if uid := j.Snapshot().Created.LocationUID; uid != "" {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = s.fl.do(ctx, "s3location/"+uid, func(ctx context.Context) error {
					l, err := c.GetS3Location(ctx, uid)
					if err == nil {
						s.run.mu.Lock()
						if s.run.s3Locations == nil {
							s.run.s3Locations = map[string]*palette.S3Location{}
						}
						s.run.s3Locations[uid] = l
						s.run.mu.Unlock()
					}
					return err
				})
			}()
		}
	}
	if a := s.connectedAWS(); a != nil {
		// The trust policy as it is after every write of the run, for the
		// final checks (one request: the attachments are not its business).
		wg.Add(1)
		go func() {
			defer wg.Done()
			name, at := s.Plan().RoleName, s.lastIAMChange()
			if doc, err := a.GetTrustPolicy(ctx, name); err == nil {
				s.run.mu.Lock()
				s.run.trust = &trustRead{role: name, doc: doc, lastIAM: at}
				s.run.mu.Unlock()
			}
		}()
	}
	s.readLocationsFor(ctx, StepCreate, c)
	wg.Wait()
}

// takeS3Location returns, once, location uid read ahead, or reads it.
func (s *Session) takeS3Location(ctx context.Context, c PaletteAPI, uid string) (*palette.S3Location, error) {
	s.fl.wait(ctx, "s3location/"+uid)
	s.run.mu.Lock()
	l, ok := s.run.s3Locations[uid]
	delete(s.run.s3Locations, uid)
	s.run.mu.Unlock()
	if ok {
		return l, nil
	}
	return c.GetS3Location(ctx, uid)
}

// Prefetch starts, in the background, the reads the step after the current
// one previews from, so that they are in when the operator gets there: a
// face calls it when it shows the current step's preview (the Runner does
// too). The reads never depend on the current step's change, and a read
// that fails is left for its step to redo and report. The channel closes
// when the reads are over.
func (e *Engine) Prefetch(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	next, ok := e.next()
	if !ok || next.prefetch == nil {
		close(done)
		return done
	}
	ctx, cancel := background(ctx)
	go func() {
		defer close(done)
		defer cancel()
		next.prefetch(ctx, e.s)
	}()
	return done
}

// next is the step after the current one.
func (e *Engine) next() (Step, bool) {
	e.mu.Lock()
	cur := e.cur
	e.mu.Unlock()
	list := Steps(e.s.RawPlan())
	for i, st := range list {
		if st.ID == cur && i+1 < len(list) {
			return list[i+1], true
		}
	}
	return Step{}, false
}
