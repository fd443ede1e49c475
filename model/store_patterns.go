package model

import (
	"fmt"
	"hash/maphash"
	"runtime/debug"
	"sync"
)

// TopValues is how many values of each variable part a snapshot lists.
const TopValues = 10

// maxCountMsgs bounds the messages a counting store keeps to find their
// error type quickly; past it, a new message is looked up in the catalog
// each time, and nothing of it is kept.
const maxCountMsgs = 4096

// noMsg is the message id of a message a counting store did not keep.
const noMsg = ^uint32(0) - 1

// maxPending bounds the distinct messages counted before the miners get
// them.
const maxPending = 1 << 14

// maxBatches bounds the batches of counted messages waiting for the miners:
// a writer that gets further ahead waits.
const maxBatches = 2

// patternState mines the messages of each error type into patterns. Records
// are counted per message and error type as they come (one increment), and
// the miners get each message with its count in batches, when a snapshot is
// taken or maxPending messages are counted, so the cost grows with the
// distinct messages, not with the records. The miners work on a goroutine
// of their own, beside the one reading the log. A message is first seen in
// the order of the log, and batches are mined in order, so the patterns do
// not depend on when snapshots are taken. A sketch's counts (a part past
// MaxExactValues values) depend on the batches: a counter's are set by the
// input alone, the TUI's store's by its snapshots too (see patternViews).
type patternState struct {
	mine    *mining
	pendIdx map[pendKey]int32
	pend    []pendEntry
	// Messages interned since the last flush (ids from freshFrom on) are
	// looked up by id, not in pendIdx: with a million distinct messages
	// nearly every record brings one.
	freshFrom uint32
	freshPend []int32 // by id - freshFrom: the message's entry in pend, or -1
	last      pendKey
	lastIdx   int32
	seed      maphash.Seed
}

// mining is the miners' side: a queue of batches, and a goroutine that
// mines them while there are any (it ends when the queue is empty, so a
// store left alone holds none).
type mining struct {
	mu      sync.Mutex
	changed sync.Cond // the queue or running changed
	queue   [][]pendEntry
	free    [][]pendEntry // mined batches, to fill again
	running bool
	failed  error       // what the miners panicked with; they mine no more
	views   [][]Pattern // by kind, as of the last batch mined; never written again

	// The goroutine's own.
	miners []*Miner // by kind
	// placed is, by message id, the kind and pattern (+1) a message was
	// first mined into: its later records go straight to the pattern, and
	// the miner keeps no table of the messages for it.
	placed []placed
	dirty  []bool // by kind: counted since views were made
	made   [][]Pattern
}

type pendKey struct {
	kind uint32
	msg  uint64 // the message id, or the message's hash with the top bit set
}

type pendEntry struct {
	kind uint32
	id   uint32 // the message's id, or noMsg
	msg  string
	n    int64
	new  bool // the message was interned since the last flush: no miner has it
}

// countPattern counts a record of kind with message msg (msgID, or noMsg
// when the store does not keep it).
func (s *Store) countPattern(kind, msgID uint32, msg []byte) {
	ps := &s.pat
	if ps.pendIdx == nil {
		ps.pendIdx = map[pendKey]int32{}
		ps.seed = maphash.MakeSeed()
		ps.lastIdx = -1
	}
	key := pendKey{kind, uint64(msgID)}
	if msgID == noMsg {
		key.msg = maphash.Bytes(ps.seed, msg) | 1<<63
	}
	if ps.lastIdx >= 0 && key == ps.last {
		ps.pend[ps.lastIdx].n++
		return
	}
	var i int32
	ok := false
	fresh := msgID != noMsg && msgID >= ps.freshFrom
	if fresh {
		f := int(msgID - ps.freshFrom)
		for len(ps.freshPend) <= f {
			ps.freshPend = append(ps.freshPend, -1)
		}
		switch j := ps.freshPend[f]; {
		case j < 0:
		case ps.pend[j].kind == kind:
			i, ok = j, true
		default: // a second error type for the message: the map keeps it
			fresh = false
		}
	}
	if !ok && !fresh {
		i, ok = ps.pendIdx[key]
	}
	if !ok {
		text := ""
		if msgID == noMsg {
			text = string(msg)
		} else {
			text = s.msgs.vals[msgID]
		}
		i = int32(len(ps.pend))
		ps.pend = append(ps.pend, pendEntry{kind: kind, id: msgID, msg: text, new: fresh})
		if fresh {
			ps.freshPend[msgID-ps.freshFrom] = i
		} else {
			ps.pendIdx[key] = i
		}
	}
	ps.pend[i].n++
	ps.last, ps.lastIdx = key, i
	if len(ps.pend) >= maxPending {
		s.flushPatterns(true)
	}
}

// flushPatterns hands the counted messages to the miners, waiting while
// maxBatches are still to be mined.
// On the writer (onWriter), a panic of the miners' is raised again; a
// snapshot, which may be taken on another goroutine, goes on without them.
func (s *Store) flushPatterns(onWriter bool) {
	ps := &s.pat
	if len(ps.pend) == 0 {
		return
	}
	if ps.mine == nil {
		ps.mine = &mining{}
		ps.mine.changed.L = &ps.mine.mu
	}
	m := ps.mine
	m.mu.Lock()
	for len(m.queue) >= maxBatches && m.failed == nil {
		m.changed.Wait()
	}
	if m.failed != nil && !onWriter {
		m.mu.Unlock()
		return
	}
	if m.failed != nil {
		// The miners panicked: say so on the writer, whose reader turns a
		// panic into a read error naming its input, not on a goroutine of
		// the miners' own, which would end the process with the terminal
		// still raw.
		err := m.failed
		m.mu.Unlock()
		panic(err)
	}
	m.queue = append(m.queue, ps.pend)
	ps.pend = nil
	if n := len(m.free); n > 0 {
		ps.pend, m.free = m.free[n-1][:0], m.free[:n-1]
	}
	if !m.running {
		m.running = true
		go m.run()
	}
	m.mu.Unlock()
	clear(ps.pendIdx)
	ps.lastIdx = -1
	ps.freshFrom = uint32(s.msgs.len())
	ps.freshPend = ps.freshPend[:0]
}

// run mines the queued batches in order, then publishes the views of the
// kinds that changed, and ends when the queue is empty.
func (m *mining) run() {
	defer func() {
		if r := recover(); r != nil {
			m.mu.Lock()
			m.failed = fmt.Errorf("mining patterns: %v\n%s", r, debug.Stack())
			m.queue, m.running = nil, false
			m.changed.Broadcast()
			m.mu.Unlock()
		}
	}()
	m.mu.Lock()
	for len(m.queue) > 0 {
		batch := m.queue[0]
		m.queue = m.queue[1:]
		m.changed.Broadcast()
		m.mu.Unlock()
		m.add(batch)
		m.mu.Lock()
		m.free = append(m.free, batch)
		if len(m.queue) == 0 {
			// Caught up: make the views while the writer goes on.
			m.mu.Unlock()
			views := m.makeViews()
			m.mu.Lock()
			m.views = views
		}
	}
	m.running = false
	m.changed.Broadcast()
	m.mu.Unlock()
}

// beforeMine, when a test sets it, sees each batch before it is mined.
var beforeMine func([]pendEntry)

func (m *mining) add(batch []pendEntry) {
	if beforeMine != nil {
		beforeMine(batch)
	}
	for _, e := range batch {
		for int(e.kind) >= len(m.miners) {
			m.miners = append(m.miners, nil)
			m.made = append(m.made, nil)
			m.dirty = append(m.dirty, false)
		}
		mi := m.miners[e.kind]
		if mi == nil {
			mi = NewMiner()
			m.miners[e.kind] = mi
		}
		switch {
		case e.id == noMsg:
			mi.Add(e.msg, e.n)
		case int(e.id) < len(m.placed) && m.placed[e.id].pat > 0 && m.placed[e.id].kind == e.kind:
			mi.AddAgain(int(m.placed[e.id].pat-1), e.msg, e.n)
		case e.new:
			m.placed = byID(m.placed, e.id)
			m.placed[e.id] = placed{kind: e.kind, pat: int32(mi.Place(e.msg, e.n)) + 1}
		default: // mined before under another error type
			mi.Add(e.msg, e.n)
		}
		m.dirty[e.kind] = true
	}
}

func (m *mining) makeViews() [][]Pattern {
	for k, d := range m.dirty {
		if d {
			m.made[k] = m.miners[k].Patterns(TopValues)
			m.dirty[k] = false
		}
	}
	return append([][]Pattern(nil), m.made...)
}

type placed struct {
	kind uint32
	pat  int32 // the pattern's id + 1; 0: none
}

// patternViews gives the patterns of every kind, largest first, of every
// record counted (exact) or of those the miners have got to (not exact,
// for a view while reading, which must not wait). The slices it returns
// are never written again.
func (s *Store) patternViews(exact bool) [][]Pattern {
	// A counter (summary, export, diff) shows nothing while reading: it
	// hands its messages over only when its batch is full and at the end,
	// so that the batches, and with them the sketches' counts of parts past
	// MaxExactValues values, are the same whenever snapshots are taken.
	// The TUI's store hands them over at each snapshot, for patterns that
	// grow live; its sketched counts may differ by run within their bound.
	if exact || !s.countOnly || s.stopped {
		s.flushPatterns(false)
	}
	m := s.pat.mine
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for exact && (m.running || len(m.queue) > 0) && m.failed == nil {
		m.changed.Wait()
	}
	return m.views
}

// Patterns lists the patterns of the messages of kind k, largest first,
// each variable part with its TopValues largest values.
func (s *Snapshot) Patterns(k int) []Pattern {
	if k < len(s.patterns) {
		return s.patterns[k]
	}
	return nil
}

// PatternOf finds the pattern of kind k that msg fits. Patterns may overlap
// (a message placed in a narrower pattern first fits a wider one's text
// too): of those it fits, the one with the fewest variable parts, then the
// largest.
func (s *Snapshot) PatternOf(k int, msg string) (Pattern, bool) {
	best := -1
	pats := s.Patterns(k)
	for i, p := range pats {
		if (best < 0 || len(p.Params) < len(pats[best].Params)) && CompilePattern(p.Text).Match(msg) {
			best = i
		}
	}
	if best < 0 {
		return Pattern{}, false
	}
	return pats[best], true
}
