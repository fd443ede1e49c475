package model

import (
	"hash/maphash"
	"math/bits"
	"strings"
)

// msgTable interns messages, the one table that grows with the log: a log
// whose every message carries an id has as many messages as records. It is
// made for that case:
//   - the text lives in blocks of msgBlock bytes, written once and never
//     moved, so a message is no allocation of its own and the collector has
//     a few large pointer-free objects to skip instead of a million strings;
//   - the index is an open-addressing table of uint64 slots (a 32-bit hash
//     and the id), so a lookup is one probe sequence, a miss compares no
//     text, and growing hashes nothing again.
//
// vals is shared with Snapshots: ids never change and what a block holds is
// never written again.
type msgTable struct {
	vals  []string
	slots []uint64 // 0: empty; else hash32<<32 | id+1
	shift uint     // 64 - log2(len(slots))
	block strings.Builder
	seed  maphash.Seed
}

// msgBlock is the size of a block of message text; a message longer than a
// quarter of it is kept on its own.
const msgBlock = 1 << 20

func (t *msgTable) len() int { return len(t.vals) }

// find is b's id, if b is interned.
func (t *msgTable) find(b []byte) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	id, _, ok := t.probe(b, t.hash32(b))
	return id, ok
}

// bytes is b's id, interning b when it is new.
func (t *msgTable) bytes(b []byte) uint32 {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
		t.resize(64)
	}
	h := t.hash32(b)
	id, at, ok := t.probe(b, h)
	if ok {
		return id
	}
	id = uint32(len(t.vals))
	if len(t.vals) == cap(t.vals) {
		// Doubling, not append's quarter past a few hundred: every copy
		// is fresh memory to fault in, and a million messages would copy
		// the slice five times over.
		t.vals = append(make([]string, 0, max(64, 2*cap(t.vals))), t.vals...)
	}
	t.vals = append(t.vals, t.keep(b))
	t.slots[at] = uint64(h)<<32 | uint64(id+1)
	if 4*len(t.vals) > 3*len(t.slots) {
		t.resize(2 * len(t.slots))
	}
	return id
}

func (t *msgTable) hash32(b []byte) uint32 { return uint32(maphash.Bytes(t.seed, b) >> 32) }

// home is where a hash's probe sequence starts: its top bits, spread by a
// Fibonacci multiply so that hashes that differ only low still part.
func (t *msgTable) home(h uint32) uint64 {
	return (uint64(h) * 0x9E3779B97F4A7C15) >> t.shift
}

// probe finds b, or the empty slot where it would go.
func (t *msgTable) probe(b []byte, h uint32) (id uint32, at uint64, ok bool) {
	mask := uint64(len(t.slots) - 1)
	for i := t.home(h); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, i, false
		}
		if uint32(s>>32) == h && t.vals[uint32(s)-1] == string(b) {
			return uint32(s) - 1, i, true
		}
	}
}

func (t *msgTable) resize(n int) {
	old := t.slots
	t.slots = make([]uint64, n)
	t.shift = uint(64 - bits.TrailingZeros(uint(n)))
	mask := uint64(n - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := t.home(uint32(s >> 32))
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// keep copies b into the current block, or a new one when it does not fit.
// A Builder's String shares its buffer, and a full block is left as it
// is, so the strings handed out never change.
func (t *msgTable) keep(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > msgBlock/4 {
		return string(b)
	}
	if t.block.Cap()-t.block.Len() < len(b) {
		// Blocks double from 4 KiB to msgBlock: a log of a few messages
		// does not take a MiB.
		size := min(max(2*t.block.Cap(), 4<<10), msgBlock)
		t.block = strings.Builder{}
		t.block.Grow(size)
	}
	start := t.block.Len()
	t.block.Write(b)
	return t.block.String()[start:]
}
