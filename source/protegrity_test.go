package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
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

// pgRec is a record as a test sees it: strings copied out of the Rec.
type pgRec struct {
	Line                    int
	Ref, Code, Msg, Op, Raw string
	Bad                     string
	Type                    model.Type
	HasType                 bool
	Holes                   []model.Hole
}

type recSink struct{ recs []pgRec }

func (s *recSink) Add(r *model.Rec) {
	if r.Format != FormatProtegrity {
		panic("format " + r.Format)
	}
	s.recs = append(s.recs, pgRec{
		Line: r.Line, Ref: string(r.Ref), Code: string(r.Code), Msg: string(r.Msg), Op: string(r.Op),
		Raw: string(r.Raw), Bad: r.Bad, Type: r.Type, HasType: r.HasType,
		Holes: append([]model.Hole(nil), r.Holes...),
	})
}

// teeSink hands each record to several sinks.
type teeSink []model.Sink

func (t teeSink) Add(r *model.Rec) {
	for _, s := range t {
		s.Add(r)
	}
}

func pgDecode(t testing.TB, in []byte) ([]pgRec, error) {
	t.Helper()
	var s recSink
	err := newProtegrity().Decode(context.Background(), bytes.NewReader(in), 0, &s)
	return s.recs, err
}

func pgFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "protegrity", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vendorContent is the vendor pages' content string; vendorShort is what the
// decoder keeps of it: its length.
const (
	vendorContent = `"AGoAZABzAHIAdQBlAGMAagBaAEMAMQAyADMANA=="`
	vendorShort   = `"... (40 chars)"`
)

// want is one expected record; Raw is checked apart.
type want struct {
	line               int
	ref, code, msg, op string
	typ                model.Type
	hasType            bool
}

func checkRecs(t *testing.T, got []pgRec, w []want) {
	t.Helper()
	if len(got) != len(w) {
		t.Fatalf("%d records, want %d: %+v", len(got), len(w), got)
	}
	for i, g := range got {
		e := w[i]
		if g.Bad != "" {
			t.Errorf("record %d is bad: %s", i, g.Bad)
		}
		if g.Ref != e.ref || g.Code != e.code || g.Msg != e.msg || g.Op != e.op || g.Type != e.typ || g.HasType != e.hasType {
			t.Errorf("record %d = ref %q code %q msg %q op %q type %v/%v, want ref %q code %q msg %q op %q type %v/%v",
				i, g.Ref, g.Code, g.Msg, g.Op, g.Type, g.HasType, e.ref, e.code, e.msg, e.op, e.typ, e.hasType)
		}
		if e.line != 0 && g.Line != e.line {
			t.Errorf("record %d (%s) on line %d, want %d", i, g.Ref, g.Line, e.line)
		}
		checkHoles(t, g)
	}
}

// checkHoles: holes are ordered, within Raw, and what they say they are.
func checkHoles(t testing.TB, g pgRec) {
	t.Helper()
	prev := 0
	for _, h := range g.Holes {
		if h.Start < prev || h.End < h.Start || h.End > len(g.Raw) {
			t.Fatalf("hole %+v out of order or outside raw (%d bytes) of %q", h, len(g.Raw), g.Ref)
		}
		prev = h.End
		tok := g.Raw[h.Start:h.End]
		switch h.Field {
		case model.FieldRefTail:
			if !strings.HasSuffix(g.Ref, "/"+tok) {
				t.Errorf("ref tail hole %q, ref %q", tok, g.Ref)
			}
		case model.FieldMsg:
			if tok != strconv.Quote(g.Msg) && tok != `"`+g.Msg+`"` {
				t.Errorf("message hole %q, message %q", tok, g.Msg)
			}
		default:
			t.Errorf("unexpected hole field %d", h.Field)
		}
	}
}

const msgShort = "Data is too short to be protected/unprotected."

var (
	vendorSuccess = []want{
		{6, "1/1", "6", "", "", model.TypeSuccess, true},
		{12, "1/2", "6", "", "", model.TypeSuccess, true},
	}
	vendorWarning = []want{
		{6, "1/1", "warning", "", "", model.TypeWarning, true},
		{11, "1/2", "warning", "", "", model.TypeWarning, true},
	}
	vendorError = []want{
		{6, "1/1", "22", msgShort, "", model.TypeError, true},
		{12, "1/2", "22", msgShort, "", model.TypeError, true},
	}
	vendorMixed = []want{
		{6, "1/1", "22", msgShort, "", model.TypeError, true},
		{12, "1/2", "6", "", "", model.TypeSuccess, true},
	}
	vendorDocs = []struct {
		file string
		want []want
	}{
		{"success.json", vendorSuccess}, {"warning.json", vendorWarning},
		{"error.json", vendorError}, {"mixed.json", vendorMixed},
	}
)

func TestProtegrityVendorDocuments(t *testing.T) {
	for _, d := range vendorDocs {
		t.Run(d.file, func(t *testing.T) {
			in := pgFile(t, d.file)
			got, err := pgDecode(t, in)
			if err != nil {
				t.Fatal(err)
			}
			checkRecs(t, got, d.want)
			// Each record's raw bytes are the item's, content shortened.
			items := vendorItems(t, in)
			for i, g := range got {
				if wantRaw := strings.ReplaceAll(items[i], vendorContent, vendorShort); g.Raw != wantRaw {
					t.Errorf("raw %d = %q, want %q", i, g.Raw, wantRaw)
				}
				if strings.Contains(g.Raw, vendorContent) {
					t.Errorf("raw %d holds the whole content", i)
				}
			}
		})
	}
	// The warning items carry no returncode and "content": null.
	if got, _ := pgDecode(t, pgFile(t, "warning.json")); !strings.Contains(got[0].Raw, `"content":null`) || strings.Contains(got[0].Raw, "returncode") {
		t.Errorf("warning raw %q", got[0].Raw)
	}
}

// vendorItems cuts the items' bytes out of a vendor document: each starts
// with a line holding only "{" and ends with one holding "}" or "},".
func vendorItems(t *testing.T, doc []byte) []string {
	var items []string
	text := string(doc)
	data := strings.Index(text, `"data":[`)
	start := -1
	for off := data; off < len(text); {
		n := strings.IndexByte(text[off:], '\n')
		if n < 0 {
			break
		}
		line := text[off : off+n]
		switch strings.TrimSpace(line) {
		case "]":
			off = len(text)
			continue
		case "{":
			start = off + strings.IndexByte(line, '{')
		case "}", "},":
			items = append(items, text[start:off+strings.IndexByte(line, '}')+1])
		}
		off += n + 1
	}
	if len(items) != 2 {
		t.Fatalf("found %d items", len(items))
	}
	return items
}

func compact(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withPrefix numbers the refs of a document's records.
func withPrefix(doc int, ws []want, op string) []want {
	out := make([]want, len(ws))
	for i, w := range ws {
		w.line = 0
		if doc > 0 {
			w.ref = strconv.Itoa(doc) + ":" + w.ref
		}
		w.op = op
		out[i] = w
	}
	return out
}

func TestProtegrityLayouts(t *testing.T) {
	var docs [][]byte
	var all, allPrefixed []want
	for i, d := range vendorDocs {
		docs = append(docs, pgFile(t, d.file))
		all = append(all, withPrefix(0, d.want, "")...)
		allPrefixed = append(allPrefixed, withPrefix(i+1, d.want, "")...)
	}
	oneLine := func(i int) []byte { return compact(t, docs[i]) }

	t.Run("one line", func(t *testing.T) {
		got, err := pgDecode(t, oneLine(3))
		if err != nil {
			t.Fatal(err)
		}
		checkRecs(t, got, withPrefix(0, vendorMixed, ""))
		if got[0].Line != 1 || got[1].Line != 1 {
			t.Errorf("lines %d %d", got[0].Line, got[1].Line)
		}
	})
	t.Run("one line, no newline, BOM", func(t *testing.T) {
		got, err := pgDecode(t, append(append([]byte{}, bom...), bytes.TrimSpace(oneLine(0))...))
		if err != nil {
			t.Fatal(err)
		}
		checkRecs(t, got, withPrefix(0, vendorSuccess, ""))
	})
	t.Run("array pretty", func(t *testing.T) {
		in := "[\n" + string(bytes.Join(docs, []byte(",\n"))) + "]\n"
		got, err := pgDecode(t, []byte(in))
		if err != nil {
			t.Fatal(err)
		}
		checkRecs(t, got, allPrefixed)
		if got[2].Line != 23+5 { // the second document starts on line 23
			t.Errorf("line %d", got[2].Line)
		}
	})
	t.Run("array one line", func(t *testing.T) {
		var parts [][]byte
		for i := range docs {
			parts = append(parts, oneLine(i))
		}
		got, err := pgDecode(t, []byte("["+string(bytes.Join(parts, []byte(",")))+"]"))
		if err != nil {
			t.Fatal(err)
		}
		checkRecs(t, got, allPrefixed)
	})
	t.Run("empty array", func(t *testing.T) {
		got, err := pgDecode(t, []byte(" [ ] \n"))
		if err != nil || len(got) != 0 {
			t.Fatal(got, err)
		}
	})
	t.Run("ndjson", func(t *testing.T) {
		// BOM, CRLF, blank lines.
		var b bytes.Buffer
		b.Write(bom)
		for i := range docs {
			b.Write(oneLine(i))
			b.WriteString("\r\n")
			if i == 1 {
				b.WriteString("\r\n  \n")
			}
		}
		got, err := pgDecode(t, b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		checkRecs(t, got, allPrefixed)
		lines := []int{1, 1, 2, 2, 5, 5, 6, 6}
		for i, g := range got {
			if g.Line != lines[i] {
				t.Errorf("record %d on line %d, want %d", i, g.Line, lines[i])
			}
		}
	})
	t.Run("pretty documents one after another", func(t *testing.T) {
		got, err := pgDecode(t, bytes.Join(docs, nil))
		if err != nil {
			t.Fatal(err)
		}
		// The first is not numbered: it was not known to have followers.
		checkRecs(t, got, append(withPrefix(0, vendorSuccess, ""), allPrefixed[2:]...))
	})
	for _, op := range []string{"protect", "unprotect", "reprotect"} {
		t.Run("wrapped "+op, func(t *testing.T) {
			wrap := func(d []byte) []byte {
				return []byte(`{"` + op + `": ` + string(d) + "}")
			}
			got, err := pgDecode(t, wrap(docs[2]))
			if err != nil {
				t.Fatal(err)
			}
			checkRecs(t, got, withPrefix(0, vendorError, op))
			// And as NDJSON, with other keys around.
			in := string(wrap(oneLine(3))) + "\n" + `{"x":[1,{"bulk":2}],"` + op + `":{"y":"z",` + string(oneLine(1)[1:]) + "}\n"
			got, err = pgDecode(t, []byte(in))
			if err != nil {
				t.Fatal(err)
			}
			checkRecs(t, got, append(withPrefix(1, vendorMixed, op), withPrefix(2, vendorWarning, op)...))
		})
	}
	t.Run("gzip via Open", func(t *testing.T) {
		for _, layout := range []string{"pretty", "ndjson"} {
			var plain []byte
			w := all
			if layout == "pretty" {
				plain, w = docs[3], withPrefix(0, vendorMixed, "")
			} else {
				for i := range docs {
					plain = append(append(plain, oneLine(i)...), '\n')
				}
				w = allPrefixed
			}
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			zw.Write(plain)
			zw.Close()
			name := filepath.Join(t.TempDir(), "response") // no .gz: sniffed by content
			if err := os.WriteFile(name, gz.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			in, err := Open(name)
			if err != nil {
				t.Fatal(err)
			}
			var s recSink
			res := Read(context.Background(), in, 0, &s, Mapping{}, nil)
			in.Close()
			if res.Err != nil || res.Format != FormatProtegrity || !res.Compressed {
				t.Fatalf("%s: %+v", layout, res)
			}
			checkRecs(t, s.recs, w)
		}
	})
}

func TestProtegrityKeyOrder(t *testing.T) {
	// Keys sorted, as Go and Python write maps: data before id.
	in := `{"bulk":{"data":[{"content":"QUJDREVGR0hJSktMTU5PUFFSU1RVVg==","id":7,"returncode":"/rest-v1/returncodes/id/8","returntype":"success"},` +
		`{"id":8,"message":"Permission denied.","returncode":"/rest-v1/returncodes/id/3","returntype":"error"}],"id":42,"returntype":"error"}}`
	got, err := pgDecode(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	checkRecs(t, got, []want{
		{1, "42/7", "8", "", "", model.TypeSuccess, true},
		{1, "42/8", "3", "Permission denied.", "", model.TypeError, true},
	})
	if want := `{"content":"... (32 chars)","id":7,`; !strings.HasPrefix(got[0].Raw, want) {
		t.Errorf("raw %q", got[0].Raw)
	}
	// The id after a data array too far to look ahead: "?".
	var b strings.Builder
	b.WriteString(`{"bulk":{"data":[`)
	item := `{"id":1,"returntype":"error","message":"` + strings.Repeat("x", 1000) + `"}`
	for i := 0; b.Len() < 3*pgLookahead; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(item)
	}
	b.WriteString(`],"id":5}}`)
	got, err = pgDecode(t, []byte(b.String()))
	if err != nil || len(got) < 12000 || got[0].Ref != "?/1" {
		t.Fatalf("%d records, %v, first %q", len(got), err, got[0].Ref)
	}
}

func TestProtegrityItems(t *testing.T) {
	in := `{"bulk":{"id":"b-1","returntype":"error","data":[` +
		`{"id":1,"returntype":"warning","returncode":null,"content":null},` +
		`{"id":2,"returncode":"/rest-v1/returncodes/id/44","message":"Caf\u00e9 \"bad\" input"},` +
		`{"id":3,"returncode":"strange","returntype":"Error","message":7},` +
		`{"id":"x/4","returncode":12,"returntype":"other"},` +
		`{"returncode":"31","returntype":"error","content":"short"},` +
		`17,` +
		`{"content":"ÄÖÜäöüßÄÖÜäöüßÄÖÜ","id":9}` +
		`]}}`
	got, err := pgDecode(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 {
		t.Fatalf("%d records: %+v", len(got), got)
	}
	bad := got[5]
	got = append(got[:5], got[6])
	checkRecs(t, got, []want{
		{1, "b-1/1", "warning", "", "", model.TypeWarning, true},
		{1, "b-1/2", "44", `Café "bad" input`, "", model.TypeError, false},
		{1, "b-1/3", "strange", "7", "", model.TypeError, true},
		{1, "b-1/x/4", "12", "", "", model.TypeError, false},
		{1, "b-1/#5", "31", "", "", model.TypeError, true},
		{1, "b-1/9", "", "", "", model.TypeError, false},
	})
	if bad.Bad == "" || bad.Raw != "17" {
		t.Errorf("item 17: %+v", bad)
	}
	if !strings.Contains(got[4].Raw, `"content":"short"`) {
		t.Errorf("short content changed: %q", got[4].Raw)
	}
	if want := `{"content":"... (17 chars)","id":9}`; got[5].Raw != want {
		t.Errorf("raw %q, want %q", got[5].Raw, want)
	}
	if len(got[1].Holes) != 1 || got[1].Holes[0].Field != model.FieldRefTail {
		t.Errorf("escaped message got a hole: %+v", got[1].Holes)
	}
}

func TestProtegrityBulkError(t *testing.T) {
	doc := `{
  "protect": {
    "bulk": {
      "id": 3,
      "returntype": "error",
      "message": "Policy not available.",
      "data": []
    }
  }
}
`
	got, err := pgDecode(t, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	checkRecs(t, got, []want{{3, "3", "bulk-error", "Policy not available.", "protect", model.TypeError, true}})
	if want := doc[strings.Index(doc, `{
      "id"`) : strings.LastIndex(doc, "    }\n  }")+5]; got[0].Raw != want {
		t.Errorf("raw %q, want %q", got[0].Raw, want)
	}
	// No data at all; in an array (numbered); a success bulk with no items
	// gives nothing; a bulk with neither data nor error is bad.
	in := `[{"bulk":{"returntype":"error","id":4,"message":"x"}},{"bulk":{"id":5,"returntype":"success","data":[]}},{"bulk":{"id":6}}]`
	got, err = pgDecode(t, []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Ref != "1:4" || got[0].Code != "bulk-error" || got[0].Msg != "x" ||
		got[0].Raw != `{"returntype":"error","id":4,"message":"x"}` || got[1].Bad == "" || got[1].Raw != `{"id":6}` {
		t.Errorf("%+v", got)
	}
}

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
	if !res.Truncated || res.Format != FormatProtegrity {
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
	if err := newProtegrity().Decode(context.Background(), bytes.NewReader(in), 0, teeSink{st, &rs}); err != nil {
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
		if d := Detect(head, Mapping{}); d.Format != FormatProtegrity {
			t.Errorf("%s: detected %q", name, d.Format)
		}
	}
}

// pgGenerate writes n items in a layout (pretty, array, ndjson, wrapped),
// k items a document.
func pgGenerate(layout string, n, k int) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	pgWrite(w, layout, n, k)
	w.Flush()
	return b.Bytes()
}

// pgWrite is a small stand-in for testdata/gen: items cycle through success
// (with content), warning (no returncode), and two errors. It returns n.
func pgWrite(w *bufio.Writer, layout string, n, k int) int {
	if layout == "pretty" {
		k = max(n, 1)
	}
	ops := []string{"protect", "unprotect", "reprotect"}
	content := []string{"AGoAZABzAHIAdQBlAGMAagBaAEMAMQAyADMANA==", "QUJDREVGR0hJSktMTU5PUFFSU1RVVg==", "eHl6MTIzNDU2Nzg5MGFiY2RlZg=="}
	if layout == "array" {
		w.WriteString("[\n")
	}
	var buf []byte
	for doc, done := 1, 0; done < n; doc++ {
		m := min(k, n-done)
		pretty := layout == "pretty" || layout == "array"
		nlSep, ind := "", ""
		if pretty {
			nlSep, ind = "\n", "   "
		}
		b := buf[:0]
		if layout == "array" && doc > 1 {
			b = append(b, ",\n"...)
		}
		b = append(b, '{')
		op := ""
		if layout == "wrapped" {
			op = ops[doc%3]
			b = append(b, `"`+op+`":{`...)
		}
		b = append(b, nlSep+ind+`"bulk":{`+nlSep+ind+ind+`"id":`...)
		b = strconv.AppendInt(b, int64(doc), 10)
		b = append(b, ","+nlSep+ind+ind+`"returntype":"error",`+nlSep+ind+ind+`"data":[`...)
		for i := 1; i <= m; i++ {
			if len(b) > 32<<10 {
				w.Write(b)
				b = b[:0]
			}
			if i > 1 {
				b = append(b, ',')
			}
			b = append(b, nlSep+ind+ind+ind+`{`+nlSep+ind+ind+ind+ind+`"id":`...)
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, ","+nlSep+ind+ind+ind+ind...)
			switch (done + i) % 5 {
			case 0, 1:
				b = append(b, `"returncode":"/rest-v1/returncodes/id/6",`+nlSep+ind+ind+ind+ind+`"returntype":"success",`+nlSep+ind+ind+ind+ind+`"content":"`...)
				b = append(b, content[(done+i)%3]...)
				b = append(b, '"')
			case 2:
				b = append(b, `"returntype":"warning",`+nlSep+ind+ind+ind+ind+`"content":null`...)
			case 3:
				b = append(b, `"message":"Data is too short to be protected/unprotected.",`+nlSep+ind+ind+ind+ind+`"returncode":"/rest-v1/returncodes/id/22",`+nlSep+ind+ind+ind+ind+`"returntype":"error"`...)
			case 4:
				b = append(b, `"message":"The user does not have the appropriate permissions to perform the requested operation.",`+nlSep+ind+ind+ind+ind+`"returncode":"/rest-v1/returncodes/id/3",`+nlSep+ind+ind+ind+ind+`"returntype":"error"`...)
			}
			b = append(b, nlSep+ind+ind+ind+"}"...)
		}
		b = append(b, nlSep+ind+ind+"]"+nlSep+ind+"}"...)
		if op != "" {
			b = append(b, '}')
		}
		b = append(b, nlSep+"}"...)
		if layout != "array" {
			b = append(b, '\n')
		}
		w.Write(b)
		buf = b
		done += m
	}
	if layout == "array" {
		w.WriteString("\n]\n")
	}
	return n
}

func BenchmarkProtegrityDecode(b *testing.B) {
	for _, layout := range []string{"pretty", "array", "ndjson", "wrapped"} {
		b.Run(layout, func(b *testing.B) {
			in := pgGenerate(layout, 100000, 100)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			cat := model.DefaultCatalog()
			for b.Loop() {
				st := model.NewCounter(cat)
				if err := newProtegrity().Decode(context.Background(), bytes.NewReader(in), 0, st); err != nil {
					b.Fatal(err)
				}
				if st.Len() != 100000 {
					b.Fatalf("%d records", st.Len())
				}
			}
		})
	}
}

func FuzzProtegrity(f *testing.F) {
	for _, name := range []string{"success.json", "warning.json", "error.json", "mixed.json"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "protegrity", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add(pgGenerate("array", 7, 3))
	f.Add(pgGenerate("ndjson", 7, 3))
	f.Add(pgGenerate("wrapped", 7, 3))
	f.Add([]byte(`{"bulk":{"data":[{"id":1,"message":"x\u0041","content":"0123456789abcdefgh"}],"id":2}}`))
	f.Add([]byte("{\"bulk\":{\"id\":1,\"data\":[{\"id\":1,,}]}}\n{\"foo\":1}\n[1,{\"bulk\":{\"returntype\":\"error\",\"message\":\"m\"}}]\nxyz\n"))
	cat := model.DefaultCatalog()
	f.Add([]byte("\xef\xbb\xbf{\"protect\":{\"bulk\":{\"id\":1,\"data\":[\"a\\\"b\"]}}}\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var s recSink
		st := model.NewStore(cat)
		err := newProtegrity().Decode(context.Background(), bytes.NewReader(in), 0, teeSink{&s, st})
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("error %v", err)
		}
		snap := st.Snapshot()
		for i, r := range s.recs {
			if raw, _ := snap.Raw(i); r.Bad == "" && string(raw) != r.Raw {
				t.Fatalf("record %d: store gives back %q, want %q", i, raw, r.Raw)
			}
			if r.Bad == "" && r.Code != "bulk-error" && !json.Valid([]byte(r.Raw)) {
				t.Fatalf("record %d: raw %q is not JSON", i, r.Raw)
			}
		}
		// A valid JSON text, or lines that each are one, give no syntax
		// errors and the records that encoding/json finds.
		doc := bytes.TrimPrefix(in, bom)
		want, valid := pgOracle(doc)
		if !valid {
			want, valid = 0, true
			for line := range bytes.SplitSeq(doc, []byte("\n")) {
				if line = bytes.Trim(line, " \t\r"); len(line) == 0 {
					continue
				}
				n, ok := pgOracle(line)
				want += n
				valid = valid && ok
			}
		}
		if valid {
			if err != nil {
				t.Fatalf("valid JSON: error %v", err)
			}
			for _, r := range s.recs {
				if strings.HasPrefix(r.Bad, "broken JSON") {
					t.Fatalf("valid JSON: %s", r.Bad)
				}
			}
			if want != len(s.recs) {
				t.Fatalf("valid JSON: %d records, encoding/json finds %d", len(s.recs), want)
			}
		}
		for _, r := range s.recs {
			if r.Bad == "" && r.Line < 1 || r.Line < 0 {
				t.Fatalf("line %d", r.Line)
			}
			if len(r.Raw) > len(in)+64 && r.Bad != "" {
				t.Fatalf("bad raw longer than the input")
			}
			checkHoles(t, r)
		}
		// The same through a reader that gives one byte at a time: the
		// same records.
		var s1 recSink
		err1 := newProtegrity().Decode(context.Background(), iotestOneByte{bytes.NewReader(in)}, 0, &s1)
		if (err == nil) != (err1 == nil) || len(s1.recs) != len(s.recs) {
			t.Fatalf("one byte at a time: %d records, %v; whole: %d records, %v", len(s1.recs), err1, len(s.recs), err)
		}
		for i := range s.recs {
			a, b := s.recs[i], s1.recs[i]
			if a.Ref != b.Ref || a.Code != b.Code || a.Line != b.Line || a.Msg != b.Msg || (a.Bad == "") != (b.Bad == "") ||
				(a.Bad == "" && a.Raw != b.Raw) {
				t.Fatalf("record %d differs:\n%+v\n%+v", i, a, b)
			}
		}
	})
}

type iotestOneByte struct{ r io.Reader }

func (o iotestOneByte) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

// pgOracle counts the records a valid JSON text should give (items, bulk
// errors, bad documents and bulks), reading it with encoding/json.
func pgOracle(in []byte) (n int, ok bool) {
	doc := func(raw json.RawMessage) {
		if raw[0] != '{' {
			n++
			return
		}
		bulks := 0
		for _, m := range pgMembers(raw) {
			var wrapped []pgMember
			switch m.key {
			case "bulk":
				wrapped = []pgMember{m}
			case "protect", "unprotect", "reprotect":
				if m.val[0] == '{' {
					wrapped = pgMembers(m.val)
				}
			}
			for _, b := range wrapped {
				if b.key != "bulk" || b.val[0] != '{' {
					continue
				}
				bulks++
				items, hasData, isErr, hasMsg := 0, false, false, false
				for _, f := range pgMembers(b.val) {
					switch c := f.val[0]; f.key {
					case "data":
						var arr []json.RawMessage
						if c == '[' && json.Unmarshal(f.val, &arr) == nil {
							hasData = true
							items += len(arr)
						}
					case "returntype":
						if c != 'n' && c != '{' && c != '[' {
							var s string
							isErr = json.Unmarshal(f.val, &s) == nil && strings.EqualFold(s, "error")
						}
					case "message":
						hasMsg = hasMsg || (c != 'n' && c != '{' && c != '[')
					}
				}
				if items > 0 {
					n += items
				} else if isErr || hasMsg || !hasData {
					n++ // a bulk error, or a bulk without data: bad
				}
			}
		}
		if bulks == 0 {
			n++
		}
	}
	var top json.RawMessage
	if !json.Valid(in) || json.Unmarshal(in, &top) != nil {
		return 0, false
	}
	if top[0] != '[' {
		doc(top)
		return n, true
	}
	var arr []json.RawMessage
	if json.Unmarshal(top, &arr) != nil {
		return 0, false
	}
	for _, d := range arr {
		doc(d)
	}
	return n, true
}

type pgMember struct {
	key string
	val json.RawMessage
}

// pgMembers lists an object's members in order, repeated keys included.
func pgMembers(obj json.RawMessage) []pgMember {
	d := json.NewDecoder(bytes.NewReader(obj))
	d.Token()
	var ms []pgMember
	for d.More() {
		k, err := d.Token()
		if err != nil {
			return ms
		}
		var v json.RawMessage
		if d.Decode(&v) != nil {
			return ms
		}
		ms = append(ms, pgMember{k.(string), v})
	}
	return ms
}
