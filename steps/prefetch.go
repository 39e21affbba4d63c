package steps

import (
	"context"
	"sync"

	"github.com/bslwiz/bslwiz/palette"
)

// warmAWS signs in to Account B in the background (GetCallerIdentity). A
// failure is not reported here: step 5 reconnects and reports it. The
// returned channel closes when the attempt is over. A profile that needs
// an MFA code is not warmed: the code is asked by the step that signs in,
// not from the background before the user got there.
func (s *Session) warmAWS(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if !s.waitingForMFA(ctx) {
			_, _ = s.AWSClient(ctx)
		}
	}()
	return done
}

// prefetch reads, concurrently, what steps 2 and 5 show: the project's
// locations, and Palette's STS account for Account B's partition. A read
// that fails is left for its step to redo and report.
func (s *Session) prefetch(ctx context.Context, c PaletteAPI) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if locs, err := c.ListLocations(ctx); err == nil {
			s.mu.Lock()
			s.locations, s.locationsFetched = locs, true
			s.mu.Unlock()
		}
	}()
	if _, ok := s.Identity(); ok {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Through the same guard as step 5: an answer that differs from
			// a given --external-id is not kept, and step 5 reports it.
			_, _ = s.paletteAccount(ctx)
		}()
	}
	wg.Wait()
}

// cachedLocations returns the locations prefetched in this session.
func (s *Session) cachedLocations() ([]palette.Location, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.locationsFetched {
		return nil, false
	}
	s.locationsFetched = false // a later list (step 13) reads afresh
	return append([]palette.Location(nil), s.locations...), true
}
