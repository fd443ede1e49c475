package source

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// FuzzJSONLines feeds arbitrary bytes to the Sitecore decoder. Blank lines
// are lines of only JSON white space (space, tab, CR, LF; a line of a form
// feed or a U+00A0 is a bad line, not a blank one); every other line is one
// record or one bad line, good exactly when it is a JSON object with a
// non-null "code" (as encoding/json reads it), and the store gives back each
// line's bytes.
func FuzzJSONLines(f *testing.F) {
	for _, s := range []string{
		`{"ref": "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f", "code":"409", "message":"Resource conflict"}` + "\n",
		`{"ref": "a", "code": 409, "message": "Resource conflict"}` + "\r\n" + `{"ref": "b", "code": "404", "message": "Guest not found"}`,
		"\xef\xbb\xbf" + `{"ref": "a", "code": "400", "message": "Validation error"}` + "\n\n\n",
		`{"ref": "a", "code": "400", "message": "\u001b[2J \"quoted\" \ud800"}` + "\n",
		`{"ref": "a", "code": "400", "message": "m", "code": "409", "extra": {"x": [1, {"y": null}]}}`,
		`{"ref": 12, "code": true, "message": ["x"]}` + "\n" + `{"code": null}`,
		"not json\n[1,2]\n{\"ref\": \"a\"}\n{\"ref\": \"a\", \"code\": \"4",
		"  \t \r\n\r\n\xc2\xa0\n\x0b\n",
		"{\"ref\": \"\xff\xfe\", \"code\": \"409\", \"message\": \"\xed\xa0\x80\"}",
		`{"ref": "a", "code": "409", "message": "x"}` + "\r\r\n" + `{"ref": "\u0000", "code": "\u0034", "message": "\u0000"}`,
		`{"ref": "a/b", "code": 4e2, "message": "m"} x`,
		`{"\u0063ode": "409", "ref": "a", "message": "escaped key"}`,
	} {
		f.Add([]byte(s))
	}
	// Lines longer than the line reader's buffer (64 bytes here), and one
	// longer than the limit (fuzzMaxLine). Small inputs reach every path of
	// the line reader: a seed of hundreds of KiB made each execution, and
	// minimizing each new input, take so long that the fuzzer hardly moved.
	f.Add([]byte(`{"ref": "a", "code": "400", "message": "` + strings.Repeat("long ", 30) + `"}` + "\n" +
		strings.Repeat("garbage ", 80) + "\n" + `{"ref": "b", "code": 409, "message": "m"}`))
	const fuzzMaxLine = 512
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newJSONLines(model.Sitecore.ID, SitecoreMapping, true)
		d.buf, d.max = 64, fuzzMaxLine
		recs, st, err := decodeWith(t, d, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		// The lines as the decoder should see them.
		type want struct {
			n    int
			line []byte
			cut  bool // longer than the limit (as read, with its BOM and CR)
		}
		var wants []want
		parts := bytes.Split(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] == '\n' {
			parts = parts[:len(parts)-1]
		}
		if len(data) == 0 {
			parts = nil
		}
		for i, p := range parts {
			cut := len(p) > fuzzMaxLine
			if cut {
				p = p[:fuzzMaxLine]
			}
			if i == 0 {
				p = bytes.TrimPrefix(p, bom)
			}
			if !cut {
				p = bytes.TrimSuffix(p, []byte("\r"))
			}
			if !cut && len(bytes.Trim(p, " \t\r\n")) == 0 {
				continue
			}
			wants = append(wants, want{i + 1, p, cut})
		}
		if len(recs) != len(wants) {
			t.Fatalf("%d records and bad lines for %d non-blank lines", len(recs), len(wants))
		}
		snap := st.Snapshot()
		if int(snap.Records()+snap.BadLines()) != len(wants) {
			t.Fatalf("store counts %d records + %d bad lines for %d non-blank lines", snap.Records(), snap.BadLines(), len(wants))
		}
		for i, w := range wants {
			r := recs[i]
			if w.cut {
				if r.Line != w.n || r.Raw != string(w.line) || !strings.Contains(r.Bad, "longer than the limit") {
					t.Fatalf("record %d: line %d raw %q bad %q; want line %d cut to %q", i, r.Line, r.Raw, r.Bad, w.n, w.line)
				}
				continue
			}
			if r.Line != w.n || r.Raw != string(w.line) {
				t.Fatalf("record %d: line %d raw %q; want line %d raw %q", i, r.Line, r.Raw, w.n, w.line)
			}
			var m map[string]json.RawMessage
			isRecord := json.Valid(w.line) && json.Unmarshal(w.line, &m) == nil && m != nil &&
				m["code"] != nil && string(m["code"]) != "null"
			if isRecord != (r.Bad == "") {
				t.Fatalf("line %d %q: bad %q, but encoding/json says record=%v", w.n, w.line, r.Bad, isRecord)
			}
			if isRecord {
				checkField(t, w.n, "code", r.Code, m["code"], true)
				if ref, ok := m["ref"]; ok {
					checkField(t, w.n, "ref", r.Ref, ref, false)
				}
				if msg, ok := m["message"]; ok && string(msg) != "null" {
					checkField(t, w.n, "message", r.Msg, msg, false)
				}
			}
		}
		checkRaw(t, recs, st)
	})
}

// checkField compares a decoded field with encoding/json's reading of its
// value: a string decoded (a code trimmed), equal after normalize (the
// decoder keeps invalid UTF-8 bytes where encoding/json puts U+FFFD); any
// other value its token, byte for byte.
func checkField(t *testing.T, line int, name, got string, raw json.RawMessage, trim bool) {
	t.Helper()
	var s string
	if json.Unmarshal(raw, &s) != nil {
		if got != string(raw) {
			t.Fatalf("line %d: %s %q, its token is %q", line, name, got, raw)
		}
		return
	}
	if trim {
		s = string(bytes.TrimSpace([]byte(s)))
	}
	if normalize(got) != s {
		t.Fatalf("line %d: %s %q, encoding/json %q", line, name, got, s)
	}
}

// lineFor makes realistic Sitecore lines: a seeded UUID and one of a few
// codes and messages, spaced as the generator writes them.
type lineFor struct {
	r    *rand.Rand
	msgs []string
}

func newLineFor(seed uint64) *lineFor {
	var msgs []string
	for _, m := range []struct{ code, msg string }{
		{"409", "Resource conflict"},
		{"409", "Resource conflict"},
		{"409", "Resource conflict: identity 'email' already exists"},
		{"400", "Validation error: undefined attribute 'loyaltyTier'"},
		{"400", "Validation error: incorrect data type for extension field 'points', expected integer but was string"},
		{"400", "Identity information missing"},
		{"404", "Guest not found"},
		{"403", "Action not allowed: guest has an active session"},
		{"402", "Unsupported mode 'updat'"},
		{"500", "Server error"},
	} {
		msgs = append(msgs, `", "code": "`+m.code+`", "message": "`+m.msg+`"}`+"\n")
	}
	return &lineFor{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), msgs: msgs}
}

func (g *lineFor) append(b []byte) []byte {
	a, c := g.r.Uint64(), g.r.Uint64()
	b = append(b, `{"ref": "`...)
	b = fmt.Appendf(b, "%08x-%04x-4%03x-%04x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff,
		uint16(c>>48)&0x3fff|0x8000, c&0xffffffffffff)
	return append(b, g.msgs[g.r.IntN(len(g.msgs))]...)
}

func benchLog(n int) []byte {
	g := newLineFor(1)
	b := make([]byte, 0, n*110)
	for range n {
		b = g.append(b)
	}
	return b
}

const benchRecords = 1_000_000

func BenchmarkDecodeSitecore(b *testing.B) {
	data := benchLog(benchRecords)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		st := model.NewCounter(model.DefaultCatalog())
		if err := newJSONLines(model.Sitecore.ID, SitecoreMapping, true).Decode(context.Background(), bytes.NewReader(data), st.AddSource("bench"), st); err != nil {
			b.Fatal(err)
		}
		if st.Len() != benchRecords {
			b.Fatalf("counted %d records", st.Len())
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRecords, "ns/record")
}

func BenchmarkDecodeSitecoreStore(b *testing.B) {
	data := benchLog(benchRecords)
	b.SetBytes(int64(len(data)))
	var heap uint64
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		st := model.NewStore(model.DefaultCatalog())
		if err := newJSONLines(model.Sitecore.ID, SitecoreMapping, true).Decode(context.Background(), bytes.NewReader(data), st.AddSource("bench"), st); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		if st.Len() != benchRecords {
			b.Fatalf("stored %d records", st.Len())
		}
		runtime.KeepAlive(st)
		heap += after.HeapAlloc - before.HeapAlloc
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchRecords, "ns/record")
	b.ReportMetric(float64(heap)/float64(b.N)/benchRecords, "bytes/record")
}
