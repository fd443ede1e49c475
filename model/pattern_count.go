package model

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// MaxExactValues is how many distinct values a variable part counts exactly;
// past it, a Space-Saving sketch of SketchSize values counts the heavy
// hitters, each count at most ErrBound above the truth.
const MaxExactValues = 100_000

// SketchSize is how many values the sketch of a variable part keeps.
const SketchSize = 4096

// ValueCount is one value of a variable part and how many records have it.
type ValueCount struct {
	Value string
	Count int64
}

// topKeep is how many of the largest values a counter keeps at hand, so
// that listing them costs nothing however many values it counts.
const topKeep = 16

// counter counts the values of one variable part: exactly while they are
// few enough, then with a Space-Saving sketch.
type counter struct {
	exact map[string]int64
	// nums holds the values that are plain decimal numbers, as numbers:
	// ids and line numbers are the values a log has most of, and a number
	// costs no string to keep.
	nums numTable
	ss   *spaceSaving
	// top holds the topKeep largest exact counts, in no order: a value
	// not in it never counts more than its smallest, top[worst].
	top   []ValueCount
	worst int
	dirty bool         // the sketch changed since cache was made
	cache []ValueCount // the sketch's largest, sorted
}

func newCounter() *counter { return &counter{exact: map[string]int64{}} }

// asNumber reads v as a plain decimal number: digits only, no leading zero,
// so that writing the number back gives v.
func asNumber(v string) (uint64, bool) {
	if len(v) == 0 || len(v) > 19 || (v[0] == '0' && len(v) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return 0, false
		}
		n = n*10 + uint64(v[i]-'0')
	}
	return n, true
}

func (c *counter) add(v string, n int64) {
	if n == 0 {
		return
	}
	if c.ss != nil {
		c.dirty = true
		c.ss.add(v, n)
		return
	}
	num, isNum := asNumber(v)
	var old int64
	var ok bool
	var slot *numSlot
	if isNum {
		slot = c.nums.slot(num)
		old, ok = slot.count, slot.count > 0
	} else {
		old, ok = c.exact[v]
	}
	switch {
	case ok:
	case c.distinct() < MaxExactValues:
		if !isNum {
			v = strings.Clone(v)
		}
	default:
		c.ss = newSpaceSaving(c, SketchSize)
		c.exact, c.nums, c.top, c.dirty = nil, numTable{}, nil, true
		c.ss.add(v, n)
		return
	}
	if isNum {
		if !ok {
			slot.key = num
			c.nums.n++
		}
		slot.count = old + n
	} else {
		c.exact[v] = old + n
	}
	c.bump(v, old, old+n)
}

// numTable counts plain numbers, the values a log has most of (ids, line
// numbers): open addressing, so that finding a number and adding it are one
// probe sequence, not a map's lookup and then its store.
type numTable struct {
	slots []numSlot
	n     int
	shift uint // 64 - log2(len(slots))
}

type numSlot struct {
	key   uint64
	count int64 // 0: the slot is empty (a count is at least 1)
}

// numSlotsMax holds MaxExactValues numbers at most 7/8 full, the most a
// counter holds before it turns into a sketch: the table stops growing
// there, where three quarters would double it again.
var numSlotsMax = 1 << bits.Len(uint(MaxExactValues*8/7))

// slot is k's slot, or the empty one where k goes; it makes room first, so
// that filling the empty slot keeps the table under three quarters full
// (7/8 at numSlotsMax).
func (t *numTable) slot(k uint64) *numSlot {
	if 4*(t.n+1) > 3*len(t.slots) && len(t.slots) < numSlotsMax {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := (k * 0x9E3779B97F4A7C15) >> t.shift; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.count == 0 || s.key == k {
			return s
		}
	}
}

func (t *numTable) grow() {
	old := t.slots
	n := max(16, 2*len(old))
	t.slots = make([]numSlot, n)
	t.shift = uint(64 - bits.TrailingZeros(uint(n)))
	mask := uint64(n - 1)
	for _, s := range old {
		if s.count == 0 {
			continue
		}
		i := (s.key * 0x9E3779B97F4A7C15) >> t.shift
		for t.slots[i].count != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// each calls f with every exact count.
func (c *counter) each(f func(v string, n int64)) {
	for v, n := range c.exact {
		f(v, n)
	}
	for _, s := range c.nums.slots {
		if s.count > 0 {
			f(strconv.FormatUint(s.key, 10), s.count)
		}
	}
}

// bump keeps top up to date now that v counts n (old before).
func (c *counter) bump(v string, old, n int64) {
	if old > 0 {
		for i := range c.top {
			if c.top[i].Count == old && c.top[i].Value == v {
				c.top[i].Count = n
				if i == c.worst {
					c.findWorst()
				}
				return
			}
		}
	}
	e := ValueCount{v, n}
	switch {
	case len(c.top) < topKeep:
		c.top = append(c.top, ValueCount{strings.Clone(v), n})
	case valueLess(e, c.top[c.worst]):
		c.top[c.worst] = ValueCount{strings.Clone(v), n}
	default:
		return
	}
	c.findWorst()
}

func (c *counter) findWorst() {
	c.worst = 0
	for i := range c.top {
		if valueLess(c.top[c.worst], c.top[i]) {
			c.worst = i
		}
	}
}

// merge adds o's counts to c's. A sketch's bound adds to the other's.
func (c *counter) merge(o *counter) {
	if o.ss == nil {
		o.each(c.add)
		return
	}
	for v, n := range o.ss.each {
		c.add(v, n)
	}
	if c.ss == nil { // o's sketch holds no more than SketchSize values: c may be exact yet
		c.ss = newSpaceSaving(c, SketchSize)
		c.exact, c.nums, c.top = nil, numTable{}, nil
	}
	c.ss.extra += o.ss.errBound()
}

// distinct is how many distinct values were counted, or -1 when the counter
// is a sketch and no longer knows.
func (c *counter) distinct() int {
	if c.ss != nil {
		return -1
	}
	return len(c.exact) + c.nums.n
}

// errBound is how far above the truth any count may be: 0 while exact.
func (c *counter) errBound() int64 {
	if c.ss == nil {
		return 0
	}
	return c.ss.errBound()
}

// only is the counter's one value when it has exactly one.
func (c *counter) only() (string, bool) {
	if c.distinct() != 1 {
		return "", false
	}
	v := ""
	c.each(func(s string, _ int64) { v = s })
	return v, true
}

// topN returns the n (at most topKeep) largest values, largest first,
// equal counts by value.
func (c *counter) topN(n int) []ValueCount {
	var all []ValueCount
	if c.ss != nil {
		if c.dirty || c.cache == nil {
			c.cache = topOf(c.ss.each, topKeep)
			c.dirty = false
		}
		all = append(all, c.cache...)
	} else {
		all = append(all, c.top...)
		sortValues(all)
	}
	if len(all) > n {
		all = all[:n]
	}
	return all
}

func valueLess(a, b ValueCount) bool {
	if a.Count != b.Count {
		return a.Count > b.Count
	}
	return a.Value < b.Value
}

func sortValues(vs []ValueCount) {
	sort.Slice(vs, func(i, j int) bool { return valueLess(vs[i], vs[j]) })
}

// topOf selects the n largest of the values all yields, largest first,
// without sorting them all: for a handful out of thousands.
func topOf(all iter.Seq2[string, int64], n int) []ValueCount {
	top := make([]ValueCount, 0, n+1)
	for v, c := range all {
		e := ValueCount{v, c}
		if len(top) == n && !valueLess(e, top[n-1]) {
			continue
		}
		i := sort.Search(len(top), func(i int) bool { return valueLess(e, top[i]) })
		top = append(top, ValueCount{})
		copy(top[i+1:], top[i:])
		top[i] = e
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// spaceSaving is the Space-Saving heavy-hitters sketch (Metwally et al.):
// k counters; a value not counted replaces the smallest, inheriting its
// count. Every count is at least the truth and at most min above it, and a
// value not kept occurred at most min times.
//
// The counters stay in their slots; a min-heap of slot numbers orders them,
// so that moving a counter in the heap writes two int32s, not the map.
type spaceSaving struct {
	idx   map[string]int32 // value → slot
	vals  []ssEntry        // by slot
	heap  []int32          // slots, smallest count first
	pos   []int32          // by slot: where it stands in heap
	extra int64            // the bounds of sketches merged into this one
}

type ssEntry struct {
	val   string
	count int64
}

// newSpaceSaving starts a sketch of k counters from exact counts: it keeps
// the k largest, so what it drops is at most its smallest.
func newSpaceSaving(c *counter, k int) *spaceSaving {
	// Which of equal counts are kept must not depend on a map's order,
	// but it need not be the values' order: numbers go by their value and
	// strings by a fixed hash of theirs, so that the sort of 100,000 values
	// (mostly equal counts: ids) compares integers, not strings, and no
	// number is written out unless kept.
	type cand struct {
		count int64
		key   uint64
		num   bool
		v     string
	}
	all := make([]cand, 0, c.distinct())
	for v, n := range c.exact {
		all = append(all, cand{n, fnv64(v), false, v})
	}
	for _, e := range c.nums.slots {
		if e.count > 0 {
			all = append(all, cand{e.count, e.key, true, ""})
		}
	}
	slices.SortFunc(all, func(a, b cand) int {
		switch {
		case a.count != b.count:
			return cmp.Compare(b.count, a.count)
		case a.num != b.num:
			if a.num {
				return -1
			}
			return 1
		case a.key != b.key:
			return cmp.Compare(a.key, b.key)
		}
		return strings.Compare(a.v, b.v)
	})
	s := &spaceSaving{idx: make(map[string]int32, k)}
	for _, e := range all[:min(len(all), k)] {
		v := e.v
		if e.num {
			v = strconv.FormatUint(e.key, 10)
		}
		s.push(v, e.count)
	}
	return s
}

// fnv64 is the 64-bit FNV-1a hash of v: the same in every run.
func fnv64(v string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(v); i++ {
		h ^= uint64(v[i])
		h *= 1099511628211
	}
	return h
}

// each yields every value the sketch keeps with its count.
func (s *spaceSaving) each(yield func(string, int64) bool) {
	for _, e := range s.vals {
		if !yield(e.val, e.count) {
			return
		}
	}
}

func (s *spaceSaving) add(v string, n int64) {
	if slot, ok := s.idx[v]; ok {
		s.vals[slot].count += n
		s.down(int(s.pos[slot]))
		return
	}
	if len(s.vals) < SketchSize {
		s.push(strings.Clone(v), n)
		return
	}
	slot := s.heap[0]
	delete(s.idx, s.vals[slot].val)
	s.vals[slot] = ssEntry{strings.Clone(v), s.vals[slot].count + n}
	s.idx[s.vals[slot].val] = slot
	s.down(0)
}

// push adds a counter in a free slot.
func (s *spaceSaving) push(v string, n int64) {
	slot := int32(len(s.vals))
	s.vals = append(s.vals, ssEntry{v, n})
	s.idx[v] = slot
	s.heap = append(s.heap, slot)
	s.pos = append(s.pos, int32(len(s.heap)-1))
	s.up(len(s.heap) - 1)
}

func (s *spaceSaving) less(i, j int) bool {
	return s.vals[s.heap[i]].count < s.vals[s.heap[j]].count
}

func (s *spaceSaving) swap(i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	s.pos[s.heap[i]] = int32(i)
	s.pos[s.heap[j]] = int32(j)
}

func (s *spaceSaving) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !s.less(i, p) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *spaceSaving) down(i int) {
	n := len(s.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && s.less(r, l) {
			m = r
		}
		if !s.less(m, i) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

func (s *spaceSaving) errBound() int64 {
	if len(s.vals) < SketchSize {
		return s.extra
	}
	return s.vals[s.heap[0]].count + s.extra
}
