package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/errscope/errscope/model"
)

func TestProtegrityBad(t *testing.T) {
	good := string(compact(t, pgFile(t, "error.json")))
	cases := []struct {
		name, in string
		refs     []string // "" for a bad record
		raws     map[int]string
		err      error
	}{
		{"not bulk", `{"foo":1}`, []string{""}, map[int]string{0: `{"foo":1}`}, nil},
		{"not bulk pretty", "{\n \"foo\": {\"bulk\": 1}\n}\n", []string{""}, map[int]string{0: "{\n \"foo\": {\"bulk\": 1}\n}"}, nil},
		{"bulk not an object", `{"bulk":[1]}`, []string{""}, nil, nil},
		{"not objects", "[1, \"x\", {\"foo\":2}, null]", []string{"", "", "", ""}, map[int]string{0: "1", 1: `"x"`, 2: `{"foo":2}`}, nil},
		{"ndjson with a bad line", good + "\n" + `{"foo":1}` + "\n" + `{"bulk":{"id":2,"data":[{"id":1,,}]}}` + "\n" + "garbage here\n" + good + "\n",
			[]string{"1:1/1", "1:1/2", "", "", "", "5:1/1", "5:1/2"}, map[int]string{2: `{"foo":1}`, 3: `{"bulk":{"id":2,"data":[{"id":1,,}]}}`, 4: "garbage here"}, nil},
		{"ndjson with a newline in an item", good + "\n" + `{"bulk":{"id":2,"data":[{"id":1,` + "\n" + `"x":2}]}}` + "\n" + good + "\n",
			[]string{"1:1/1", "1:1/2", "", "", "4:1/1", "4:1/2"}, map[int]string{2: `{"bulk":{"id":2,"data":[{"id":1,`}, nil},
		{"ndjson with a line cut", good + "\n" + good[:50] + "\n" + good + "\n", []string{"1:1/1", "1:1/2", "", "3:1/1", "3:1/2"}, map[int]string{2: good[:50]}, nil},
		{"single broken", "{\"bulk\":{\"id\":1,\"data\":[\n{\"id\":1,\"returntype\":\"error\"},\n{\"id\":2 \"x\"},\n{\"id\":3}]}}\n" + good,
			[]string{"1/1", ""}, map[int]string{1: `{"id":2 "x"},`}, nil},
		{"array broken", "[" + good + "," + good + " " + good + "]", []string{"1:1/1", "1:1/2", "2:1/1", "2:1/2", ""}, nil, nil},
		{"cut", good[:len(good)-10], []string{"1/1"}, nil, io.ErrUnexpectedEOF},
		{"cut in array", "[" + good + ",", []string{"1:1/1", "1:1/2"}, nil, io.ErrUnexpectedEOF},
		{"text after", good + "}\n", []string{"1:1/1", "1:1/2", ""}, map[int]string{2: good + "}"}, nil},
		{"empty", "\n \r\n", nil, nil, nil},
		{"scalar", "42", []string{""}, map[int]string{0: "42"}, nil},
		{"deep", "[" + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "]", []string{""}, nil, nil},
		{"deep cut", strings.Repeat("[", 20000), nil, nil, io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pgDecode(t, []byte(tc.in))
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			var refs []string
			for _, g := range got {
				if (g.Bad == "") == (g.Ref == "") {
					t.Errorf("record %+v", g)
				}
				refs = append(refs, g.Ref)
			}
			if fmt.Sprint(refs) != fmt.Sprint(tc.refs) {
				t.Fatalf("refs %q, want %q\n%+v", refs, tc.refs, got)
			}
			for i, raw := range tc.raws {
				if got[i].Raw != raw {
					t.Errorf("raw %d = %q, want %q (%s)", i, got[i].Raw, raw, got[i].Bad)
				}
			}
			for _, g := range got {
				if g.Bad != "" {
					t.Logf("line %d: %s", g.Line, g.Bad)
				}
			}
		})
	}
}

func TestProtegrityTruncatedGzip(t *testing.T) {
	plain := pgGenerate("pretty", 5000, 5000)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	cut := gz.Bytes()[:gz.Len()/2]
	name := filepath.Join(t.TempDir(), "cut.json.gz")
	if err := os.WriteFile(name, cut, 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var s recSink
	err = newProtegrity().Decode(context.Background(), in, 0, &s)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error %v", err)
	}
	if len(s.recs) < 1000 || len(s.recs) >= 5000 {
		t.Fatalf("%d records", len(s.recs))
	}
	for i, r := range s.recs {
		if r.Bad != "" || r.Ref != "1/"+strconv.Itoa(i+1) {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
	// Through Read: the source is reported cut short.
	in2, _ := Open(name)
	defer in2.Close()
	res := Read(context.Background(), in2, 0, &recSink{}, Mapping{}, nil)
	if !res.Truncated || res.Format != model.Protegrity.ID {
		t.Errorf("%+v", res)
	}
}

func TestProtegrityStoreRaw(t *testing.T) {
	var in []byte
	for _, d := range vendorDocs {
		in = append(in, compact(t, pgFile(t, d.file))...)
		in = append(in, '\n')
	}
	in = append(in, pgGenerate("ndjson", 3000, 50)...)
	in = append(in, `{"bulk":{"id":9,"returntype":"error","message":"m \"q\"","data":[{"id":1,"message":"a\nb","content":"0123456789abcdefXYZ"}]}}`+"\n"...)
	in = append(in, `{"bulk":{"id":10,"returntype":"error","message":"whole bulk failed"}}`+"\n"...)
	st := model.NewStore(model.DefaultCatalog())
	var rs recSink
	if err := newProtegrity().Decode(context.Background(), bytes.NewReader(in), 0, tee{st, &rs}); err != nil {
		t.Fatal(err)
	}
	snap := st.Snapshot()
	if snap.Len() != len(rs.recs) {
		t.Fatalf("store %d, sink %d", snap.Len(), len(rs.recs))
	}
	for i, r := range rs.recs {
		raw, _ := snap.Raw(i)
		if string(raw) != r.Raw {
			t.Fatalf("record %d (%s): store gives back %q, want %q", i, r.Ref, raw, r.Raw)
		}
		row := snap.Row(i)
		if row.Ref != r.Ref || row.Msg != r.Msg || row.Line != r.Line || row.Op != r.Op {
			t.Fatalf("row %d = %+v, want %+v", i, row, r)
		}
	}
	if n := snap.BadLines(); n != 0 {
		t.Errorf("%d bad lines", n)
	}
}

func TestProtegrityCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	sink := sinkFunc(func(*model.Rec) {
		if n++; n == 10 {
			cancel()
		}
	})
	err := newProtegrity().Decode(ctx, bytes.NewReader(pgGenerate("array", 50000, 100)), 0, sink)
	if !errors.Is(err, context.Canceled) || n > 10000 {
		t.Fatalf("%v after %d records", err, n)
	}
}

type sinkFunc func(*model.Rec)

func (f sinkFunc) Add(r *model.Rec) { f(r) }

// TestProtegrityStreams decodes a large response through a pipe: the buffer
// never grows and records arrive while the writer is still writing.
func TestProtegrityStreams(t *testing.T) {
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for _, layout := range []string{"pretty", "array", "ndjson", "wrapped"} {
		pr, pw := io.Pipe()
		written := make(chan int, 1)
		go func() {
			bw := bufio.NewWriter(pw)
			c := pgWrite(bw, layout, n, 100)
			bw.Flush()
			pw.Close()
			written <- c
		}()
		p := newProtegrity()
		count, early := 0, false
		err := p.Decode(context.Background(), pr, 0, sinkFunc(func(r *model.Rec) {
			if r.Bad != "" {
				t.Fatalf("%s: bad %s", layout, r.Bad)
			}
			count++
			if count == 1 {
				select {
				case <-written:
					t.Errorf("%s: the first record came after the writer was done", layout)
				default:
					early = true
				}
			}
		}))
		if err != nil || count != n || !early {
			t.Fatalf("%s: %v, %d records of %d", layout, err, count, n)
		}
		if len(p.c.buf) != 256<<10 {
			t.Errorf("%s: buffer grew to %d", layout, len(p.c.buf))
		}
	}
}

func TestProtegrityDetect(t *testing.T) {
	one := compact(t, pgFile(t, "mixed.json"))
	cases := map[string][]byte{
		"pretty":  pgFile(t, "mixed.json"),
		"one":     one,
		"array":   pgGenerate("array", 10, 3),
		"ndjson":  pgGenerate("ndjson", 10, 3),
		"wrapped": pgGenerate("wrapped", 10, 3),
		"bom":     append(append([]byte{}, bom...), pgFile(t, "error.json")...),
		"bom nd":  append(append([]byte{}, bom...), pgGenerate("ndjson", 10, 3)...),
		"crlf":    bytes.ReplaceAll(pgFile(t, "warning.json"), []byte("\n"), []byte("\r\n")),
		"big":     pgGenerate("pretty", 5000, 5000),
	}
	for name, b := range cases {
		head := b[:min(len(b), 64<<10)]
		if d := Detect(head, Mapping{}); d.Format != model.Protegrity.ID {
			t.Errorf("%s: detected %q", name, d.Format)
		}
	}
}
