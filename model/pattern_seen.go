package model

// seenTable remembers which pattern each message was placed in, by a hash
// of the message: one uint64 a message (52 bits of hash, 12 of pattern id)
// in an open-addressing table, a third of what a Go map takes, so that a
// million distinct messages cost about 11 MB. Two messages whose hashes
// agree in 52 bits share a pattern: at a million messages, one chance in
// ten thousand that any two do.
type seenTable struct {
	slots []uint64 // 0: empty
	n     int
}

const (
	seenIDBits = 12
	seenIDMask = 1<<seenIDBits - 1
)

func init() {
	if MaxPatterns+1 > maxPatternIDs || maxPatternIDs > seenIDMask {
		panic("pattern ids do not fit seenTable")
	}
}

func seenKey(h uint64) uint64 { return h&^seenIDMask | 1<<seenIDBits }

func (t *seenTable) get(h uint64) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	k := seenKey(h)
	mask := uint64(len(t.slots) - 1)
	for i := h >> 20 & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if s&^seenIDMask == k {
			return int32(s & seenIDMask), true
		}
	}
}

// put records the pattern of a message not yet in the table.
func (t *seenTable) put(h uint64, id int32) {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.grow()
	}
	t.insert(seenKey(h)|uint64(id), h)
	t.n++
}

func (t *seenTable) insert(s, h uint64) {
	mask := uint64(len(t.slots) - 1)
	i := h >> 20 & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

func (t *seenTable) grow() {
	old := t.slots
	t.slots = make([]uint64, max(64, 2*len(old)))
	for _, s := range old {
		if s != 0 {
			// The hash's low bits are gone, but the probe starts from bits
			// 20 and up, which the slot keeps.
			t.insert(s, s)
		}
	}
}
