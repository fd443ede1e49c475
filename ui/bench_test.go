package ui

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/klauspost/compress/gzip"

	"github.com/errscope/errscope/model"
)

var benchMessages = []struct{ code, msg string }{
	{"409", "Resource conflict"}, {"409", "Resource conflict"}, {"409", "Resource conflict"},
	{"400", "Validation error: undefined attribute 'loyaltyTier'"},
	{"400", "Validation error: undefined attribute 'homeStore'"},
	{"400", "Validation error: incorrect data type for extension field 'points', expected integer but was string"},
	{"400", "Not Enough Identifying Info"},
	{"404", "Guest not found"},
	{"500", "Server error"},
	{"403", "Action not allowed: guest has an active session"},
	{"402", "Unsupported mode 'updat'"},
}

var benchFile = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "errscope-bench")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "1m.gz")
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	w := bufio.NewWriterSize(zw, 1<<20)
	x := uint64(1)
	for i := range 1_000_000 {
		x = x*6364136223846793005 + 1442695040888963407
		m := benchMessages[(x>>33)%uint64(len(benchMessages))]
		fmt.Fprintf(w, "{\"ref\": \"%08x-%04x-4%03x-b%03x-%012x\", \"code\": %q, \"message\": %q}\n",
			uint32(x), uint16(x>>32), uint16(x>>48)&0xfff, i&0xfff, x>>16&0xffffffffffff, m.code, m.msg)
	}
	if err := w.Flush(); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return path, f.Close()
})

// benchApp is an App with 1,000,000 records loaded, at 160x45.
func benchApp(b *testing.B) *App {
	path, err := benchFile()
	if err != nil {
		b.Fatal(err)
	}
	return loaded(b, 160, 45, path)
}

// benchTyping types query into the filter key by key; each key counts from
// the key press until the table and the count are updated and the screen
// drawn. It reports the mean and the slowest keystroke.
func benchTyping(b *testing.B, query string) {
	a := benchApp(b)
	var worst time.Duration
	keysTyped := 0
	for b.Loop() {
		keys(b, a, "/")
		for _, r := range query {
			t0 := time.Now()
			typeText(b, a, string(r))
			_ = a.View()
			worst = max(worst, time.Since(t0))
			keysTyped++
		}
		keys(b, a, "esc")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(keysTyped)/1000, "ms/key")
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms/key")
	b.ReportMetric(float64(len(a.table.idx)), "rows")
}

func BenchmarkTypeCode(b *testing.B)  { benchTyping(b, "code:409") }
func BenchmarkTypeFuzzy(b *testing.B) { benchTyping(b, "undefined loyalty") }
func BenchmarkTypeRef(b *testing.B)   { benchTyping(b, "ref:9e37") }

// BenchmarkScroll moves the cursor down one row and draws the screen.
func BenchmarkScroll(b *testing.B) {
	a := benchApp(b)
	for b.Loop() {
		keys(b, a, "j")
		_ = a.View()
	}
}

// distinct5M is the issue's log of 5M distinct messages ("distinct message
// N x", code 409, ref rN), as a store built from generated records (no
// file, no decoder), and the heap the store holds.
var distinct5M = sync.OnceValues(func() (*model.Snapshot, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	s := model.NewStore(model.DefaultCatalog())
	s.AddSource("m5.gz")
	var raw, ref, msg []byte
	r := model.Rec{Format: "sitecore", Code: []byte("409")}
	for i := range 5_000_000 {
		ref = fmt.Appendf(ref[:0], "r%d", i)
		msg = fmt.Appendf(msg[:0], "distinct message %d x", i)
		raw = fmt.Appendf(raw[:0], `{"ref":"%s","code":"409","message":"%s"}`, ref, msg)
		refEnd := len(`{"ref":`) + len(ref) + 2
		msgStart := refEnd + len(`,"code":"409","message":`)
		r.Line, r.Ref, r.Msg, r.Raw = i+1, ref, msg, raw
		r.Holes = append(r.Holes[:0], model.Hole{Field: model.FieldRef, Start: len(`{"ref":`), End: refEnd},
			model.Hole{Field: model.FieldCode, Start: refEnd + len(`,"code":`), End: refEnd + len(`,"code":"409"`)},
			model.Hole{Field: model.FieldMsg, Start: msgStart, End: len(raw) - 1})
		s.Add(&r)
	}
	snap := s.Snapshot()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return snap, after.HeapAlloc - before.HeapAlloc
})

// BenchmarkType5M types the "dist 4242" key by key into the filter
// of an App holding 5M distinct messages: each key counts from the key
// press until the table and the count are updated and the screen drawn.
// It reports the mean and the slowest key, the heap of the loaded store,
// and the largest heap seen while typing (sampled every millisecond,
// garbage not yet collected included) over it.
func BenchmarkType5M(b *testing.B) {
	snap, loaded := distinct5M()
	a := New(Options{Catalog: model.DefaultCatalog(), Sources: []model.SourceState{{Name: "m5.gz", Format: "sitecore", Done: true}}})
	send(b, a, tea.WindowSizeMsg{Width: 160, Height: 45})
	send(b, a, model.Progress{Snap: snap, Sources: []model.SourceState{{Name: "m5.gz", Format: "sitecore", Done: true}}, Done: true})
	runtime.GC()
	var worst time.Duration
	keysTyped := 0
	peak := heapPeak()
	for b.Loop() {
		keys(b, a, "/")
		for _, r := range "dist 4242" {
			t0 := time.Now()
			typeText(b, a, string(r))
			_ = a.View()
			worst = max(worst, time.Since(t0))
			keysTyped++
		}
		keys(b, a, "esc")
	}
	hi := peak()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(keysTyped)/1000, "ms/key")
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms/key")
	b.ReportMetric(float64(loaded)/(1<<20), "MB-loaded")
	b.ReportMetric(float64(hi)/(1<<20), "MB-peak")
	b.ReportMetric(float64(hi)/float64(loaded), "x-loaded")
}

// heapPeak samples the heap's objects (live and garbage not yet
// collected) every millisecond until the function it returns is called,
// which gives the largest it saw.
func heapPeak() func() uint64 {
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
