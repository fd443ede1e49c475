package model

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

var diffKinds = []Kind{
	{Format: "sitecore", Code: "400", Title: "Validation error", Type: TypeError},
	{Format: "sitecore", Code: "400", Title: "Identity information missing", Type: TypeError},
	{Format: "sitecore", Code: "409", Title: "Resource conflict", Type: TypeError},
	{Format: "protegrity", Code: "6", Title: "Protect ok", Type: TypeSuccess},
	{Format: "sitecore", Code: "", Title: "Unreadable lines", Type: TypeBad},
}

// The same types in another order, as the after side's snapshot may have
// them.
var diffKindsAfter = []Kind{diffKinds[2], diffKinds[1], diffKinds[0], diffKinds[3], diffKinds[4]}

func uuid(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012x", n) }

type row struct {
	ref  string
	kind int // in diffKinds
	bad  bool
}

func side(rows []row, kinds []Kind) *DiffSide {
	d := &DiffSide{}
	for _, r := range rows {
		k := r.kind
		if &kinds[0] != &diffKinds[0] { // index the after side's table
			k = slices.IndexFunc(kinds, func(x Kind) bool { return x == diffKinds[r.kind] })
		}
		var ref []byte
		if r.ref != "-" {
			ref = []byte(r.ref)
		}
		d.Add(ref, k, r.bad)
	}
	return d
}

func TestDiff(t *testing.T) {
	before := []row{
		{uuid(1), 0, false},  // still
		{uuid(2), 0, false},  // changed: 400 validation → 400 identity
		{uuid(3), 2, false},  // fixed: absent after
		{uuid(4), 2, false},  // fixed: a success after
		{"1:7/3", 0, false},  // still, a text ref
		{"1:7/4", 2, false},  // fixed, a text ref (not re-sent)
		{uuid(1), 2, false},  // a repeat: joined by the first (400 validation)
		{"-", 2, false},      // no ref: unjoinable
		{"null", 0, false},   // ref null: unjoinable
		{"", 4, true},        // an unreadable line
		{uuid(9), 3, false},  // a success before, and after: nothing
		{uuid(10), 3, false}, // a success before, failed after: new
		{uuid(5), 1, false},  // fixed, re-sent
	}
	after := []row{
		{uuid(2), 1, false},
		{uuid(6), 2, false}, // new
		{uuid(1), 0, false},
		{uuid(4), 3, false},
		{"1:7/3", 0, false},
		{uuid(6), 0, false}, // a repeat
		{uuid(9), 3, false},
		{uuid(10), 2, false},
		{"null", 1, false},
		{"-", 3, false}, // a success with no ref: nothing to say
	}
	resent := func(ref []byte) bool { return string(ref) != "1:7/4" && string(ref) != uuid(3) }
	for _, withResent := range []bool{false, true} {
		o := DiffOptions{Mark: true, Refs: ClassFixed}
		if withResent {
			o.Resent = resent
		}
		r := Diff(side(before, diffKinds), side(after, diffKindsAfter), diffKinds, diffKindsAfter, o)
		want := map[Class]int64{ClassFixed: 4, ClassStill: 2, ClassChanged: 1, ClassNew: 2}
		wantFixed := []string{uuid(3), uuid(4), "1:7/4", uuid(5)}
		if withResent {
			want[ClassFixed], want[ClassNotResent] = 2, 2
			wantFixed = []string{uuid(4), uuid(5)}
		}
		for _, c := range Classes {
			if r.Counts[c] != want[c] {
				t.Errorf("resent %v: %s = %d, want %d", withResent, c, r.Counts[c], want[c])
			}
		}
		if r.UnjoinableBefore != 2 || r.UnjoinableAfter != 1 || r.RepeatedBefore != 1 || r.RepeatedAfter != 1 || r.BadBefore != 1 {
			t.Errorf("unjoinable %d+%d, repeated %d+%d, bad %d", r.UnjoinableBefore, r.UnjoinableAfter, r.RepeatedBefore, r.RepeatedAfter, r.BadBefore)
		}
		if !slices.Equal(r.Refs, wantFixed) {
			t.Errorf("fixed refs %v, want %v (in before's order)", r.Refs, wantFixed)
		}
		wantB := []Class{ClassStill, ClassChanged, ClassFixed, ClassFixed, ClassStill, ClassFixed, 0, 0, 0, 0, 0, ClassNew, ClassFixed}
		wantA := []Class{ClassChanged, ClassNew, ClassStill, ClassFixed, ClassStill, 0, 0, ClassNew, 0, 0}
		if withResent {
			wantB[2], wantB[5] = ClassNotResent, ClassNotResent
		}
		if !slices.Equal(r.BeforeClass, wantB) || !slices.Equal(r.AfterClass, wantA) {
			t.Errorf("marks\nbefore %v\n  want %v\nafter  %v\n  want %v", r.BeforeClass, wantB, r.AfterClass, wantA)
		}
		// Before and After count every failed record of the type, repeats
		// and unjoinable ones too, as summary does.
		byType := map[string]DiffType{}
		for _, bt := range r.ByType {
			byType[bt.Kind.Code+" "+bt.Kind.Title] = bt
		}
		v, id, cf := byType["400 Validation error"], byType["400 Identity information missing"], byType["409 Resource conflict"]
		if v.Before != 4 || v.After != 3 || v.Still != 2 || v.Changed != 1 || v.Fixed != 0 || v.New != 0 {
			t.Errorf("validation %+v", v)
		}
		if id.Before != 1 || id.After != 2 || id.Fixed+id.NotResent != 1 || id.New != 0 {
			t.Errorf("identity %+v", id)
		}
		if cf.Before != 5 || cf.After != 2 || cf.Fixed+cf.NotResent != 3 || cf.New != 2 {
			t.Errorf("conflict %+v", cf)
		}
		if len(r.ByType) != 3 {
			t.Errorf("%d types, want the 3 that failed (no successes, no unreadable lines)", len(r.ByType))
		}
	}
}

func TestParseClass(t *testing.T) {
	for _, c := range Classes {
		if got, ok := ParseClass(c.String()); !ok || got != c {
			t.Errorf("ParseClass(%q) = %v %v", c, got, ok)
		}
	}
	if _, ok := ParseClass("gone"); ok {
		t.Error("ParseClass(gone) ok")
	}
}

// diffBenchSides makes two sides of n records each: random UUID refs, half
// of before's again after (in another order), a few error types.
func diffBenchSides(n int) (before, after *DiffSide) {
	r := rand.New(rand.NewPCG(1, 2))
	before, after = &DiffSide{}, &DiffSide{}
	refs := make([][36]byte, n)
	for i := range refs {
		var v [16]byte
		binary.LittleEndian.PutUint64(v[:8], r.Uint64())
		binary.LittleEndian.PutUint64(v[8:], r.Uint64())
		unpackUUID(&refs[i], v[:])
		before.Add(refs[i][:], r.IntN(3), false)
	}
	r.Shuffle(len(refs), func(i, j int) { refs[i], refs[j] = refs[j], refs[i] })
	for i := range n {
		ref := refs[i][:]
		if i%2 == 1 {
			var v [16]byte
			binary.LittleEndian.PutUint64(v[:8], r.Uint64())
			var buf [36]byte
			ref = unpackUUID(&buf, v[:])
		}
		after.Add(ref, r.IntN(3), false)
	}
	return before, after
}

func clone(d *DiffSide) *DiffSide {
	c := *d
	c.uuc = nil
	for _, b := range d.uuc {
		c.uuc = append(c.uuc, slices.Clone(b))
	}
	c.tx = slices.Clone(d.tx)
	return &c
}

// BenchmarkDiff1M joins two sides of 1M records each (the sort and the
// join; reading the logs is not counted here).
func BenchmarkDiff1M(b *testing.B) {
	before, after := diffBenchSides(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		bc, ac := clone(before), clone(after)
		b.StartTimer()
		r := Diff(bc, ac, diffKinds, diffKindsAfter, DiffOptions{})
		if r.Counts[ClassNew] == 0 {
			b.Fatal("no new records")
		}
	}
}

// BenchmarkDiffSideAdd is the cost a record adds to reading a log for diff.
func BenchmarkDiffSideAdd(b *testing.B) {
	ref := []byte("3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f")
	d := &DiffSide{}
	b.ReportAllocs()
	for b.Loop() {
		d.Add(ref, 1, false)
	}
}

// sortUU orders as a plain sort does, on random and on made-up refs (all
// in one bucket), repeats keeping their rows in order.
func TestSortUU(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 5000, 70000} {
		for _, madeUp := range []bool{false, true} {
			s := make([]uuRef, n)
			for i := range s {
				hi := r.Uint64()
				if madeUp {
					hi &= 0xff // one bucket
				}
				s[i] = uuRef{hi, r.Uint64() & 3, rowKind{uint32(i), 0}}
			}
			want := slices.Clone(s)
			slices.SortStableFunc(want, cmpUU)
			var blocks [][]uuRef
			for len(s) > 0 { // blocks of uneven sizes
				k := min(len(s), 1+r.IntN(9000))
				blocks, s = append(blocks, s[:k]), s[k:]
			}
			if got := sortUU(blocks); !slices.Equal(got, want) {
				t.Fatalf("n %d made-up %v: not sorted as a stable sort", n, madeUp)
			}
		}
	}
}

// A baseline diff's marks on a store: class: terms select by them, with the
// other terms, negated too; without marks, class: selects nothing.
func TestFilterClass(t *testing.T) {
	before, after := NewStore(DefaultCatalog()), NewStore(DefaultCatalog())
	var bs, as DiffSide
	add := func(st *Store, d *DiffSide, ref, code, msg string) {
		addLine(st, 0, st.Len()+1, ref, code, msg)
		d.Add([]byte(ref), st.LastKind(), false)
	}
	before.AddSource("before.gz")
	after.AddSource("after.gz")
	add(before, &bs, testRef(1), "409", "Resource conflict")
	add(before, &bs, testRef(2), "400", "Validation error: undefined attribute 'x'")
	add(before, &bs, testRef(3), "500", "Server error")
	add(after, &as, testRef(1), "409", "Resource conflict")           // still
	add(after, &as, testRef(2), "400", "Not Enough Identifying Info") // changed: same code, another type
	add(after, &as, testRef(4), "404", "Guest not found")             // new
	add(after, &as, testRef(1), "500", "Server error")                // a repeat: no class
	none, _ := after.Snapshot().Run(context.Background(), mustParse(t, "class:still"))
	if len(none) != 0 {
		t.Errorf("no baseline: class:still matched %v", none)
	}
	r := Diff(&bs, &as, before.Snapshot().Kinds(), after.Snapshot().Kinds(), DiffOptions{Mark: true})
	after.SetMarks(r.AfterClass)
	snap := after.Snapshot()
	for q, want := range map[string][]int32{
		"class:still":            {0},
		"class:changed,new":      {1, 2},
		"-class:new":             {0, 1, 3},
		"class:fixed":            nil,
		"class:still code:409":   {0},
		"class:changed code:409": nil,
	} {
		got, err := snap.Run(context.Background(), mustParse(t, q))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v %v, want %v", q, got, err, want)
		}
	}
	if r.Counts[ClassFixed] != 1 || !snap.HasBaseline() || snap.Class(2) != ClassNew {
		t.Errorf("fixed %d, class(2) %v", r.Counts[ClassFixed], snap.Class(2))
	}
	if _, err := ParseQuery("class:gone"); err == nil {
		t.Error("class:gone parsed")
	}
}

func mustParse(t *testing.T, s string) *Query {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
