package source

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/errscope/errscope/model"
)

// publishEvery is how often, at most, the stream publishes while reading:
// often enough to look live, rarely enough to cost nothing.
const publishEvery = 50 * time.Millisecond

// StreamOptions configure a Stream.
type StreamOptions struct {
	Catalog *model.Catalog
	Logs    []string // paths, "-" for standard input
	Mapping Mapping  // user-named fields of JSON-lines logs
	MaxLine int      // the longest line or item read whole (--max-line); 0: DefaultMaxLine
	// Count keeps counts only, not the records (summary): the snapshot has
	// groups and totals but no rows.
	Count bool
	// Budget, when set, is the memory the process may use (the TUI's
	// --memory): once the live heap reaches half of it (OverBudget), the
	// store keeps no more rows and counts the rest, and the snapshots say
	// so (Snapshot.Partial).
	Budget int64
	// Fetch says how logs at URLs are fetched (timeouts).
	Fetch FetchOptions
	// Tee, when set, is handed every record too, on the reading goroutine,
	// before the store takes it: export's selecting sink.
	Tee model.Sink
	// Tap, when set, is handed every record after the store has taken it,
	// with its error type (an index in the snapshot's Kinds), on the
	// reading goroutine: the diff keeps each record's ref and type so.
	Tap func(r *model.Rec, kind int)
	// Baseline, when set, is called once the logs are read, before the
	// last progress is published, with what was read: it gives the diff
	// against a baseline log and each record's class, which the last
	// progress carries.
	Baseline func(snap *model.Snapshot) (*model.Baseline, []model.Class)
}

// Stream is the one loading stage: it opens and reads the logs on the
// caller's goroutine into a store that only it writes, and publishes
// model.Progress values (snapshots, per-log states) through a one-slot
// mailbox in which a newer value replaces one not yet taken. Every end (the
// TUI, summary, export, diff) reads logs through it.
type Stream struct {
	opt     StreamOptions
	store   *model.Store
	mailbox chan model.Progress

	mu      sync.Mutex // guards sources and inputs, read on publish
	sources []model.SourceState
	inputs  []*Input

	// storeMu guards the store and the counts below: the reading goroutine
	// adds, and a ticker publishes records that trickle in (a slow pipe)
	// between the reader's own publishes. Uncontended, it costs ~15 ns.
	storeMu   sync.Mutex
	baseline  *model.Baseline
	n         int
	published int
	last      time.Time
}

// NewStream makes the stage for the logs; Run reads them.
func NewStream(opt StreamOptions) *Stream {
	st := model.NewStore(opt.Catalog)
	if opt.Count {
		st = model.NewCounter(opt.Catalog)
	}
	s := &Stream{opt: opt, store: st, mailbox: make(chan model.Progress, 1)}
	s.sources = make([]model.SourceState, len(opt.Logs))
	s.inputs = make([]*Input, len(opt.Logs))
	for i, n := range opt.Logs {
		s.sources[i].Name = displayName(n)
	}
	return s
}

// Sources is each log's state as it stands now.
func (s *Stream) Sources() []model.SourceState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]model.SourceState(nil), s.sources...)
}

// Updates is where the progress is published while Run reads; the last
// value (Done set) comes after every log is read.
func (s *Stream) Updates() <-chan model.Progress { return s.mailbox }

// Run reads every log, publishing as it goes, and returns the final
// progress. It returns when the logs are read or ctx is done (the logs not
// reached then say so).
func (s *Stream) Run(ctx context.Context) model.Progress {
	hooks := Hooks{
		Opened: func(src int, in *Input) {
			s.mu.Lock()
			s.inputs[src] = in
			s.sources[src].Name = in.Name
			s.sources[src].Compressed = in.Compressed
			s.sources[src].Size = in.Size
			s.mu.Unlock()
		},
		Detected: func(src int, r Result) {
			s.mu.Lock()
			s.setResult(src, r)
			s.mu.Unlock()
			s.publish(false)
		},
		Done: func(src int, r Result) {
			s.mu.Lock()
			s.setResult(src, r)
			s.sources[src].Done = true
			if in := s.inputs[src]; in != nil {
				s.sources[src].Read = in.BytesRead()
			}
			s.inputs[src] = nil
			s.mu.Unlock()
			s.publish(false)
		},
	}
	stop := make(chan struct{})
	go s.tick(stop)
	loadWith(ctx, s.opt.Logs, s.store, s, ReadOptions{Mapping: s.opt.Mapping, MaxLine: s.opt.MaxLine}, s.opt.Fetch, hooks)
	close(stop)
	if s.opt.Baseline != nil {
		s.storeMu.Lock()
		snap := s.store.Snapshot()
		s.storeMu.Unlock()
		b, marks := s.opt.Baseline(snap)
		s.storeMu.Lock()
		s.store.SetMarks(marks)
		s.baseline = b
		s.storeMu.Unlock()
	}
	return s.publish(true)
}

// setResult copies what reading a log came to into its state; mu is held.
func (s *Stream) setResult(src int, r Result) {
	st := &s.sources[src]
	st.Name = r.Name
	st.Format = r.Format
	st.Guessed = r.Guessed
	st.Mapping = ""
	if r.Guessed || r.Format == model.JSONLines.ID {
		st.Mapping = r.Mapping.String()
	}
	st.Compressed = r.Compressed || st.Compressed
	st.Truncated = r.Truncated
	st.Err = r.Err
	st.Warning = r.Warning
}

// tick publishes, now and then, records added since the last publish: the
// reader publishes every 256 records, which a slow input may take long to
// bring.
func (s *Stream) tick(stop <-chan struct{}) {
	t := time.NewTicker(2 * publishEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.storeMu.Lock()
			if s.n != s.published {
				s.publishLocked(false)
			}
			s.storeMu.Unlock()
		}
	}
}

// Add stores a record and now and then publishes a snapshot.
func (s *Stream) Add(r *model.Rec) {
	if s.opt.Tee != nil {
		s.opt.Tee.Add(r)
	}
	s.storeMu.Lock()
	defer s.storeMu.Unlock() // deferred: a panic (recovered by load) leaves it unlocked
	s.store.Add(r)
	if s.opt.Tap != nil {
		s.opt.Tap(r, s.store.LastKind())
	}
	s.n++
	if s.opt.Budget > 0 && s.n%budgetEvery == 0 && !s.store.Stopped() && OverBudget(s.opt.Budget) {
		s.store.StopKeeping()
	}
	if s.n&255 == 0 {
		if now := time.Now(); now.Sub(s.last) >= publishEvery || s.last.IsZero() {
			s.publishLocked(false)
		}
	}
}

func (s *Stream) publish(done bool) model.Progress {
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	return s.publishLocked(done)
}

// publishLocked sends a snapshot; storeMu is held.
func (s *Stream) publishLocked(done bool) model.Progress {
	s.last = time.Now()
	s.published = s.n
	s.mu.Lock()
	srcs := append([]model.SourceState(nil), s.sources...)
	for i, in := range s.inputs {
		if in != nil {
			srcs[i].Read = in.BytesRead()
		}
	}
	s.mu.Unlock()
	// While reading, the patterns are those mined so far: the miners work
	// beside the reader, and a publish does not wait for them.
	snap := s.store.LiveSnapshot()
	if done {
		snap = s.store.Snapshot()
	}
	p := model.Progress{Snap: snap, Sources: srcs, Done: done, Baseline: s.baseline}
	for {
		select {
		case s.mailbox <- p:
			return p
		default:
		}
		select {
		case <-s.mailbox: // drop the older one: this one has all it had
		default:
		}
	}
}

// Interrupted is the progress as it stands when an interrupt cannot wait
// for Run to return (a read blocked on a FIFO with no writer or on a slow
// pipe cannot see its context): each log not read to its end says how far
// it got. Run may go on in the background; the caller is about to exit.
func (s *Stream) Interrupted() model.Progress {
	s.storeMu.Lock()
	snap := s.store.Snapshot()
	s.storeMu.Unlock()
	return model.Progress{Snap: snap, Sources: s.InterruptedSources(), Done: true}
}

// InterruptedSources is Interrupted without the snapshot: it never waits
// for the reader (whose sink may be blocked writing).
func (s *Stream) InterruptedSources() []model.SourceState {
	s.mu.Lock()
	defer s.mu.Unlock()
	srcs := append([]model.SourceState(nil), s.sources...)
	current := true // the first log not done is the one being read
	for i := range srcs {
		st := &srcs[i]
		if st.Done {
			continue
		}
		if in := s.inputs[i]; in != nil {
			st.Read = in.BytesRead()
		}
		switch {
		case !current:
			st.Err = fmt.Errorf("%s: not read: interrupted", st.Name)
		case s.inputs[i] == nil:
			st.Err = fmt.Errorf("%s: interrupted before its first record, while opening it (a FIFO waits for a writer; a pipe or a URL for its first bytes)", st.Name)
		default:
			st.Err = fmt.Errorf("%s: interrupted after %s bytes of the file, waiting for more: the records before are kept", st.Name, model.Thousands(st.Read))
		}
		st.Done = true
		current = false
	}
	return srcs
}
