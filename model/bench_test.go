package model

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

const benchN = 1_000_000

// benchLines are realistic records: a handful of messages, UUID refs.
var benchLines = sync.OnceValue(func() []Rec {
	recs := make([]Rec, benchN)
	for i := range recs {
		m := testMessages[(i*7+i/5)%len(testMessages)]
		ref := testRef(i)
		raw := sitecoreLine(ref, m.code, m.msg)
		refStart := len(`{"ref": `)
		refEnd := refStart + len(ref) + 2
		codeStart := refEnd + len(`, "code": `)
		codeEnd := codeStart + len(m.code) + 2
		recs[i] = Rec{Line: i + 1, Format: "sitecore", Ref: []byte(ref), Code: []byte(m.code), Msg: []byte(m.msg), Raw: raw,
			Holes: []Hole{{FieldRef, refStart, refEnd}, {FieldCode, codeStart, codeEnd}, {FieldMsg, codeEnd + len(`, "message": `), len(raw) - 1}}}
	}
	return recs
})

var benchSnap = sync.OnceValue(func() *Snapshot {
	s := NewStore(DefaultCatalog())
	s.AddSource("bench.gz")
	recs := benchLines()
	for i := range recs {
		s.Add(&recs[i])
	}
	return s.Snapshot()
})

// BenchmarkStoreAppend adds 1M records; it reports the heap bytes a record
// costs once stored.
func BenchmarkStoreAppend(b *testing.B) {
	recs := benchLines()
	cat := DefaultCatalog()
	b.ReportAllocs()
	var perRec float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := NewStore(cat)
		s.AddSource("bench.gz")
		for i := range recs {
			s.Add(&recs[i])
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perRec = float64(after.HeapAlloc-before.HeapAlloc) / benchN
		runtime.KeepAlive(s)
	}
	b.ReportMetric(perRec, "bytes/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchN, "ns/record")
}

// BenchmarkCount is summary's path: counts per error type, no records kept.
func BenchmarkCount(b *testing.B) {
	recs := benchLines()
	cat := DefaultCatalog()
	for b.Loop() {
		s := NewCounter(cat)
		s.AddSource("bench.gz")
		for i := range recs {
			s.Add(&recs[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchN, "ns/record")
}

func BenchmarkGroups(b *testing.B) {
	snap := benchSnap()
	for b.Loop() {
		if len(snap.Groups()) == 0 {
			b.Fatal("no groups")
		}
	}
}

func benchFilter(b *testing.B, query string) {
	snap := benchSnap()
	q, err := ParseQuery(query)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		idx, err := snap.Run(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		n = len(idx)
	}
	b.ReportMetric(float64(n), "matches")
}

func BenchmarkFilterDefault(b *testing.B) { benchFilter(b, "") }
func BenchmarkFilterCode(b *testing.B)    { benchFilter(b, "code:409") }
func BenchmarkFilterNegCode(b *testing.B) { benchFilter(b, "-code:409 -code:400") }
func BenchmarkFilterFuzzy(b *testing.B)   { benchFilter(b, "undefined loyalty") }
func BenchmarkFilterRef(b *testing.B)     { benchFilter(b, "ref:9e3779b1") }
func BenchmarkFilterAll(b *testing.B)     { benchFilter(b, "code:400 ref:9 -identifying attribute") }
