package source

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/errscope/errscope/model"
	"github.com/klauspost/compress/gzip"
)

// sitecoreLines makes n realistic Sitecore lines, without line endings.
func sitecoreLines(seed uint64, n int) []string {
	g := newLineFor(seed)
	lines := make([]string, n)
	var b []byte
	for i := range lines {
		b = g.append(b[:0])
		lines[i] = string(b[:len(b)-1])
	}
	return lines
}

// gzipMember compresses data as one gzip member.
func gzipMember(t testing.TB, data string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := io.WriteString(zw, data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// openAndRead opens path and reads it whole into a store and a collector.
func openAndRead(t testing.TB, path string, user Mapping) (*Input, Result, []got, *model.Store) {
	t.Helper()
	in, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	defer in.Close()
	st := model.NewStore(model.DefaultCatalog())
	src := st.AddSource(in.Name)
	var c collect
	var detected []Result
	res := Read(context.Background(), in, src, tee{st, &c}, user, func(r Result) { detected = append(detected, r) })
	// detected is called once the format is known: not when nothing could
	// be read at all.
	if want := min(1, len(res.Format)); len(detected) != want || (want == 1 && detected[0].Format != res.Format) {
		t.Errorf("detected called %d times (%+v), want %d with format %q", len(detected), detected, want, res.Format)
	}
	return in, res, c.recs, st
}

// checkLines asserts that recs are exactly lines, good, numbered from 1.
func checkLines(t testing.TB, recs []got, lines []string) {
	t.Helper()
	if len(recs) != len(lines) {
		t.Fatalf("got %d records, want %d", len(recs), len(lines))
	}
	for i, r := range recs {
		if r.Bad != "" || r.Line != i+1 || r.Raw != lines[i] {
			t.Fatalf("record %d: line %d raw %q bad %q; want line %d raw %q", i, r.Line, r.Raw, r.Bad, i+1, lines[i])
		}
	}
}

func TestOpenGzipMembersAnyName(t *testing.T) {
	lines := sitecoreLines(7, 3000)
	// Three members, one after another, as `cat a.gz b.gz c.gz` makes them;
	// the cuts fall in the middle of lines.
	text := strings.Join(lines, "\n") + "\n"
	cuts := []int{0, len(text) / 3, len(text)/3 + 1234, len(text)}
	var data []byte
	for i := range 3 {
		data = append(data, gzipMember(t, text[cuts[i]:cuts[i+1]])...)
	}
	for _, name := range []string{"import.gz", "import.txt", "import", "errors.ndjson"} {
		t.Run(name, func(t *testing.T) {
			in, res, recs, st := openAndRead(t, writeFile(t, name, data), Mapping{})
			if !in.Compressed || !res.Compressed {
				t.Errorf("Compressed = %v, %v; want gzip recognized by its magic bytes", in.Compressed, res.Compressed)
			}
			if res.Err != nil || res.Truncated || res.Format != model.Sitecore.ID {
				t.Errorf("Result = %+v; want sitecore, no error", res)
			}
			if in.Size != int64(len(data)) || in.BytesRead() != int64(len(data)) {
				t.Errorf("Size %d, BytesRead %d; want both %d", in.Size, in.BytesRead(), len(data))
			}
			checkLines(t, recs, lines)
			if st.Snapshot().Records() != int64(len(lines)) {
				t.Errorf("store counts %d records", st.Snapshot().Records())
			}
			checkRaw(t, recs, st)
		})
	}
}

func TestOpenPlain(t *testing.T) {
	lines := sitecoreLines(8, 500)
	data := "\xef\xbb\xbf" + strings.Join(lines, "\r\n") + "\r\n"
	in, res, recs, st := openAndRead(t, writeFile(t, "errors.ndjson", []byte(data)), Mapping{})
	if in.Compressed || res.Compressed || res.Err != nil || res.Truncated || res.Format != model.Sitecore.ID {
		t.Errorf("Input compressed %v, Result %+v; want a plain sitecore log read whole", in.Compressed, res)
	}
	checkLines(t, recs, lines)
	checkRaw(t, recs, st)
}

func TestOpenStdin(t *testing.T) {
	lines := sitecoreLines(9, 100)
	path := writeFile(t, "import.gz", gzipMember(t, strings.Join(lines, "\n")+"\n"))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	in, res, recs, _ := openAndRead(t, "-", Mapping{})
	if in.Name != "stdin" || res.Name != "stdin" || !in.Compressed || res.Err != nil {
		t.Errorf("Input %q compressed %v, Result %+v", in.Name, in.Compressed, res)
	}
	checkLines(t, recs, lines)
}

func TestOpenGzipCutShort(t *testing.T) {
	lines := sitecoreLines(10, 4000)
	text := strings.Join(lines, "\n") + "\n"
	full := gzipMember(t, text)
	n := len(full)
	cutAt := []int{10, 11, 12, 50, 1000, n / 4, n / 2, 3 * n / 4, n - 100, n - 9, n - 8, n - 5, n - 1}
	for _, cut := range cutAt {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			part := full[:cut]
			// What the cut leaves to read: the lines whole before it.
			zr, err := gzip.NewReader(bytes.NewReader(part))
			if err != nil {
				t.Fatal(err)
			}
			prefix, err := io.ReadAll(zr)
			if err != io.ErrUnexpectedEOF {
				t.Fatalf("the test's own reading of the cut file: %v", err)
			}
			whole := bytes.Count(prefix, []byte("\n"))
			if cut >= n-8 && whole != len(lines) {
				t.Fatalf("the cut at %d of %d leaves %d lines", cut, n, whole)
			}
			if cut >= n/2 && whole < len(lines)/4 {
				t.Fatalf("the cut at %d of %d leaves only %d lines", cut, n, whole)
			}

			path := writeFile(t, "import.gz", part)
			_, res, recs, st := openAndRead(t, path, Mapping{})
			if !res.Truncated || res.Err == nil {
				t.Fatalf("Result %+v; want Truncated and an error", res)
			}
			if msg := res.Err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "cut short") {
				t.Errorf("error %q does not name the file and say it is cut short", msg)
			}
			if len(recs) < whole || len(recs) > whole+1 {
				t.Fatalf("%d records delivered; the cut leaves %d whole lines", len(recs), whole)
			}
			checkLines(t, recs[:whole], lines[:whole])
			if len(recs) == whole+1 {
				// The part of the line the cut went through.
				last := recs[whole]
				if !strings.HasPrefix(lines[whole], last.Raw) || last.Line != whole+1 {
					t.Errorf("last record line %d raw %q is not the start of line %d", last.Line, last.Raw, whole+1)
				}
				if (last.Bad == "") != (last.Raw == lines[whole]) {
					t.Errorf("the cut line %q: bad %q", last.Raw, last.Bad)
				}
			}
			if st.Len() != len(recs) {
				t.Errorf("store holds %d rows, %d delivered", st.Len(), len(recs))
			}
		})
	}

	t.Run("in the header", func(t *testing.T) {
		for _, cut := range []int{2, 5, 9} {
			path := writeFile(t, "import.gz", full[:cut])
			in, err := Open(path)
			if err == nil {
				in.Close()
				t.Fatalf("cut at %d: Open succeeded", cut)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "download") {
				t.Errorf("cut at %d: error %q does not name the file and say what to do", cut, msg)
			}
		}
	})

	t.Run("members", func(t *testing.T) {
		half := strings.Join(lines[:2000], "\n") + "\n"
		a, b := gzipMember(t, half), gzipMember(t, text[len(half):])
		data := append(append([]byte(nil), a...), b...)
		// At the boundary the file is a whole gzip file of one member.
		_, res, recs, _ := openAndRead(t, writeFile(t, "x", data[:len(a)]), Mapping{})
		if res.Err != nil || res.Truncated {
			t.Errorf("cut at the member boundary: %+v", res)
		}
		checkLines(t, recs, lines[:2000])
		// In the second member's header or trailer.
		for _, cut := range []int{len(a) + 1, len(a) + 5, len(data) - 3} {
			_, res, recs, _ := openAndRead(t, writeFile(t, "x", data[:cut]), Mapping{})
			if !res.Truncated || res.Err == nil {
				t.Errorf("cut at %d of %d: %+v; want truncated", cut, len(data), res)
			}
			want := 2000
			if cut == len(data)-3 {
				want = len(lines)
			}
			checkLines(t, recs, lines[:want])
		}
	})
}

// A file cut inside its gzip header has no record to keep, but it is cut
// short all the same: Load marks it truncated.
func TestLoadCutInHeader(t *testing.T) {
	full := gzipMember(t, strings.Join(sitecoreLines(13, 10), "\n")+"\n")
	for _, cut := range []int{2, 5, 9, 10, 11} {
		path := writeFile(t, "import.gz", full[:cut])
		st := model.NewStore(model.DefaultCatalog())
		res := load(context.Background(), []string{path}, st, nil, Mapping{}, FetchOptions{}, Hooks{})
		if len(res) != 1 || !res[0].Truncated || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), path) {
			t.Errorf("cut at %d: %+v; want truncated, with an error naming the file", cut, res)
		}
		if st.Len() != 0 {
			t.Errorf("cut at %d: %d rows from nothing", cut, st.Len())
		}
	}
}

// Damaged gzip data (not cut short) keeps what was read and says so.
func TestReadGzipDamaged(t *testing.T) {
	lines := sitecoreLines(14, 2000)
	data := gzipMember(t, strings.Join(lines, "\n")+"\n")
	data[len(data)-8] ^= 0xff // the CRC-32 in the trailer
	_, res, recs, _ := openAndRead(t, writeFile(t, "import.gz", data), Mapping{})
	if res.Truncated || res.Err == nil || !strings.Contains(res.Err.Error(), "damaged") {
		t.Errorf("Result %+v; want an error saying the data is damaged, not truncated", res)
	}
	checkLines(t, recs, lines)
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope", "import.gz")
	_, err := Open(missing)
	if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "check the path") {
		t.Errorf("Open(missing) = %v; want the name and what to do", err)
	}
	_, err = Open(dir)
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "directory") ||
		!strings.Contains(err.Error(), "name the log file") {
		t.Errorf("Open(dir) = %v; want the name and what to do", err)
	}
	_, err = Open("ftp://user:hunter2@example.com/import.gz")
	if err == nil || !strings.Contains(err.Error(), "only http and https") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("Open(ftp URL) = %v; want only http and https, the password masked", err)
	}
	if os.Getuid() != 0 {
		locked := writeFile(t, "locked.gz", []byte("x"))
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		_, err = Open(locked)
		if err == nil || !strings.Contains(err.Error(), locked) || !strings.Contains(err.Error(), "permission") {
			t.Errorf("Open(unreadable) = %v", err)
		}
	}
}

func TestLoad(t *testing.T) {
	lines := sitecoreLines(11, 300)
	gz := writeFile(t, "a.gz", gzipMember(t, strings.Join(lines[:200], "\n")+"\n"))
	plain := writeFile(t, "b", []byte(strings.Join(lines[200:], "\n")+"\nnot json\n"))
	missing := filepath.Join(t.TempDir(), "missing.gz")
	st := model.NewStore(model.DefaultCatalog())
	var done []int
	res := load(context.Background(), []string{gz, missing, plain}, st, nil, Mapping{}, FetchOptions{}, Hooks{
		Done: func(src int, r Result) { done = append(done, src) },
	})
	if len(res) != 3 || res[0].Err != nil || res[1].Err == nil || res[2].Err != nil {
		t.Fatalf("results %+v", res)
	}
	if !strings.Contains(res[1].Err.Error(), missing) {
		t.Errorf("missing file error %q does not name it", res[1].Err)
	}
	if fmt.Sprint(done) != "[0 1 2]" {
		t.Errorf("Done called for sources %v", done)
	}
	snap := st.Snapshot()
	for i, want := range [][2]int64{{200, 0}, {0, 0}, {100, 1}} {
		if r, b := snap.SourceCounts(i); r != want[0] || b != want[1] {
			t.Errorf("source %d (%s): %d records, %d bad; want %v", i, snap.Sources()[i], r, b, want)
		}
	}
	if row := snap.Row(200); row.Source != 2 || row.Line != 1 {
		t.Errorf("row 200 = %+v; want source 2 line 1", row)
	}
}

// Closing an input in the middle of a read stops its inflating goroutine.
func TestCloseMidRead(t *testing.T) {
	text := strings.Join(sitecoreLines(12, 40000), "\n") + "\n"
	path := writeFile(t, "big.gz", gzipMember(t, text))
	in, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1000)
	if _, err := io.ReadFull(in, buf); err != nil {
		t.Fatal(err)
	}
	ra := in.r.(*readahead)
	in.Close()
	in.Close() // twice is harmless
	select {
	case <-drain(ra.ch):
	case <-time.After(10 * time.Second):
		t.Fatal("the readahead goroutine did not stop after Close")
	}
}

// drain empties ch and reports when it is closed.
func drain(ch chan block) chan struct{} {
	done := make(chan struct{})
	go func() {
		for range ch {
		}
		close(done)
	}()
	return done
}

// A line of 5 MiB inside a gzip file is one record, between the others.
func TestOpenGzipLongLine(t *testing.T) {
	lines := sitecoreLines(15, 1000)
	msg := strings.Repeat("undefined attribute 'x'; ", 5<<20/25+1)
	lines[500] = `{"ref": "` + uuid2 + `", "code": "400", "message": "` + msg + `"}`
	_, res, recs, st := openAndRead(t, writeFile(t, "import.gz", gzipMember(t, strings.Join(lines, "\n")+"\n")), Mapping{})
	if res.Err != nil || res.Format != model.Sitecore.ID {
		t.Fatalf("Result %+v", res)
	}
	checkLines(t, recs, lines)
	if recs[500].Msg != msg || recs[500].Ref != uuid2 {
		t.Errorf("the long record: ref %q, message of %d bytes; want %d", recs[500].Ref, len(recs[500].Msg), len(msg))
	}
	checkRaw(t, recs, st)
}

// TestLoadInterrupted: a load cancelled before its last logs still has a
// source and a result for each log, saying it was not read.
func TestLoadInterrupted(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "a.ndjson")
	if err := os.WriteFile(log, []byte(`{"ref": "a", "code": "409", "message": "Resource conflict"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := model.NewCounter(model.DefaultCatalog())
	results := load(ctx, []string{log, log, log}, st, nil, Mapping{}, FetchOptions{}, Hooks{})
	if len(results) != 3 || len(st.Snapshot().Sources()) != 3 {
		t.Fatalf("%d results, %d sources, want 3 and 3", len(results), len(st.Snapshot().Sources()))
	}
	for _, r := range results {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "a.ndjson") {
			t.Errorf("result %+v: want an error naming the file", r)
		}
	}
}
