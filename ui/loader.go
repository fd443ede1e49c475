package ui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/errscope/errscope/model"
	"github.com/errscope/errscope/source"
)

// publishEvery is how often, at most, the loader sends a snapshot while
// reading: often enough to look live, rarely enough to cost nothing.
const publishEvery = 50 * time.Millisecond

// loader reads the logs on its own goroutine into a store that only it
// writes, and hands snapshots to the UI through a one-slot mailbox in which
// a newer snapshot replaces one not yet taken.
type loader struct {
	store   *model.Store
	mailbox chan loadMsg

	mu      sync.Mutex // guards sources and inputs, read on publish
	sources []sourceState
	inputs  []*source.Input

	// storeMu guards the store and the counts below: the reading goroutine
	// adds, and a ticker publishes records that trickle in (a slow pipe)
	// between the reader's own publishes. Uncontended, it costs ~15 ns.
	storeMu   sync.Mutex
	n         int
	published int
	last      time.Time
}

func newLoader(cat *model.Catalog, names []string) *loader {
	l := &loader{store: model.NewStore(cat), mailbox: make(chan loadMsg, 1)}
	l.sources = make([]sourceState, len(names))
	l.inputs = make([]*source.Input, len(names))
	for i, n := range names {
		l.sources[i].Name = n
	}
	return l
}

// run loads every log, then publishes the final state. It returns when the
// logs are read or ctx is done.
func (l *loader) run(ctx context.Context, names []string, m source.Mapping) {
	hooks := source.Hooks{
		Opened: func(src int, in *source.Input) {
			l.mu.Lock()
			l.inputs[src] = in
			l.sources[src].Name = in.Name
			l.sources[src].Compressed = in.Compressed
			l.sources[src].size = in.Size
			l.mu.Unlock()
		},
		Detected: func(src int, r source.Result) {
			l.mu.Lock()
			l.sources[src].Result = r
			l.mu.Unlock()
			l.publish(false)
		},
		Done: func(src int, r source.Result) {
			l.mu.Lock()
			l.sources[src].Result = r
			l.sources[src].done = true
			if in := l.inputs[src]; in != nil {
				l.sources[src].read = in.BytesRead()
			}
			l.inputs[src] = nil
			l.mu.Unlock()
			l.publish(false)
		},
	}
	stop := make(chan struct{})
	go l.tick(stop)
	source.Load(ctx, names, l.store, l, m, hooks)
	close(stop)
	l.publish(true)
}

// tick publishes, now and then, records added since the last publish: the
// reader publishes every 256 records, which a slow input may take long to
// bring.
func (l *loader) tick(stop <-chan struct{}) {
	t := time.NewTicker(2 * publishEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			l.storeMu.Lock()
			if l.n != l.published {
				l.publishLocked(false)
			}
			l.storeMu.Unlock()
		}
	}
}

// Add stores a record and now and then publishes a snapshot.
func (l *loader) Add(r *model.Rec) {
	l.storeMu.Lock()
	l.store.Add(r)
	l.n++
	if l.n&255 == 0 {
		if now := time.Now(); now.Sub(l.last) >= publishEvery || l.last.IsZero() {
			l.publishLocked(false)
		}
	}
	l.storeMu.Unlock()
}

func (l *loader) publish(done bool) {
	l.storeMu.Lock()
	defer l.storeMu.Unlock()
	l.publishLocked(done)
}

// publishLocked sends a snapshot; storeMu is held.
func (l *loader) publishLocked(done bool) {
	l.last = time.Now()
	l.published = l.n
	l.mu.Lock()
	srcs := append([]sourceState(nil), l.sources...)
	for i, in := range l.inputs {
		if in != nil {
			srcs[i].read = in.BytesRead()
		}
	}
	l.mu.Unlock()
	msg := loadMsg{snap: l.store.Snapshot(), sources: srcs, done: done}
	for {
		select {
		case l.mailbox <- msg:
			return
		default:
		}
		select {
		case <-l.mailbox: // drop the older one: this one has all it had
		default:
		}
	}
}

// wait is the command that takes the next snapshot from the mailbox.
func (l *loader) wait() tea.Cmd {
	return func() tea.Msg { return <-l.mailbox }
}
