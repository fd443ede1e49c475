package model

import "hash/maphash"

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

// patternState mines the messages of each error type into patterns. Records
// are counted per message and error type as they come (one increment), and
// the miners get each message with its count when a snapshot is taken, so
// the cost grows with the distinct messages, not with the records. A
// message is first seen in the order of the log, so the patterns do not
// depend on when snapshots are taken.
type patternState struct {
	miners  []*Miner // by kind
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
	views     [][]Pattern // by kind, as of the last flush
	dirty     []bool      // by kind: counted since views were made
}

type pendKey struct {
	kind uint32
	msg  uint64 // the message id, or the message's hash with the top bit set
}

type pendEntry struct {
	kind uint32
	msg  string
	n    int64
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
		ps.pend = append(ps.pend, pendEntry{kind: kind, msg: text})
		if fresh {
			ps.freshPend[msgID-ps.freshFrom] = i
		} else {
			ps.pendIdx[key] = i
		}
	}
	ps.pend[i].n++
	ps.last, ps.lastIdx = key, i
	if len(ps.pend) >= maxPending {
		s.flushPatterns()
	}
}

// flushPatterns hands the counted messages to their miners.
func (s *Store) flushPatterns() {
	ps := &s.pat
	for _, e := range ps.pend {
		for int(e.kind) >= len(ps.miners) {
			ps.miners = append(ps.miners, nil)
			ps.views = append(ps.views, nil)
			ps.dirty = append(ps.dirty, false)
		}
		m := ps.miners[e.kind]
		if m == nil {
			m = NewMiner()
			ps.miners[e.kind] = m
		}
		m.Add(e.msg, e.n)
		ps.dirty[e.kind] = true
	}
	clear(ps.pendIdx)
	ps.pend = ps.pend[:0]
	ps.lastIdx = -1
	ps.freshFrom = uint32(s.msgs.len())
	ps.freshPend = ps.freshPend[:0]
}

// patternViews flushes and gives the patterns of every kind, largest first.
// The slices it returns are never written again.
func (s *Store) patternViews() [][]Pattern {
	s.flushPatterns()
	ps := &s.pat
	for k, d := range ps.dirty {
		if d {
			ps.views[k] = ps.miners[k].Patterns(TopValues)
			ps.dirty[k] = false
		}
	}
	return append([][]Pattern(nil), ps.views...)
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
