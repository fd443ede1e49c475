package model

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"
)

// distinctN is the size of the log of distinct messages.
const distinctN = 5_000_000

// distinctSnap is a store of 5M records whose messages are all distinct, as
// in the issue (awk's "distinct message N x", code 409, ref rN), built from
// generated lines: no file, no decoder. It reports the heap the store holds.
var distinctSnap = sync.OnceValues(func() (*Snapshot, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s := NewStore(DefaultCatalog())
	s.AddSource("m5.gz")
	var raw []byte
	r := Rec{Format: "sitecore"}
	for i := range distinctN {
		raw = fmt.Appendf(raw[:0], `{"ref":"r%d","code":"409","message":"distinct message %d x"}`, i, i)
		refStart := len(`{"ref":`)
		refEnd := refStart + len(fmt.Sprint(i)) + 3
		codeStart := refEnd + len(`,"code":`)
		codeEnd := codeStart + 5
		msgStart := codeEnd + len(`,"message":`)
		r.Line, r.Raw = i+1, raw
		r.Ref, r.Code, r.Msg = raw[refStart+1:refEnd-1], raw[codeStart+1:codeEnd-1], raw[msgStart+1:len(raw)-2]
		r.Holes = append(r.Holes[:0], Hole{FieldRef, refStart, refEnd}, Hole{FieldCode, codeStart, codeEnd}, Hole{FieldMsg, msgStart, len(raw) - 1})
		s.Add(&r)
	}
	snap := s.Snapshot()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return snap, after.HeapAlloc - before.HeapAlloc
})

// heapPeak samples the heap's objects (live and not yet collected) every
// millisecond until stop is called, and gives the largest it saw.
func heapPeak() (stop func() uint64) {
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var hi uint64
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			hi = max(hi, sample[0].Value.Uint64())
			select {
			case <-done:
				peak <- hi
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-peak }
}

// cpuTime is the CPU time the process has used, user and system: on a
// machine others share, it says what a key costs when wall time cannot.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchKeys types query into a filter key by key, over the 5M distinct
// messages: each key is one run to its ordered result. It reports the mean
// and the slowest key, the heap of the loaded store and the largest heap
// seen while typing (store included).
func benchKeys(b *testing.B, query string) {
	snap, loaded := distinctSnap()
	runtime.GC()
	var worst time.Duration
	keys, n := 0, 0
	f := NewFinder()
	cpu0 := cpuTime()
	stop := heapPeak()
	for b.Loop() {
		for k := 1; k <= len(query); k++ {
			q, err := ParseQuery(query[:k])
			if err != nil {
				continue // the filter keeps the query in force
			}
			t0 := time.Now()
			idx, _, err := f.Run(context.Background(), snap, q, 0, nil)
			if err != nil {
				b.Fatal(err)
			}
			worst = max(worst, time.Since(t0))
			keys++
			n = len(idx)
		}
	}
	peak := stop()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(keys)/1000, "cpu-ms/key")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(keys)/1000, "ms/key")
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms/key")
	b.ReportMetric(float64(loaded)/(1<<20), "MB-loaded")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak")
	b.ReportMetric(float64(n), "matches")
}

// BenchmarkKeys5MWords types "dist 4242" (the paste) key by key
// over 5M distinct messages; BenchmarkKeys5MFuzzy a word no message
// contains, which matches fuzzily (letters in order), after a field term.
func BenchmarkKeys5MWords(b *testing.B) { benchKeys(b, "dist 4242") }
func BenchmarkKeys5MFuzzy(b *testing.B) { benchKeys(b, "code:409 dm4x") }
