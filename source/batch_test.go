package source

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// batchUUID makes a random lower-case UUID.
func batchUUID(r *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, r.Uint32()&0xfff, r.Uint64()&0xffffffffffff)
}

// batchLines is a batch file with every awkward line a real one can hold.
// It returns the file and, per good ref, the line number and line body.
func awkwardBatch() (string, map[string]struct {
	line int64
	mode string
	val  string
}) {
	want := map[string]struct {
		line int64
		mode string
		val  string
	}{}
	var b strings.Builder
	n := int64(0)
	add := func(s string) { b.WriteString(s); n++ }
	rec := func(ref, mode, val, end string) {
		add(`{"ref":"` + ref + `","schema":"guest","mode":"` + mode + `","value":` + val + `}` + end)
		want[ref] = struct {
			line int64
			mode string
			val  string
		}{n, mode, val}
	}
	b.WriteString("\xef\xbb\xbf") // a BOM before line 1
	rec("0b2c0d4e-1111-4222-8333-944455566677", "create", `{"email":"a@example.com"}`, "\r\n")
	rec("not-a-uuid/7", "upsert", `{"firstName":"B\u00e9a"}`, "\n")
	add("\n") // blank
	// A pretty-printed record: the service answers each of its lines with ref "null".
	add("{\n")
	add(`  "ref": "9f2c0d4e-1111-4222-8333-944455566677",` + "\n")
	add(`  "mode": "upsert"` + "\n")
	add("}\n")
	rec("3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "merge", `{"big":"`+strings.Repeat("x", 3<<20)+`"}`, "\n") // 3 MiB
	rec("3E06C2F4-5B1A-4C7E-9D2F-8A1B2C3D4E5F", "insert", `{}`, "\n")                                      // upper case: its own ref
	add(`{"schema":"guest","mode":"upsert","value":{}}` + "\n")                                            // no ref
	add(`{"ref":"0b2c0d4e-1111-4222-8333-944455566677","mode":"delete"}` + "\n")                           // a second line for a ref
	rec("last-one", "gdpr_delete", `{"email":"z@example.com"}`, "")                                        // no final newline
	return b.String(), want
}

func TestBatchIndexAwkwardLines(t *testing.T) {
	data, want := awkwardBatch()
	dir := t.TempDir()
	plain := filepath.Join(dir, "batch.jsonl")
	gz := filepath.Join(dir, "batch.gz")
	os.WriteFile(plain, []byte(data), 0o600)
	os.WriteFile(gz, gzipMember(t, data), 0o600)
	for _, path := range []string{plain, gz} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			x, err := IndexBatch(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			st := x.Stats()
			if st.Lines != 12 || st.Records != int64(len(want)) || st.Dups != 1 || st.Bad != 5 || !st.Done {
				t.Errorf("stats %+v", st)
			}
			if st.Compressed != (path == gz) {
				t.Errorf("compressed %v", st.Compressed)
			}
			var badLines []int64
			for _, b := range st.BadLines {
				badLines = append(badLines, b.Line)
			}
			if fmt.Sprint(badLines) != "[4 5 6 7 10]" {
				t.Errorf("bad lines %v: %+v", badLines, st.BadLines)
			}
			if w := st.BadLines[0].Why; !strings.Contains(w, "pretty-printed") {
				t.Errorf("line 4: %q", w)
			}
			if w := st.BadLines[4].Why; w != `no "ref"` {
				t.Errorf("line 10: %q", w)
			}
			// Read back in reverse order: a gzipped file is opened again.
			refs := []string{"last-one", "3E06C2F4-5B1A-4C7E-9D2F-8A1B2C3D4E5F", "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "not-a-uuid/7", "0b2c0d4e-1111-4222-8333-944455566677"}
			for _, ref := range refs {
				w := want[ref]
				if !x.Has(ref) {
					t.Errorf("Has(%s) false", ref)
				}
				rec, ok, err := x.Record(ref)
				if err != nil || !ok {
					t.Fatalf("Record(%s): %v %v", ref, ok, err)
				}
				if rec.Line != w.line || rec.Mode != w.mode || string(rec.Value) != w.val || rec.Schema != "guest" || rec.Ref != ref {
					t.Errorf("Record(%s) = line %d mode %q schema %q value %.40q; want line %d mode %q", ref, rec.Line, rec.Mode, rec.Schema, rec.Value, w.line, w.mode)
				}
			}
			for _, ref := range []string{"9f2c0d4e-1111-4222-8333-944455566677", "null", "", "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e50"} {
				if x.Has(ref) {
					t.Errorf("Has(%q) true", ref)
				}
				if _, ok, err := x.Record(ref); ok || err != nil {
					t.Errorf("Record(%q): %v %v", ref, ok, err)
				}
			}
		})
	}
}

func TestBatchIndexMissingFile(t *testing.T) {
	_, err := IndexBatch(context.Background(), filepath.Join(t.TempDir(), "nope.gz"))
	if err == nil || !strings.Contains(err.Error(), "batch file") || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("err %v", err)
	}
}

func TestBatchIndexCutShort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var b bytes.Buffer
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, `{"ref":"%s","schema":"guest","mode":"upsert","value":{"n":%d}}`+"\n", batchUUID(r), r.IntN(1e6))
	}
	z := gzipMember(t, b.String())
	path := filepath.Join(t.TempDir(), "cut.gz")
	os.WriteFile(path, z[:len(z)/2], 0o600)
	x, err := IndexBatch(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Fatalf("err %v", err)
	}
	if st := x.Stats(); st.Records < 1000 || st.Err == nil {
		t.Errorf("what was read is kept: %+v", st)
	}
}

// writeBatch writes n generator-like batch lines; it returns the refs.
func writeBatch(tb testing.TB, path string, n int, gz bool) []string {
	tb.Helper()
	r := rand.New(rand.NewPCG(7, 8))
	refs := make([]string, n)
	var b bytes.Buffer
	modes := []string{"upsert", "merge", "insert", "delete", "create"}
	for i := range refs {
		refs[i] = batchUUID(r)
		fmt.Fprintf(&b, `{"ref":"%s","schema":"guest","mode":"%s","value":{"email":"guest%d@example.com","firstName":"Anna","lastName":"Walsh","extensions":[{"name":"ext","key":"default","points":%d,"tier":"gold"}]}}`+"\n",
			refs[i], modes[r.IntN(len(modes))], r.IntN(1e6), r.IntN(5000))
	}
	data := b.Bytes()
	if gz {
		data = gzipMember(tb, b.String())
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return refs
}

// memBytes is what the index holds, by the capacity of what it allocated.
func (x *BatchIndex) memBytes() (fixed, refs int) {
	for _, c := range x.chunks {
		fixed += cap(c.ents) * 16
		refs += cap(c.arena)
	}
	return fixed + 4*len(x.table), refs
}

func TestBatchIndexMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.jsonl")
	const n = 3 * batchChunkSize
	refs := writeBatch(t, path, n, false)
	x, err := IndexBatch(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		if !x.Has(ref) {
			t.Fatalf("%s not found", ref)
		}
	}
	fixed, arena := x.memBytes()
	perLine := float64(fixed) / n
	if perLine > 24 || arena > n*16 {
		t.Errorf("%.1f bytes a line besides the refs (want <= 24), %d bytes of refs for %d packed UUIDs", perLine, arena, n)
	}
	t.Logf("%.1f bytes a line + %.1f of ref", perLine, float64(arena)/n)
}

// BenchmarkIndexBatch indexes a 1M-line batch file (about 250 MB plain):
//
//	go test ./source -run '^$' -bench IndexBatch -benchtime 3x -count 5
func BenchmarkIndexBatch(b *testing.B) {
	for _, gz := range []bool{false, true} {
		name := "plain"
		if gz {
			name = "gzip"
		}
		b.Run(name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "batch")
			writeBatch(b, path, 1_000_000, gz)
			st, _ := os.Stat(path)
			b.SetBytes(st.Size())
			b.ResetTimer()
			for range b.N {
				x, err := IndexBatch(context.Background(), path)
				if err != nil {
					b.Fatal(err)
				}
				if x.Stats().Records != 1_000_000 {
					b.Fatal(x.Stats())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/1M-lines")
		})
	}
}

func TestRawLinesBounded(t *testing.T) {
	long := strings.Repeat("x", 700<<10) // past the 256 KiB buffer and the bound
	in := "a\r\n" + long + "\n" + "\xef\xbb\xbfb\n" + long + "tail"
	lr := newRawLines(strings.NewReader(in))
	lr.max = 300 << 10
	var got []string
	var cut []bool
	var offs []int64
	for {
		start := lr.off
		l, err := lr.next()
		if l == nil {
			if err != io.EOF {
				t.Fatal(err)
			}
			break
		}
		got, cut, offs = append(got, string(l)), append(cut, lr.cut), append(offs, start)
	}
	if len(got) != 4 || got[0] != "a\r\n" || got[2] != "\xef\xbb\xbfb\n" || len(got[1]) != 300<<10 || len(got[3]) != 300<<10 {
		t.Fatalf("%d lines: %q ...", len(got), got[0])
	}
	if fmt.Sprint(cut) != "[false true false true]" {
		t.Errorf("cut %v", cut)
	}
	if want := []int64{0, 3, int64(3 + len(long) + 1), int64(3 + len(long) + 1 + 5)}; fmt.Sprint(offs) != fmt.Sprint(want) {
		t.Errorf("offsets %v, want %v", offs, want)
	}
}
