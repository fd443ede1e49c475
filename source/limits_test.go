package source

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// repeat reads c without end.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// allocated runs f and gives the bytes it allocated in all (a bound on its
// peak heap) and the peak of HeapInuse sampled after it.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A Sitecore line longer than the limit is one bad line saying it was cut,
// keeping its first bytes; the lines around it are read.
func TestSitecoreLineCut(t *testing.T) {
	long := `{"ref": "b", "code": "409", "message": "` + strings.Repeat("x", 300) + `"}`
	data := `{"ref": "a", "code": "409", "message": "m"}` + "\n" + long + "\n" + `{"ref": "c", "code": null, "message": "m"}` + "\n" + `{"ref": "d", "code": "404"}`
	d := newJSONLines(model.Sitecore.ID, SitecoreMapping, true)
	d.max = 100
	recs, _, err := decodeWith(t, d, strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4: %+v", len(recs), recs)
	}
	if r := recs[1]; r.Line != 2 || r.Raw != long[:100] ||
		r.Bad != "line of 342 bytes, longer than the limit of 100 bytes (--max-line): cut, its first 100 bytes kept" {
		t.Errorf("the long line: %+v", r)
	}
	if r := recs[2]; r.Bad != `"code" is null: not a Sitecore CDP error log line` {
		t.Errorf(`"code": null: %q`, r.Bad)
	}
	if recs[0].Bad != "" || recs[3].Bad != "" || recs[3].Ref != "d" {
		t.Errorf("the lines around it: %+v %+v", recs[0], recs[3])
	}
}

// An endless line is read in bounded memory, and the line after it is read.
func TestSitecoreEndlessLineBounded(t *testing.T) {
	const total = 256 << 20
	r := io.MultiReader(strings.NewReader(`{"ref": "a", "code": "409", "message": "`), io.LimitReader(repeat('x'), total),
		strings.NewReader("\"}\n{\"ref\": \"b\", \"code\": \"409\"}\n"))
	d := newJSONLines(model.Sitecore.ID, SitecoreMapping, true)
	d.max = 4 << 20
	var recs []got
	grew := allocated(func() {
		var c collect
		if err := d.Decode(context.Background(), r, 0, &c); err != nil {
			t.Fatal(err)
		}
		recs = c.recs
	})
	if len(recs) != 2 || !strings.Contains(recs[0].Bad, "longer than the limit of 4 MiB") || recs[1].Ref != "b" {
		t.Fatalf("records %d: %.200v", len(recs), recs)
	}
	// 256 MiB read; the reader's buffer, the 4 MiB held before the cut
	// and its doublings: under 6 times the limit.
	if grew > 24<<20 {
		t.Errorf("reading a 256 MiB line allocated %d MiB, want under 24", grew>>20)
	}
}

// A Protegrity item longer than the limit is one bad record saying it was
// cut; the items after it are read, with their refs; a key or a bulk message
// past the limit is passed over.
func TestProtegrityItemCut(t *testing.T) {
	x := strings.Repeat("x", 500)
	data := `{"bulk": {"data": [{"id": 1, "returntype": "error", "returncode": "/rest-v1/returncodes/id/3", "message": "m"},` +
		`{"id": 2, "message": "` + x + `"}, {"id": 3, "returntype": "error", "returncode": 9, "message": "n"}],` +
		`"message": "` + x + `", "` + x + `": 1, "id": 7}}`
	p := newProtegrity()
	p.max = 200
	var s recSink
	if err := p.Decode(context.Background(), strings.NewReader(data), 0, &s); err != nil {
		t.Fatal(err)
	}
	if len(s.recs) != 3 {
		t.Fatalf("%d records, want 3: %+v", len(s.recs), s.recs)
	}
	if r := s.recs[1]; !strings.HasPrefix(r.Bad, "data item 2 of 524 bytes, longer than the limit of 200 bytes (--max-line): cut") ||
		!strings.HasPrefix(r.Raw, `{"id": 2, "message": "xxx`) || len(r.Raw) != 200 {
		t.Errorf("the long item: bad %q, raw %d bytes %.40q", r.Bad, len(r.Raw), r.Raw)
	}
	if r := s.recs[2]; r.Bad != "" || r.Ref != "7/3" || r.Code != "9" {
		t.Errorf("the item after: %+v", r)
	}
}

// An endless Protegrity item streams in bounded memory: a whole response on
// one line may be hundreds of MB, and only one item is ever held.
func TestProtegrityEndlessItemBounded(t *testing.T) {
	const total = 256 << 20
	r := io.MultiReader(strings.NewReader(`{"bulk":{"id":1,"data":[{"id":1,"returntype":"error","returncode":3,"message":"m"},{"id":2,"message":"`),
		io.LimitReader(repeat('x'), total),
		strings.NewReader(`"},{"id":3,"returntype":"error","returncode":3,"message":"m"}]}}`))
	p := newProtegrity()
	p.max = 4 << 20
	var s recSink
	grew := allocated(func() {
		if err := p.Decode(context.Background(), r, 0, &s); err != nil {
			t.Fatal(err)
		}
	})
	if len(s.recs) != 3 || !strings.Contains(s.recs[1].Bad, "longer than the limit of 4 MiB") || s.recs[2].Ref != "1/3" {
		t.Fatalf("records %d: %.300v", len(s.recs), s.recs)
	}
	if grew > 24<<20 {
		t.Errorf("reading a 256 MiB item allocated %d MiB, want under 24", grew>>20)
	}
}

// panicSink panics on its nth record.
type panicSink struct{ n int }

func (p *panicSink) Add(*model.Rec) {
	if p.n--; p.n == 0 {
		panic("boom")
	}
}

// A panic while reading a log is a read error of that log: the records
// before it are kept, the other logs are read, nothing crashes.
func TestReaderPanicIsReadError(t *testing.T) {
	st := model.NewStore(testCatalog)
	sink := &panicSink{n: 2}
	log := writeFile(t, "a.log", []byte("{\"ref\": \"a\", \"code\": \"409\"}\n{\"ref\": \"b\", \"code\": \"409\"}\n"))
	res := load(context.Background(), []string{log, log}, st, tee{st, sink}, Mapping{}, FetchOptions{}, Hooks{})
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "a.log: reading stopped after") ||
		!strings.Contains(res[0].Err.Error(), "an internal error (a bug: boom)") {
		t.Errorf("the log that panicked: %v", res[0].Err)
	}
	if res[1].Err != nil || st.Snapshot().Records() != 4 {
		t.Errorf("the other log: %v, %d records in all", res[1].Err, st.Snapshot().Records())
	}
}
