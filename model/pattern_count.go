package model

import (
	"container/heap"
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
	nums map[uint64]int64
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
	if isNum {
		old, ok = c.nums[num]
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
		c.exact, c.nums, c.top, c.dirty = nil, nil, nil, true
		c.ss.add(v, n)
		return
	}
	if isNum {
		if c.nums == nil {
			c.nums = map[uint64]int64{}
		}
		c.nums[num] = old + n
	} else {
		c.exact[v] = old + n
	}
	c.bump(v, old, old+n)
}

// each calls f with every exact count.
func (c *counter) each(f func(v string, n int64)) {
	for v, n := range c.exact {
		f(v, n)
	}
	for v, n := range c.nums {
		f(strconv.FormatUint(v, 10), n)
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
	for _, e := range o.ss.h {
		c.add(e.val, e.count)
	}
	if c.ss == nil { // cannot happen: o held more than MaxExactValues
		c.ss = newSpaceSaving(c, SketchSize)
		c.exact, c.nums, c.top = nil, nil, nil
	}
	c.ss.extra += o.ss.errBound()
}

// distinct is how many distinct values were counted, or -1 when the counter
// is a sketch and no longer knows.
func (c *counter) distinct() int {
	if c.ss != nil {
		return -1
	}
	return len(c.exact) + len(c.nums)
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
			c.cache = make([]ValueCount, 0, len(c.ss.h))
			for _, e := range c.ss.h {
				c.cache = append(c.cache, ValueCount{e.val, e.count})
			}
			sortValues(c.cache)
			c.cache = c.cache[:min(len(c.cache), topKeep)]
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

// topOfMap selects the n largest entries without sorting the whole map.
func topOfMap(m map[string]int64, n int) []ValueCount {
	top := make([]ValueCount, 0, n+1)
	for v, c := range m {
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
type spaceSaving struct {
	idx   map[string]int
	h     ssHeap
	extra int64 // the bounds of sketches merged into this one
}

type ssEntry struct {
	val   string
	count int64
}

type ssHeap []ssEntry

func (s *spaceSaving) Len() int           { return len(s.h) }
func (s *spaceSaving) Less(i, j int) bool { return s.h[i].count < s.h[j].count }
func (s *spaceSaving) Swap(i, j int) {
	s.h[i], s.h[j] = s.h[j], s.h[i]
	s.idx[s.h[i].val] = i
	s.idx[s.h[j].val] = j
}
func (s *spaceSaving) Push(x any) { e := x.(ssEntry); s.idx[e.val] = len(s.h); s.h = append(s.h, e) }
func (s *spaceSaving) Pop() any {
	e := s.h[len(s.h)-1]
	s.h = s.h[:len(s.h)-1]
	delete(s.idx, e.val)
	return e
}

// newSpaceSaving starts a sketch of k counters from exact counts: it keeps
// the k largest, so what it drops is at most its smallest.
func newSpaceSaving(c *counter, k int) *spaceSaving {
	s := &spaceSaving{idx: make(map[string]int, k)}
	all := make(map[string]int64, c.distinct())
	c.each(func(v string, n int64) { all[v] = n })
	for _, e := range topOfMap(all, k) {
		s.h = append(s.h, ssEntry{e.Value, e.Count})
	}
	for i, e := range s.h {
		s.idx[e.val] = i
	}
	heap.Init(s)
	return s
}

func (s *spaceSaving) add(v string, n int64) {
	if i, ok := s.idx[v]; ok {
		s.h[i].count += n
		heap.Fix(s, i)
		return
	}
	if len(s.h) < SketchSize {
		heap.Push(s, ssEntry{strings.Clone(v), n})
		return
	}
	min := s.h[0]
	delete(s.idx, min.val)
	s.h[0] = ssEntry{strings.Clone(v), min.count + n}
	s.idx[s.h[0].val] = 0
	heap.Fix(s, 0)
}

func (s *spaceSaving) errBound() int64 {
	if len(s.h) < SketchSize {
		return s.extra
	}
	return s.h[0].count + s.extra
}
