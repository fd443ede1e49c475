package source

import (
	"bytes"
	"context"
	"encoding/json"
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
	if r.Format != model.Protegrity.ID {
		panic("format " + r.Format)
	}
	s.recs = append(s.recs, pgRec{
		Line: r.Line, Ref: string(r.Ref), Code: string(r.Code), Msg: string(r.Msg), Op: string(r.Op),
		Raw: string(r.Raw), Bad: r.Bad, Type: r.Type, HasType: r.HasType,
		Holes: append([]model.Hole(nil), r.Holes...),
	})
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
	var allPrefixed []want
	for i, d := range vendorDocs {
		docs = append(docs, pgFile(t, d.file))
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
			var w []want
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
			if res.Err != nil || res.Format != model.Protegrity.ID || !res.Compressed {
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
