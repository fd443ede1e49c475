package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The counts of a pattern's variable parts: exact, then sketched.

func TestSketch(t *testing.T) {
	c := newCounter()
	truth := map[string]int64{}
	r := rand.New(rand.NewPCG(5, 6))
	var total int64
	for i := 0; i < MaxExactValues+50_000; i++ {
		v := fmt.Sprint("id", i)
		if r.IntN(4) == 0 {
			v = fmt.Sprint("hot", r.IntN(5))
		}
		c.add(v, 1)
		truth[v]++
		total++
	}
	if c.ss == nil {
		t.Fatal("still exact past MaxExactValues")
	}
	bound := c.errBound()
	if bound <= 0 || bound > total/int64(SketchSize)+1 {
		t.Errorf("bound %d, want in (0, %d]", bound, total/int64(SketchSize)+1)
	}
	top := c.topN(5)
	for i, v := range top {
		if !strings.HasPrefix(v.Value, "hot") {
			t.Errorf("top %d is %q, want a hot value", i, v.Value)
		}
		if v.Count < truth[v.Value] || v.Count > truth[v.Value]+bound {
			t.Errorf("%q counted %d, truth %d, bound %d", v.Value, v.Count, truth[v.Value], bound)
		}
	}
	if len(c.ss.vals) != SketchSize {
		t.Errorf("sketch holds %d values, want %d", len(c.ss.vals), SketchSize)
	}
	// Every value kept is counted within the bound, the smallest count is
	// the heap's head, and each slot knows its place in the heap.
	least := c.ss.vals[c.ss.heap[0]].count
	for slot, e := range c.ss.vals {
		if e.count < truth[e.val] || e.count > truth[e.val]+bound {
			t.Errorf("%q counted %d, truth %d, bound %d", e.val, e.count, truth[e.val], bound)
		}
		if e.count < least {
			t.Errorf("%q counts %d, below the head's %d", e.val, e.count, least)
		}
		if c.ss.heap[c.ss.pos[slot]] != int32(slot) || c.ss.idx[e.val] != int32(slot) {
			t.Errorf("slot %d (%q) is lost: heap place %d, index %d", slot, e.val, c.ss.pos[slot], c.ss.idx[e.val])
		}
	}
}

// numTable counts like a map, 0 and the largest numbers included, through
// its growths, and stops growing where MaxExactValues numbers fit.
func TestNumTable(t *testing.T) {
	var tab numTable
	want := map[uint64]int64{}
	r := rand.New(rand.NewPCG(7, 8))
	for i := range MaxExactValues {
		k := uint64(i) * 7 // runs of near numbers, as line numbers are
		switch r.IntN(8) {
		case 0:
			k = r.Uint64()
		case 1:
			k = uint64(r.IntN(3)) // 0, 1, 2 again and again
		case 2:
			k = ^uint64(0) - uint64(r.IntN(2))
		}
		n := int64(1 + r.IntN(3))
		s := tab.slot(k)
		if s.count == 0 {
			s.key = k
			tab.n++
		}
		s.count += n
		want[k] += n
	}
	if tab.n != len(want) {
		t.Fatalf("%d numbers, want %d", tab.n, len(want))
	}
	for k, n := range want {
		if s := tab.slot(k); s.key != k || s.count != n {
			t.Errorf("%d counted %d, want %d", k, s.count, n)
		}
	}
	if len(tab.slots) > numSlotsMax {
		t.Errorf("%d slots for %d numbers, at most %d", len(tab.slots), tab.n, numSlotsMax)
	}
}

// The sketch a counter turns into does not depend on the order maps give
// their values: two counters fed alike keep the same values and counts.
func TestSketchIsDeterministic(t *testing.T) {
	feed := func() *counter {
		c := newCounter()
		// Until it turns: numbers each once, strings each 2 or 3 times,
		// so that which of the equal counts are kept decides the sketch.
		for i := 0; c.ss == nil; i++ {
			v := fmt.Sprint(i)
			if i%3 == 0 {
				v = fmt.Sprintf("id-%x", i%40_000)
			}
			c.add(v, 1)
		}
		return c
	}
	a, b := feed(), feed()
	if a.ss == nil || b.ss == nil {
		t.Fatal("still exact past MaxExactValues")
	}
	got := map[string]int64{}
	for v, n := range a.ss.each {
		got[v] = n
	}
	for v, n := range b.ss.each {
		if got[v] != n {
			t.Errorf("%q: %d in one sketch, %d in the other", v, got[v], n)
		}
	}
	if a.errBound() != b.errBound() {
		t.Errorf("bounds %d and %d", a.errBound(), b.errBound())
	}
}
