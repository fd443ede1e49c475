package ui

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
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
