package model

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

const benchN = 1_000_000

// benchLines are realistic records: a handful of messages, UUID refs.
var benchLines = sync.OnceValue(func() []Rec {
	recs := make([]Rec, benchN)
	for i := range recs {
		m := testMessages[(i*7+i/5)%len(testMessages)]
		recs[i] = benchRec(i, m.code, m.msg)
	}
	return recs
})

// benchRec is record i, a Sitecore line with its holes as the decoder
// gives them.
func benchRec(i int, code, msg string) Rec {
	ref := testRef(i)
	raw := sitecoreLine(ref, code, msg)
	refStart := len(`{"ref": `)
	refEnd := refStart + len(ref) + 2
	codeStart := refEnd + len(`, "code": `)
	codeEnd := codeStart + len(code) + 2
	return Rec{Line: i + 1, Format: "sitecore", Ref: []byte(ref), Code: []byte(code), Msg: []byte(msg), Raw: raw,
		Holes: []Hole{{FieldRef, refStart, refEnd}, {FieldCode, codeStart, codeEnd}, {FieldMsg, codeEnd + len(`, "message": `), len(raw) - 1}}}
}

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

// distinctLines are 1M records whose messages are all distinct: a dozen
// shapes, each message with its own number or id.
var distinctLines = sync.OnceValue(func() []Rec {
	shapes := []struct{ code, f string }{
		{"400", "Validation error: undefined attribute 'ext.field%d'"},
		{"400", "Validation error: attribute 'ext.f%d' expected integer but got string"},
		{"404", "Guest %d not found"},
		{"409", "Resource conflict: identity 'user%d@example.com' already exists"},
		{"500", "Server error: request %x timed out, please retry"},
		{"403", "Action not allowed: guest %d has an active session"},
		{"402", "Unsupported mode 'mode%d'"},
		{"400", "Identity information missing in record %d"},
	}
	recs := make([]Rec, benchN)
	for i := range recs {
		sh := shapes[(i*7+i/5)%len(shapes)]
		recs[i] = benchRec(i, sh.code, fmt.Sprintf(sh.f, i))
	}
	return recs
})

// benchPatterns adds recs to a store (or a counter), taking a snapshot
// every 64Ki records as the loading stage does while it reads, and reports
// the time a record costs and the heap the store holds at the end.
func benchPatterns(b *testing.B, recs []Rec, count bool) {
	cat := DefaultCatalog()
	var heap float64
	var took time.Duration
	for b.Loop() {
		runtime.GC()
		start := time.Now()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s := NewStore(cat)
		if count {
			s = NewCounter(cat)
		}
		s.AddSource("bench.gz")
		for i := range recs {
			s.Add(&recs[i])
			if i&(1<<16-1) == 0 {
				s.Snapshot()
			}
		}
		snap := s.Snapshot()
		took += time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(snap)
	}
	b.ReportMetric(heap, "MB-heap")
	b.ReportMetric(float64(took.Nanoseconds())/float64(b.N)/float64(len(recs)), "ns/record")
}

// BenchmarkPatternsCount is summary's path with patterns, on the log of a
// handful of messages and on the log whose messages are all distinct.
func BenchmarkPatternsCount(b *testing.B)         { benchPatterns(b, benchLines(), true) }
func BenchmarkPatternsCountDistinct(b *testing.B) { benchPatterns(b, distinctLines(), true) }

// BenchmarkPatternsStore is the TUI's store with patterns, the same logs.
func BenchmarkPatternsStore(b *testing.B)         { benchPatterns(b, benchLines(), false) }
func BenchmarkPatternsStoreDistinct(b *testing.B) { benchPatterns(b, distinctLines(), false) }
