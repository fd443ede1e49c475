package model

import (
	"context"
)

// Finder runs the queries typed in a filter, one at a time, over the
// snapshots of one store. It keeps what a run learns for the next: each
// message's flags, which words some message contains, and the messages the
// last query passed, so that typing on (a query that only narrows the last
// one) looks at those messages only. Its working arrays are reused run
// after run, so typing makes little garbage, and a run holds one result:
// the index list it returns.
type Finder struct {
	sem    chan struct{} // held by the run under way
	memo   msgMemo
	rank   []int32
	starts []int32
}

// NewFinder makes a Finder.
func NewFinder() *Finder { return &Finder{sem: make(chan struct{}, 1)} }

// Run filters the records [from, s.Len()) with q and appends the matches to
// prev, in file order. A query with words (Ordered) is always run over
// every record, best message first, and ignores from and prev. Run waits
// for the run before it to end (cancel its context first: every loop of a
// run checks it every few thousand messages or records) and returns ctx's
// error when ctx is done before it finishes.
func (f *Finder) Run(ctx context.Context, s *Snapshot, q *Query, from int, prev []int32) (idx []int32, ordered bool, err error) {
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	defer func() { <-f.sem }()
	if err := ctx.Err(); err != nil {
		return nil, false, err // cancelled while the run before ended
	}
	flt, err := s.compile(ctx, q, &f.memo, &f.rank)
	if err != nil {
		return nil, false, err
	}
	if !flt.ordered {
		idx, err = flt.Scan(ctx, s, from, s.Len(), prev)
		if err != nil {
			return nil, false, err
		}
		return idx, false, nil
	}
	idx, f.starts, err = flt.scanOrdered(ctx, s, f.starts)
	if err != nil {
		return nil, true, err
	}
	return idx, true, nil
}

// Prepare learns what every query needs of s's messages (each one's flags)
// before the first is typed, unless ctx is done first (a query typed
// cancels it, as it cancels a run).
func (f *Finder) Prepare(ctx context.Context, s *Snapshot) error {
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-f.sem }()
	return f.memo.sync(ctx, s.msgs)
}
