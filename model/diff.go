package model

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sync"
)

// Class is what became of a record between two error logs of the same data
// (before and after a fix and a re-send), joined by ref.
type Class uint8

const (
	ClassNone      Class = iota // not a failure on either side, or not joinable
	ClassFixed                  // failed before, not after
	ClassStill                  // failed after with the same error type
	ClassChanged                // failed after with another error type
	ClassNew                    // failed only after
	ClassNotResent              // failed before and was not in the re-sent batch
	classCount
)

var classNames = [...]string{"", "fixed", "still", "changed", "new", "not-resent"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "?"
}

// Classes are the classes a record can have, in the order they are shown.
var Classes = []Class{ClassFixed, ClassStill, ClassChanged, ClassNew, ClassNotResent}

// ParseClass reads a class name ("not-resent" also as not_resent).
func ParseClass(s string) (Class, bool) {
	if s == "not_resent" {
		return ClassNotResent, true
	}
	for i, n := range classNames {
		if i > 0 && s == n {
			return Class(i), true
		}
	}
	return ClassNone, false
}

// DiffSide keeps what the diff needs of one log, record by record: its ref
// (a UUID packed into 16 bytes, any other ref as its text) and its error
// type. Nothing else of a record is kept. Add is called once per row of the
// store, bad lines included, so a record's position is its row.
type DiffSide struct {
	uu      []uuRef   // the UUID refs, once sorted
	uuc     [][]uuRef // the UUID refs as they came, in blocks: no slice grows and is copied
	tx      []txRef
	arena   []byte
	refless []rowKind // records with no ref (or "null"): not joinable
	rows    uint32
	bad     int64
}

// uuRef is a UUID ref, packed; txRef any other ref, in the arena.
type uuRef struct {
	hi, lo uint64
	rowKind
}

type txRef struct {
	off, n uint32
	rowKind
}

type rowKind struct{ row, kind uint32 }

func (e rowKind) info() rowKind { return e }

// Add takes the next row: its ref, its error type (an index in the kinds
// passed to Diff) and whether it is a bad line.
func (d *DiffSide) Add(ref []byte, kind int, bad bool) {
	rk := rowKind{d.rows, uint32(kind)}
	d.rows++
	switch {
	case bad:
		d.bad++
	case len(ref) == 0 || string(ref) == "null":
		d.refless = append(d.refless, rk)
	default:
		var v [16]byte
		if p, ok := packUUID(v[:0], ref); ok {
			if len(d.uuc) == 0 || len(d.uuc[len(d.uuc)-1]) == cap(d.uuc[len(d.uuc)-1]) {
				d.uuc = append(d.uuc, make([]uuRef, 0, uuBlock))
			}
			b := &d.uuc[len(d.uuc)-1]
			*b = append(*b, uuRef{binary.BigEndian.Uint64(p[:8]), binary.BigEndian.Uint64(p[8:]), rk})
			return
		}
		if len(ref) > MaxRef {
			ref = ref[:MaxRef]
		}
		d.tx = append(d.tx, txRef{uint32(len(d.arena)), uint32(len(ref)), rk})
		d.arena = append(d.arena, ref...)
	}
}

// Rows is how many rows were added.
func (d *DiffSide) Rows() int { return int(d.rows) }

func (d *DiffSide) text(t txRef) []byte { return d.arena[t.off : t.off+t.n] }

func cmpUU(a, b uuRef) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// sort orders the refs, a ref's rows in the order they came.
func (d *DiffSide) sort() {
	d.uu = sortUU(d.uuc)
	d.uuc = nil
	slices.SortFunc(d.tx, func(a, b txRef) int {
		if c := bytes.Compare(d.text(a), d.text(b)); c != 0 {
			return c
		}
		return int(a.row) - int(b.row)
	})
}

func cmpUURow(a, b uuRef) int {
	if c := cmpUU(a, b); c != 0 {
		return c
	}
	return int(a.row) - int(b.row)
}

// uuBlock is how many UUID refs a block holds.
const uuBlock = 1 << 16

// sortUU sorts packed refs by their value, then row, into one new slice:
// one stable radix pass on the top 16 bits (random in v1 and v4 UUIDs, so
// buckets of a few entries) straight from the blocks, then each bucket on
// its own. Refs that share their top bits (made-up ones) only make the
// buckets larger: still correct.
func sortUU(blocks [][]uuRef) []uuRef {
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	out := make([]uuRef, 0, n)
	if n < 1<<12 {
		for _, b := range blocks {
			out = append(out, b...)
		}
		slices.SortFunc(out, cmpUURow)
		return out
	}
	start := make([]int, 1<<16+1)
	for _, b := range blocks {
		for _, e := range b {
			start[e.hi>>48+1]++
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	pos := slices.Clone(start[:1<<16])
	out = out[:n]
	for _, b := range blocks {
		for _, e := range b {
			k := e.hi >> 48
			out[pos[k]] = e
			pos[k]++
		}
	}
	for k := range 1 << 16 {
		if b := out[start[k]:start[k+1]]; len(b) > 1 {
			slices.SortFunc(b, cmpUURow)
		}
	}
	return out
}

// DiffType is one error type's line of a diff. Before and After count the
// failed records of the type on each side (as summary does); Fixed, Still,
// Changed and NotResent count refs under the type they had before, New
// under the type they have after.
type DiffType struct {
	Kind                                  Kind
	Before, After                         int64
	Fixed, Still, Changed, New, NotResent int64
}

// DiffResult is what became of each failed record between two logs.
type DiffResult struct {
	Counts [classCount]int64 // refs by Class
	// Unjoinable counts the failed records with no ref (or the ref null);
	// Repeated the failed records whose ref an earlier record of the same
	// side has (a ref is joined by its first record).
	UnjoinableBefore, UnjoinableAfter int64
	RepeatedBefore, RepeatedAfter     int64
	BadBefore, BadAfter               int64 // unreadable lines
	Resent                            bool  // a re-sent batch was given
	ByType                            []DiffType
	// BeforeClass and AfterClass give each row's class (ClassNone for rows
	// not joined: no failure, no ref, a repeat); set when asked to Mark.
	BeforeClass, AfterClass []Class
	// Refs lists the refs of the class asked for, in the order of their
	// rows (before's rows for fixed and not-resent, after's for the rest).
	Refs []string
}

// Unjoinable is the failed records of both sides that have no ref.
func (r *DiffResult) Unjoinable() int64 { return r.UnjoinableBefore + r.UnjoinableAfter }

// DiffOptions say what else a diff gives beyond its counts.
type DiffOptions struct {
	// Resent, when set, says whether a ref was in the re-sent batch file:
	// a ref that failed before, is not in the after log and was not
	// re-sent is not-resent, not fixed.
	Resent func(ref []byte) bool
	Mark   bool  // fill BeforeClass and AfterClass
	Refs   Class // fill Refs with the refs of this class (ClassNone: none)
}

// Failed says whether records of an error type failed: errors and
// warnings, not successes or unreadable lines.
func Failed(k Kind) bool { return k.Type == TypeError || k.Type == TypeWarning }

// differ holds one diff's state while it joins.
type differ struct {
	before, after *DiffSide
	bk, ak        []Kind
	bt, at        []int // kind → index in r.ByType
	o             DiffOptions
	r             *DiffResult
	refs          []refHit
}

type refHit struct {
	row uint32
	ref string
}

// Diff joins two logs by ref. bk and ak are the error types the sides'
// kinds index (each side's snapshot's Kinds); two error types are the same
// when their format, code and title are. Both sides are sorted in place;
// the two sorts run at once.
func Diff(before, after *DiffSide, bk, ak []Kind, o DiffOptions) *DiffResult {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); before.sort() }()
	after.sort()
	wg.Wait()

	d := &differ{before: before, after: after, bk: bk, ak: ak, o: o,
		r: &DiffResult{BadBefore: before.bad, BadAfter: after.bad, Resent: o.Resent != nil}}
	type key struct{ format, code, title string }
	ids := map[key]int{}
	unify := func(kinds []Kind) []int {
		m := make([]int, len(kinds))
		for i, k := range kinds {
			kk := key{k.Format, k.Code, k.Title}
			id, ok := ids[kk]
			if !ok {
				id = len(d.r.ByType)
				ids[kk] = id
				d.r.ByType = append(d.r.ByType, DiffType{Kind: k})
			}
			m[i] = id
		}
		return m
	}
	d.bt, d.at = unify(bk), unify(ak)
	if o.Mark {
		d.r.BeforeClass = make([]Class, before.rows)
		d.r.AfterClass = make([]Class, after.rows)
	}
	d.tally(before, true)
	d.tally(after, false)

	join(before.uu, after.uu, d, joinOps[uuRef]{
		cross: cmpUU,
		same:  func(x, y uuRef, _ bool) bool { return x.hi == y.hi && x.lo == y.lo },
		text: func(u uuRef, _ bool) string {
			var v [16]byte
			var buf [36]byte
			binary.BigEndian.PutUint64(v[:8], u.hi)
			binary.BigEndian.PutUint64(v[8:], u.lo)
			return string(unpackUUID(&buf, v[:]))
		},
	})
	side := func(isBefore bool) *DiffSide {
		if isBefore {
			return before
		}
		return after
	}
	join(before.tx, after.tx, d, joinOps[txRef]{
		cross: func(b, a txRef) int { return bytes.Compare(before.text(b), after.text(a)) },
		same: func(x, y txRef, isBefore bool) bool {
			return bytes.Equal(side(isBefore).text(x), side(isBefore).text(y))
		},
		text: func(t txRef, isBefore bool) string { return string(side(isBefore).text(t)) },
	})

	if o.Refs != ClassNone {
		slices.SortFunc(d.refs, func(a, b refHit) int { return int(a.row) - int(b.row) })
		d.r.Refs = make([]string, len(d.refs))
		for i, h := range d.refs {
			d.r.Refs[i] = h.ref
		}
	}
	slices.SortStableFunc(d.r.ByType, func(a, b DiffType) int {
		return CompareGroups(Group{Kind: a.Kind, Count: max(a.Before, a.After)}, Group{Kind: b.Kind, Count: max(b.Before, b.After)})
	})
	// Types with nothing to say (successes only) are left out.
	d.r.ByType = slices.DeleteFunc(d.r.ByType, func(t DiffType) bool { return t.Before == 0 && t.After == 0 })
	return d.r
}

// tally counts a side's failed records by type, and those with no ref.
func (d *differ) tally(side *DiffSide, isBefore bool) {
	kinds, types := d.ak, d.at
	if isBefore {
		kinds, types = d.bk, d.bt
	}
	add := func(e rowKind) bool {
		if !Failed(kinds[e.kind]) {
			return false
		}
		if isBefore {
			d.r.ByType[types[e.kind]].Before++
		} else {
			d.r.ByType[types[e.kind]].After++
		}
		return true
	}
	for _, u := range side.uu { // sorted by now
		add(u.rowKind)
	}
	for _, t := range side.tx {
		add(t.rowKind)
	}
	for _, e := range side.refless {
		if add(e) {
			if isBefore {
				d.r.UnjoinableBefore++
			} else {
				d.r.UnjoinableAfter++
			}
		}
	}
}

// joinOps are how join reads one kind of ref: cross compares a before ref
// with an after ref, same two refs of one side, text gives a ref's text.
type joinOps[E any] struct {
	cross func(b, a E) int
	same  func(x, y E, isBefore bool) bool
	text  func(e E, isBefore bool) string
}

// join walks both sides' sorted refs at once and classifies each ref by its
// first record on each side; a ref's later records are repeats.
func join[E interface{ info() rowKind }](b, a []E, d *differ, ops joinOps[E]) {
	run := func(s []E, k int, isBefore bool) int {
		e := k + 1
		for e < len(s) && ops.same(s[e], s[k], isBefore) {
			d.repeat(s[e].info(), isBefore)
			e++
		}
		return e
	}
	i, j := 0, 0
	for i < len(b) || j < len(a) {
		var c int
		switch {
		case i == len(b):
			c = 1
		case j == len(a):
			c = -1
		default:
			c = ops.cross(b[i], a[j])
		}
		switch {
		case c < 0:
			bi := b[i]
			d.classify(bi.info(), rowKind{}, true, false, func() string { return ops.text(bi, true) })
			i = run(b, i, true)
		case c > 0:
			aj := a[j]
			d.classify(rowKind{}, aj.info(), false, true, func() string { return ops.text(aj, false) })
			j = run(a, j, false)
		default:
			bi := b[i]
			d.classify(bi.info(), a[j].info(), true, true, func() string { return ops.text(bi, true) })
			i, j = run(b, i, true), run(a, j, false)
		}
	}
}

// repeat counts a record whose ref an earlier record of its side has.
func (d *differ) repeat(e rowKind, isBefore bool) {
	switch {
	case isBefore && Failed(d.bk[e.kind]):
		d.r.RepeatedBefore++
	case !isBefore && Failed(d.ak[e.kind]):
		d.r.RepeatedAfter++
	}
}

// classify decides the class of one ref from its first record on each side
// (inB, inA say which sides have it).
func (d *differ) classify(b, a rowKind, inB, inA bool, ref func() string) {
	bFail := inB && Failed(d.bk[b.kind])
	aFail := inA && Failed(d.ak[a.kind])
	var c Class
	var t int
	var refBytes []byte
	switch {
	case bFail && aFail:
		t = d.bt[b.kind]
		c = ClassChanged
		if d.bt[b.kind] == d.at[a.kind] {
			c = ClassStill
		}
	case bFail && !inA && d.o.Resent != nil:
		refBytes = []byte(ref())
		c, t = ClassFixed, d.bt[b.kind]
		if !d.o.Resent(refBytes) {
			c = ClassNotResent
		}
	case bFail:
		c, t = ClassFixed, d.bt[b.kind]
	case aFail:
		c, t = ClassNew, d.at[a.kind]
	default:
		return
	}
	d.r.Counts[c]++
	dt := &d.r.ByType[t]
	switch c {
	case ClassFixed:
		dt.Fixed++
	case ClassStill:
		dt.Still++
	case ClassChanged:
		dt.Changed++
	case ClassNew:
		dt.New++
	case ClassNotResent:
		dt.NotResent++
	}
	if d.o.Mark {
		if inB {
			d.r.BeforeClass[b.row] = c
		}
		if inA {
			d.r.AfterClass[a.row] = c
		}
	}
	if d.o.Refs == c {
		row := a.row
		if c == ClassFixed || c == ClassNotResent {
			row = b.row
		}
		d.refs = append(d.refs, refHit{row, ref()})
	}
}
