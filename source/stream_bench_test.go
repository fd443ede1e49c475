package source

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkStreamLoad is the TUI's load without the screen: a gzipped log of
// 1M records read through the Stream into a store that keeps every record,
// its progress taken as the TUI takes it, to the last snapshot (patterns
// mined, on their own goroutine). "distinct" is a log whose million
// messages all differ (an id and a line number in each). It reports the
// live heap the last progress holds.
func BenchmarkStreamLoad(b *testing.B) {
	for _, tc := range []struct {
		name string
		log  func() []byte
	}{
		{"sitecore", func() []byte { return benchLog(benchRecords) }},
		{"distinct", func() []byte { return distinctLog(benchRecords) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), tc.name+".gz")
			if err := os.WriteFile(path, gzipMember(b, string(tc.log())), 0o600); err != nil {
				b.Fatal(err)
			}
			var live float64
			for b.Loop() {
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				st := NewStream(StreamOptions{Catalog: testCatalog, Logs: []string{path}})
				done := make(chan struct{})
				go func() {
					defer close(done)
					for p := range st.Updates() {
						if p.Done {
							return
						}
					}
				}()
				p := st.Run(context.Background())
				<-done
				b.StopTimer()
				if p.Snap.Len() != benchRecords {
					b.Fatalf("%d records", p.Snap.Len())
				}
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				live = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
				runtime.KeepAlive(p)
				b.StartTimer()
			}
			b.ReportMetric(live, "MB-live")
		})
	}
}

// distinctLog is n Sitecore lines whose messages all differ: a dozen
// shapes, each with an id or an address and the line's own number.
func distinctLog(n int) []byte {
	shapes := []struct{ code, f string }{
		{"409", "Resource conflict: identity 'user%[2]d@example.com' already exists (batch line %[1]d)"},
		{"409", "Resource conflict (batch line %[1]d)"},
		{"400", "Validation error: undefined attribute 'ext.field%[3]d' (batch line %[1]d)"},
		{"400", "Validation error: attribute 'ext.f%[3]d' expected integer but got string (batch line %[1]d)"},
		{"400", "Identity information missing: no identifier of type 'email' (batch line %[1]d)"},
		{"404", "Guest %08[2]x-9d04-408a-825a-%012[1]x not found (batch line %[1]d)"},
		{"403", "Action not allowed: guest %08[2]x-9d04-408a-825a-%012[1]x has an active session (batch line %[1]d)"},
		{"402", "Unsupported mode 'mode%[3]d' (batch line %[1]d)"},
		{"500", "Server error: request %016[2]x timed out after %[3]d ms (batch line %[1]d)"},
	}
	r := rand.New(rand.NewPCG(3, 4))
	g := newLineFor(2)
	b := make([]byte, 0, n*160)
	var line []byte
	for i := range n {
		sh := shapes[r.IntN(len(shapes))]
		line = g.append(line[:0]) // for its ref
		b = append(b, line[:len(`{"ref": "`)+36]...)
		b = fmt.Appendf(b, `", "code": %q, "message": %q}`+"\n", sh.code,
			fmt.Sprintf(sh.f, i+1, r.Uint32(), r.IntN(100)))
	}
	return b
}
