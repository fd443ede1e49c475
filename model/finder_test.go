package model

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
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

// TestContainsAsLowered: a message is searched as strings.Contains over
// its strings.ToLower, whatever its bytes (capitals, other scripts, bytes
// that are not UTF-8), without lowering a copy.
func TestContainsAsLowered(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	alpha := []string{"a", "A", "k", "K", "\u212a", "é", "É", "İ", "ß", "\xff", "\xc3", " ", "x", "Σ", "σ", "ς", "\ufffd"}
	gen := func(n int) string {
		var b strings.Builder
		for range r.IntN(n) {
			b.WriteString(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	var buf []byte
	for range 100_000 {
		s, w := gen(40), strings.ToLower(gen(4))
		var m msgMemo
		if err := m.sync(context.Background(), []string{s}); err != nil {
			t.Fatal(err)
		}
		if got, want := m.contains(0, w, &buf), strings.Contains(strings.ToLower(s), w); got != want {
			t.Fatalf("contains(%q, %q) = %v, strings.Contains of the lowered message %v", s, w, got, want)
		}
	}
}

// TestDecideAllocatesNothing: deciding a message for words, -words and a
// fuzzy word allocates nothing, whatever the message.
func TestDecideAllocatesNothing(t *testing.T) {
	msgs := []string{"distinct message 4242 x", "Validation error: undefined attribute 'loyaltyTier'",
		strings.Repeat("Café au lait, très bien ", 5), "bad \xff byte", "a\x00b"}
	var m msgMemo
	if err := m.sync(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
	q := &msgQuery{lw: []string{"a", "undefloy"}, contain: []bool{true, false}, not: []string{"zz"}}
	q.fw = []fuzzyWord{newFuzzyWord("a"), newFuzzyWord("undefloy")}
	q.prepare()
	var buf []byte
	m.decide(q, 2, &buf) // the buffer grows once
	for i := range msgs {
		if n := testing.AllocsPerRun(50, func() { m.decide(q, i, &buf) }); n != 0 {
			t.Errorf("deciding %q: %v allocations", msgs[i], n)
		}
	}
}
