package steps

import (
	"context"
	"sync"
)

// flights dedupes reads in flight: a step that needs what a prefetch is
// already reading waits for that request instead of sending its own, so
// each fact costs one request and the wait is the rest of its round trip.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

type flight struct {
	done chan struct{}
	err  error
	// waiters is how many callers wait for it (tests read it).
	waiters int
}

// do runs fn under key unless a call of that key is in flight, in which case
// it waits for that one. A read that failed in the background is done again
// by its waiter, so the error a step reports is its own call's.
func (f *flights) do(ctx context.Context, key string, fn func(context.Context) error) error {
	f.mu.Lock()
	if f.m == nil {
		f.m = map[string]*flight{}
	}
	if fl, ok := f.m[key]; ok {
		fl.waiters++
		f.mu.Unlock()
		select {
		case <-fl.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if fl.err == nil {
			return nil
		}
		return f.do(ctx, key, fn)
	}
	fl := &flight{done: make(chan struct{})}
	f.m[key] = fl
	f.mu.Unlock()
	fl.err = fn(ctx)
	f.mu.Lock()
	delete(f.m, key)
	f.mu.Unlock()
	close(fl.done)
	return fl.err
}

// wait waits for a call of key in flight, if any, without making one.
func (f *flights) wait(ctx context.Context, key string) {
	f.mu.Lock()
	fl, ok := f.m[key]
	f.mu.Unlock()
	if !ok {
		return
	}
	select {
	case <-fl.done:
	case <-ctx.Done():
	}
}
