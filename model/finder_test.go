package model

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
)

// distinctStore is n records whose messages are all distinct.
func distinctStore(n int) *Snapshot {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("m.gz")
	for i := range n {
		addLine(s, src, i+1, fmt.Sprintf("r%d", i), "409", fmt.Sprintf("distinct message %d x", i))
	}
	return s.Snapshot()
}

// pausingCtx is a run's context that, the k-th time the run looks at it,
// says so on paused and waits on resume before answering: the test then
// knows the run is in the middle of its loops.
type pausingCtx struct {
	context.Context
	k              int64
	looks, late    atomic.Int64 // late: looks that found it cancelled
	paused, resume chan struct{}
}

func (c *pausingCtx) Err() error {
	if c.looks.Add(1) == c.k {
		close(c.paused)
		<-c.resume
	}
	err := c.Context.Err()
	if err != nil {
		c.late.Add(1)
	}
	return err
}

// TestFinderNewerCancelsOlder: a run is stopped in the middle of its
// message loop; a newer query cancels it and asks the same Finder. The
// older run returns the cancellation and no result, having looked at its
// context once more; the newer one, which waited for it, gives the whole
// result. No clock is read.
func TestFinderNewerCancelsOlder(t *testing.T) {
	snap := distinctStore(200_000)
	f := NewFinder()
	if _, _, err := f.Run(context.Background(), snap, &Query{Not: []string{"y"}}, 0, nil); err != nil {
		t.Fatal(err) // each message's flags are known: the next run goes to its words
	}
	base, cancelOld := context.WithCancel(context.Background())
	old := &pausingCtx{Context: base, k: 5, paused: make(chan struct{}), resume: make(chan struct{})}
	type result struct {
		idx []int32
		err error
	}
	oldDone := make(chan result)
	go func() {
		q, _ := ParseQuery("dist")
		idx, _, err := f.Run(old, snap, q, 0, nil)
		oldDone <- result{idx, err}
	}()
	<-old.paused // the old run is deciding messages

	cancelOld() // what typing the next key does
	newDone := make(chan result)
	qNew, _ := ParseQuery("dist 4242")
	go func() {
		idx, _, err := f.Run(context.Background(), snap, qNew, 0, nil)
		newDone <- result{idx, err}
	}()
	close(old.resume)
	o := <-oldDone
	if !errors.Is(o.err, context.Canceled) || o.idx != nil {
		t.Fatalf("the older run gave %d records and %v, want none and context.Canceled", len(o.idx), o.err)
	}
	// It stopped when it next looked: each worker once.
	if late := old.late.Load(); late > 8 {
		t.Errorf("the older run looked at its context %d times after it was cancelled", late)
	}
	n := <-newDone
	if n.err != nil {
		t.Fatal(n.err)
	}
	if want := oracleRun(snap, qNew); !slices.Equal(n.idx, want) {
		t.Fatalf("the newer run gave %d records, want %d", len(n.idx), len(want))
	}
}

// countingCtx counts how often a run looks at its context.
type countingCtx struct {
	context.Context
	looks atomic.Int64
}

func (c *countingCtx) Err() error { c.looks.Add(1); return c.Context.Err() }

// TestFinderLooksOften: a run looks at its context at least once every
// 4096 messages it decides, so a cancelled run stops within that many.
func TestFinderLooksOften(t *testing.T) {
	const n = 100_000
	snap := distinctStore(n)
	for _, text := range []string{"dist", "-dist", `pattern:"distinct message <*> x"`, "4242"} {
		ctx := &countingCtx{Context: context.Background()}
		q, _ := ParseQuery(text)
		if _, _, err := NewFinder().Run(ctx, snap, q, 0, nil); err != nil {
			t.Fatal(err)
		}
		if looks := ctx.looks.Load(); looks < n/4096 {
			t.Errorf("%s: the run looked at its context %d times over %d messages", text, looks, n)
		}
	}
}

// TestFinderCancelledBeforeItStarts: a run whose context is done when it
// gets its turn does nothing.
func TestFinderCancelledBeforeItStarts(t *testing.T) {
	snap := distinctStore(1000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, text := range []string{"", "code:409", "dist"} {
		q, _ := ParseQuery(text)
		if idx, _, err := NewFinder().Run(ctx, snap, q, 0, nil); !errors.Is(err, context.Canceled) || idx != nil {
			t.Errorf("%q: %d records, %v", text, len(idx), err)
		}
	}
}
