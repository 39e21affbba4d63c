package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bslwiz/bslwiz/palette"
	"github.com/bslwiz/bslwiz/steps"
)

// TestJournalOpensWhileChecksRead: step 3 opens the journal while the live
// name check may be reading it (a location of that name exists, so the check
// asks the journal whether this run made it). The journal goes in through
// the session's locked setter, so the checks need not be stopped and
// drained first; run with -race.
func TestJournalOpensWhileChecksRead(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.walk(1)
	w.walk(2)
	w.atStep(3)
	ctx := context.Background()
	c, err := w.s.PaletteClient()
	if err != nil {
		t.Fatal(err)
	}
	name := w.s.Plan().LocationName
	if _, err := c.CreateS3Location(ctx, palette.S3Location{Name: name, Bucket: "someone-elses", Region: "us-east-1",
		RoleARN: "arn:aws:iam::111122223333:role/other", ExternalID: "x"}); err != nil {
		t.Fatal(err)
	}
	// The check runs over and over, in a few goroutines, before, while and
	// after the journal opens (again and again: each opening sets it anew).
	results := make(chan []steps.CheckResult)
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				case results <- w.s.RunChecks(ctx, []steps.CheckID{steps.CheckName}, nil):
				}
			}
		})
	}
	<-results
	for range 10 {
		// Another location's journal: the engine opens this one again before
		// the step's preview (never nil meanwhile: the checks may read it).
		w.s.SetJournal(steps.NewJournal(steps.JournalPath(w.dir, "other", true), "other", true, time.Now()))
		_, _ = w.m.eng.Preview(ctx) // refused: the name is taken; the journal is open all the same
		<-results
	}
	rs := <-results
	close(stop)
	go func() { readers.Wait(); close(results) }()
	for range results {
	}
	if j := w.s.Journal; j == nil || j.Snapshot().Location != name {
		t.Fatalf("the journal of %q is not open", name)
	}
	if len(rs) != 1 || rs[0].Status != steps.StatusFail {
		t.Errorf("the name check should refuse a location this run did not make: %+v", rs)
	}
}
