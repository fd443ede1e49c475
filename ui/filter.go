package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
)

// filterState is the query in force and the run that computes its matches.
// Runs happen off the update loop on a snapshot; each carries a generation,
// a newer query cancels the older run, and a stale result is dropped.
type filterState struct {
	text    string       // the query as typed
	query   *model.Query // the last query that parsed
	err     string       // why text does not parse, if it does not
	gen     int
	cancel  context.CancelFunc
	running bool
	covered int  // records filtered so far, for the current gen
	ordered bool // best message first: new records mean a full run
	fresh   bool // the run under way is for a new query, not more records
}

// set parses text; when it parses, it starts a new run over the whole snapshot.
func (f *filterState) set(text string, snap *model.Snapshot) tea.Cmd {
	f.text = text
	q, err := model.ParseQuery(text)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	f.err = ""
	f.query = q
	f.covered, f.fresh = 0, true
	return f.start(snap, 0, nil)
}

// start runs the current query over the records [from, snap.Len()), adding
// its matches to prev.
func (f *filterState) start(snap *model.Snapshot, from int, prev []int32) tea.Cmd {
	if f.cancel != nil {
		f.cancel()
	}
	if snap == nil {
		return nil
	}
	f.gen++
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	f.running = true
	gen, q := f.gen, f.query
	if q == nil {
		q = &model.Query{}
	}
	return func() tea.Msg {
		defer cancel()
		flt := snap.Compile(q)
		if flt.Ordered() {
			from, prev = 0, nil
		}
		idx, err := flt.Scan(ctx, snap, from, snap.Len(), prev)
		if err != nil {
			return filterMsg{gen: gen, err: err}
		}
		return filterMsg{gen: gen, idx: flt.Order(snap, idx), covered: snap.Len(), ordered: flt.Ordered()}
	}
}

// more filters the records that arrived since the last run, unless a run is
// under way (its result will ask again).
func (f *filterState) more(snap *model.Snapshot, idx []int32) tea.Cmd {
	if f.running || snap == nil || f.covered >= snap.Len() {
		return nil
	}
	if f.ordered {
		return f.start(snap, 0, nil)
	}
	// The run appends to idx's array past its length while the table reads
	// idx[:len]: disjoint. Only one run at a time appends (more waits for
	// the last; a new query starts from nil), so none writes over another.
	return f.start(snap, f.covered, idx)
}
