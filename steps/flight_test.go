package steps

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// waitForWaiters yields until n callers wait for the flight of key.
func waitForWaiters(f *flights, key string, n int) {
	for {
		f.mu.Lock()
		fl := f.m[key]
		got := fl != nil && fl.waiters >= n
		f.mu.Unlock()
		if got {
			return
		}
		runtime.Gosched()
	}
}

func TestFlightsShareAReadInFlightAndRedoAFailedOne(t *testing.T) {
	ctx := context.Background()
	t.Run("a waiter shares the owner's read", func(t *testing.T) {
		var f flights
		var calls atomic.Int32
		started, release := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = f.do(ctx, "k", func(context.Context) error {
				calls.Add(1)
				close(started)
				<-release
				return nil
			})
		}()
		<-started
		done := make(chan error)
		go func() { done <- f.do(ctx, "k", func(context.Context) error { calls.Add(1); return nil }) }()
		waitForWaiters(&f, "k", 1)
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if n := calls.Load(); n != 1 {
			t.Fatalf("%d calls, want the waiter to share the owner's one", n)
		}
	})
	t.Run("a failed read is redone by its waiter", func(t *testing.T) {
		var f flights
		started, release := make(chan struct{}), make(chan struct{})
		boom := errors.New("boom")
		go func() {
			_ = f.do(ctx, "k", func(context.Context) error { close(started); <-release; return boom })
		}()
		<-started
		done := make(chan error)
		mine := errors.New("the waiter's own answer")
		go func() { done <- f.do(ctx, "k", func(context.Context) error { return mine }) }()
		waitForWaiters(&f, "k", 1)
		close(release)
		if err := <-done; !errors.Is(err, mine) {
			t.Fatalf("err = %v, want the waiter's own call's", err)
		}
	})
	t.Run("wait returns at once with nothing in flight", func(t *testing.T) {
		var f flights
		f.wait(ctx, "nothing")
	})
}
