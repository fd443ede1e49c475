package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

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
		err := newProtegrity().Decode(context.Background(), bytes.NewReader(in), 0, tee{&s, st})
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
