package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/errscope/errscope/model"
)

// got is a copy of one model.Rec as a decoder handed it over (a Rec's slices
// are only valid during Add).
type got struct {
	Line                int
	Format              string
	Ref, Code, Msg, Raw string
	Bad                 string
}

type collect struct{ recs []got }

func (c *collect) Add(r *model.Rec) {
	c.recs = append(c.recs, got{
		Line: r.Line, Format: r.Format, Ref: string(r.Ref), Code: string(r.Code),
		Msg: string(r.Msg), Raw: string(r.Raw), Bad: r.Bad,
	})
}

// tee hands every record to each sink in turn.
type tee []model.Sink

func (t tee) Add(r *model.Rec) {
	for _, s := range t {
		s.Add(r)
	}
}

// testCatalog is parsed once: the stores only read it.
var testCatalog = model.DefaultCatalog()

// decodeWith decodes data with d into a fresh store and a collector.
func decodeWith(t testing.TB, d *jsonLines, r io.Reader) ([]got, *model.Store, error) {
	t.Helper()
	st := model.NewStore(testCatalog)
	src := st.AddSource("test.log")
	var c collect
	err := d.Decode(context.Background(), r, src, tee{st, &c})
	return c.recs, st, err
}

// decodeSitecore decodes data as a Sitecore error log and fails on an error.
func decodeSitecore(t testing.TB, data string) ([]got, *model.Store) {
	t.Helper()
	recs, st, err := decodeWith(t, newJSONLines(model.Sitecore.ID, SitecoreMapping, true), strings.NewReader(data))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return recs, st
}

// checkRaw asserts that the store gives back each record's line exactly.
func checkRaw(t testing.TB, recs []got, st *model.Store) {
	t.Helper()
	snap := st.Snapshot()
	if snap.Len() != len(recs) {
		t.Fatalf("store holds %d rows, decoder handed over %d", snap.Len(), len(recs))
	}
	for i, r := range recs {
		raw, size := snap.Raw(i)
		want := r.Raw
		if r.Bad != "" && len(want) > model.MaxBadRaw {
			want = want[:model.MaxBadRaw]
		}
		if string(raw) != want || size != len(r.Raw) {
			t.Errorf("row %d (line %d): Raw gives\n%q (size %d), the line was\n%q (size %d)",
				i, r.Line, raw, size, r.Raw, len(r.Raw))
		}
	}
}

const (
	uuid1 = "3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f"
	uuid2 = "0b6f1e2a-77c4-4e0b-a1d5-6c2f9e8d7b10"
	uuid3 = "f1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b"
)

func TestSitecoreSeedFormat(t *testing.T) {
	// The line exactly as Sitecore's page draws it (placeholders and all),
	// the same with real values, and the generator's spacing.
	data := `{"ref": "<UUID>", "code":"<error_code>", "message":"<reason_for_failure>"}` + "\n" +
		`{"ref": "` + uuid1 + `", "code":"409", "message":"Resource conflict"}` + "\n" +
		`{"ref": "` + uuid2 + `", "code": "400", "message": "Validation error: undefined attribute 'loyaltyTier'"}` + "\n"
	recs, st := decodeSitecore(t, data)
	want := []got{
		{Line: 1, Ref: "<UUID>", Code: "<error_code>", Msg: "<reason_for_failure>"},
		{Line: 2, Ref: uuid1, Code: "409", Msg: "Resource conflict"},
		{Line: 3, Ref: uuid2, Code: "400", Msg: "Validation error: undefined attribute 'loyaltyTier'"},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d: %+v", len(recs), len(want), recs)
	}
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	for i, w := range want {
		r := recs[i]
		if r.Bad != "" {
			t.Fatalf("line %d is bad: %s", r.Line, r.Bad)
		}
		if r.Line != w.Line || r.Ref != w.Ref || r.Code != w.Code || r.Msg != w.Msg || r.Format != "sitecore" {
			t.Errorf("record %d = %+v, want line %d ref %q code %q msg %q format sitecore", i, r, w.Line, w.Ref, w.Code, w.Msg)
		}
		if r.Raw != lines[i] {
			t.Errorf("record %d raw = %q, want %q", i, r.Raw, lines[i])
		}
	}
	checkRaw(t, recs, st)
	snap := st.Snapshot()
	if snap.Records() != 3 || snap.BadLines() != 0 {
		t.Errorf("store counts %d records, %d bad lines; want 3, 0", snap.Records(), snap.BadLines())
	}
	if row := snap.Row(1); row.Ref != uuid1 || row.Code != "409" || row.Msg != "Resource conflict" || row.Line != 2 {
		t.Errorf("store row 1 = %+v", row)
	}
}

func TestQuirks(t *testing.T) {
	t.Run("crlf and bom", func(t *testing.T) {
		data := "\xef\xbb\xbf" + `{"ref": "a", "code": "409", "message": "Resource conflict"}` + "\r\n" +
			`{"ref": "b", "code": "404", "message": "Guest not found"}` + "\r\n" +
			"\r\n" +
			`{"ref": "c", "code": "500", "message": "Server error"}` // no line ending at all
		recs, st := decodeSitecore(t, data)
		if len(recs) != 3 {
			t.Fatalf("got %d records, want 3: %+v", len(recs), recs)
		}
		for i, w := range []struct {
			line      int
			ref, code string
			raw       string
		}{
			{1, "a", "409", `{"ref": "a", "code": "409", "message": "Resource conflict"}`},
			{2, "b", "404", `{"ref": "b", "code": "404", "message": "Guest not found"}`},
			{4, "c", "500", `{"ref": "c", "code": "500", "message": "Server error"}`},
		} {
			r := recs[i]
			if r.Bad != "" || r.Line != w.line || r.Ref != w.ref || r.Code != w.code || r.Raw != w.raw {
				t.Errorf("record %d = %+v, want line %d ref %q code %q raw %q", i, r, w.line, w.ref, w.code, w.raw)
			}
		}
		checkRaw(t, recs, st)
	})

	t.Run("bom only on the first line", func(t *testing.T) {
		// A BOM further down is not white space to JSON: that line is bad.
		data := `{"ref": "a", "code": "409", "message": "m"}` + "\n\xef\xbb\xbf" + `{"ref": "b", "code": "409", "message": "m"}` + "\n"
		recs, _ := decodeSitecore(t, data)
		if len(recs) != 2 || recs[0].Bad != "" || recs[1].Bad == "" || recs[1].Line != 2 {
			t.Fatalf("got %+v; want line 1 good and line 2 bad", recs)
		}
	})

	t.Run("code as number or string", func(t *testing.T) {
		data := `{"ref": "a", "code": 409, "message": "Resource conflict"}` + "\n" +
			`{"ref": "b", "code": "409", "message": "Resource conflict"}` + "\n" +
			`{"ref": "c", "code": " 409 ", "message": "Resource conflict"}` + "\n" +
			`{"ref":"d","code":409,"message":"Resource conflict"}` + "\n"
		recs, st := decodeSitecore(t, data)
		if len(recs) != 4 {
			t.Fatalf("got %d records, want 4", len(recs))
		}
		for _, r := range recs {
			if r.Bad != "" || r.Code != "409" {
				t.Errorf("line %d: code %q bad %q; want code \"409\"", r.Line, r.Code, r.Bad)
			}
		}
		checkRaw(t, recs, st)
		// All four are one error type in the store's groups.
		snap := st.Snapshot()
		for k, kind := range snap.Kinds() {
			if kind.Code == "409" && snap.Count(k) != 4 {
				t.Errorf("kind 409 counts %d, want 4", snap.Count(k))
			}
		}
	})

	t.Run("a line of 5 MiB", func(t *testing.T) {
		var big strings.Builder
		for i := 0; big.Len() < 5<<20; i++ {
			fmt.Fprintf(&big, "attribute %d is not in the schema; ", i)
		}
		msg := big.String()
		long := `{"ref": "` + uuid2 + `", "code": "400", "message": "` + msg + `"}`
		data := `{"ref": "` + uuid1 + `", "code": "409", "message": "Resource conflict"}` + "\n" +
			long + "\n" +
			`{"ref": "` + uuid3 + `", "code": "500", "message": "Server error"}` + "\n"
		// Read in chunks of an odd size, as a pipe would hand them over.
		recs, st, err := decodeWith(t, newJSONLines(model.Sitecore.ID, SitecoreMapping, true),
			&chunkReader{r: strings.NewReader(data), n: 65521})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 {
			t.Fatalf("got %d records, want 3", len(recs))
		}
		for i, w := range []struct {
			line int
			ref  string
		}{{1, uuid1}, {2, uuid2}, {3, uuid3}} {
			if recs[i].Bad != "" || recs[i].Line != w.line || recs[i].Ref != w.ref {
				t.Errorf("record %d: line %d ref %q bad %q; want line %d ref %q", i, recs[i].Line, recs[i].Ref, recs[i].Bad, w.line, w.ref)
			}
		}
		if recs[1].Msg != msg {
			t.Errorf("the long message came back as %d bytes, want %d, intact", len(recs[1].Msg), len(msg))
		}
		if recs[1].Raw != long {
			t.Errorf("the long line's raw is %d bytes, want %d", len(recs[1].Raw), len(long))
		}
		checkRaw(t, recs, st)
	})

	t.Run("blank lines", func(t *testing.T) {
		data := "\n\n" + `{"ref": "a", "code": "409", "message": "m"}` + "\n   \n\t\r\n\n" +
			`{"ref": "b", "code": "409", "message": "m"}` + "\n\n"
		recs, st := decodeSitecore(t, data)
		if len(recs) != 2 || recs[0].Line != 3 || recs[1].Line != 7 {
			t.Fatalf("got %+v; want two records on lines 3 and 7", recs)
		}
		if st.Len() != 2 || st.Snapshot().BadLines() != 0 {
			t.Errorf("store holds %d rows, %d bad; want 2, 0", st.Len(), st.Snapshot().BadLines())
		}
	})

	t.Run("garbage lines", func(t *testing.T) {
		lines := []struct {
			raw string
			bad bool
		}{
			{`{"ref": "a", "code": "409", "message": "Resource conflict"}`, false},
			{`this is not JSON at all`, true},
			{`[{"ref": "b", "code": "409", "message": "Resource conflict"}]`, true},
			{`{"ref": "c", "message": "no code here"}`, true},
			{`{"ref": "d", "code": "409", "message": "Resource con`, true},
			{`{"ref": "e", "code": null, "message": "null code"}`, true},
			{`{"ref": "f", "code": "409", "message": "m"} trailing`, true},
			{`{"ref": "g", "code": "409", "message": "m"}{"ref": "h"}`, true},
			{"\x00\x01\x02\xff binary", true},
			{`"just a string"`, true},
			{`42`, true},
			{`{"ref": "i", "code": "500", "message": "Server error"}`, false},
		}
		var b strings.Builder
		for _, l := range lines {
			b.WriteString(l.raw + "\n")
		}
		recs, st := decodeSitecore(t, b.String())
		if len(recs) != len(lines) {
			t.Fatalf("got %d records, want one for each of %d lines", len(recs), len(lines))
		}
		for i, l := range lines {
			r := recs[i]
			if r.Line != i+1 || r.Raw != l.raw || (r.Bad != "") != l.bad {
				t.Errorf("line %d: got line %d raw %q bad %q; want raw %q bad=%v", i+1, r.Line, r.Raw, r.Bad, l.raw, l.bad)
			}
		}
		if recs[len(recs)-1].Ref != "i" {
			t.Errorf("the read did not go on after the garbage: last ref %q", recs[len(recs)-1].Ref)
		}
		snap := st.Snapshot()
		if snap.Records() != 2 || snap.BadLines() != 10 {
			t.Errorf("store counts %d records, %d bad lines; want 2, 10", snap.Records(), snap.BadLines())
		}
		for i := range lines {
			if row := snap.Row(i); row.Line != i+1 {
				t.Errorf("store row %d is on line %d, want %d", i, row.Line, i+1)
			}
		}
		checkRaw(t, recs, st)
	})

	t.Run("escapes", func(t *testing.T) {
		lines := []string{
			`{"ref": "a", "code": "400", "message": "\u001b[2J cleared"}`,
			`{"ref": "b", "code": "400", "message": "the \"quoted\" attribute"}`,
			`{"ref": "c", "code": "400", "message": "tab\there\nnew line \\ back\/slash \u00e9\u20ac \ud83d\ude00"}`,
			`{"ref": "d", "code": "400", "message": "lone surrogate \ud800 and \u0000 nul"}`,
			`{"ref": "\u0065", "code": "\u0034\u0030\u0030", "message": "raw é€ and \u001b]52;c;aGk=\u0007"}`,
		}
		recs, st := decodeSitecore(t, strings.Join(lines, "\n"))
		if len(recs) != len(lines) {
			t.Fatalf("got %d records, want %d", len(recs), len(lines))
		}
		for i, line := range lines {
			var want struct{ Ref, Code, Message string }
			if err := json.Unmarshal([]byte(line), &want); err != nil {
				t.Fatal(err)
			}
			r := recs[i]
			if r.Bad != "" || r.Ref != want.Ref || r.Code != want.Code || r.Msg != want.Message {
				t.Errorf("line %d: got ref %q code %q msg %q (bad %q); encoding/json says ref %q code %q msg %q",
					i+1, r.Ref, r.Code, r.Msg, r.Bad, want.Ref, want.Code, want.Message)
			}
		}
		if recs[0].Msg != "\x1b[2J cleared" || recs[1].Msg != `the "quoted" attribute` {
			t.Errorf("messages %q, %q", recs[0].Msg, recs[1].Msg)
		}
		checkRaw(t, recs, st)
	})

	t.Run("invalid utf-8 kept as bytes", func(t *testing.T) {
		// Unescaped bytes are kept as they are (the printable layer shows
		// them); encoding/json would have made them U+FFFD.
		line := "{\"ref\": \"a\", \"code\": \"400\", \"message\": \"bad \xff\xfe bytes\"}"
		recs, st := decodeSitecore(t, line)
		if len(recs) != 1 || recs[0].Bad != "" || recs[0].Msg != "bad \xff\xfe bytes" {
			t.Fatalf("got %+v", recs)
		}
		checkRaw(t, recs, st)
	})

	t.Run("duplicate keys: last wins", func(t *testing.T) {
		line := `{"ref": "a", "code": "400", "message": "first", "code": 409, "ref": "b", "message": "Resource conflict"}`
		recs, st := decodeSitecore(t, line+"\n")
		var want map[string]any
		if err := json.Unmarshal([]byte(line), &want); err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0].Ref != want["ref"] || recs[0].Code != "409" || recs[0].Msg != want["message"] {
			t.Fatalf("got %+v; encoding/json says %v", recs, want)
		}
		checkRaw(t, recs, st)
	})
}

func TestRoundTrip(t *testing.T) {
	lines := []string{
		`{"ref": "` + uuid1 + `", "code":"<error_code>", "message":"<reason_for_failure>"}`,
		`{"ref": "` + uuid1 + `", "code": "409", "message": "Resource conflict"}`,
		`{"ref":"` + uuid2 + `","code":409,"message":"Resource conflict"}`,
		`  {  "ref" :	"` + uuid3 + `" ,"code"  :  "400"	,	"message":"Validation error"  }	  `,
		`{"message": "order\tdiffers", "code": "404", "ref": "r-1"}`,
		`{"ref": "a", "code": "400", "message": "\u001b[2J \"quoted\" \\ \/"}`,
		`{"ref": "\u0061b", "code": "\u0034\u0030\u0030", "message": "x"}`,
		`{"ref": "a", "code": "400", "message": "m", "mode": "upsert", "attempt": 3, "extra": {"nested": [1, 2, {"ref": "inner"}]}}`,
		`{"batch": {"id": 7}, "ref": "a", "code": -4.5e+2, "message": null}`,
		`{"ref": 12345, "code": "409", "message": "numeric ref"}`,
		`{"ref": "tenant/guest/12", "code": "409", "message": "slashes"}`,
		`{"ref": "", "code": "", "message": ""}`,
		`{"ref": "a", "code": true, "message": ["not", "a", "string"]}`,
		`{"code": "500"}`,
		"{\"ref\": \"a\", \"code\": \"400\", \"message\": \"raw \xff bytes and é\"}",
		`{"ref": "a", "code": "409", "message": "dup", "message": "last", "code": 400}`,
		`{"ref": "a", "code": "409", "message": "same text as the ref a"}`,
		`{"ref": "a", "code": "409", "message": "with\u0000nul"}`,
		`{"ref": "a", "code": "409", "message": "crlf follows"}` + "\r",
	}
	data := strings.Join(lines, "\r\n") + "\r\n"
	recs, st := decodeSitecore(t, data)
	if len(recs) != len(lines) {
		t.Fatalf("got %d records, want %d", len(recs), len(lines))
	}
	for i, r := range recs {
		// The line ending is "\r\n"; the last line's own '\r' before it stays.
		want := lines[i]
		if r.Bad != "" {
			t.Errorf("line %d is bad: %s", r.Line, r.Bad)
		}
		if r.Raw != want {
			t.Errorf("line %d raw = %q, want %q", r.Line, r.Raw, want)
		}
	}
	checkRaw(t, recs, st)
}

func TestGenericMapping(t *testing.T) {
	d := newJSONLines(model.JSONLines.ID, Mapping{Ref: "record.id", Code: "error.code", Msg: "error.message"}, false)
	lines := []string{
		`{"record": {"id": "r1", "attempt": 2}, "error": {"code": 409, "message": "Resource conflict"}}`,
		`{"error": {"message": "Guest not found", "code": "404"}, "record": {"id": 77}}`,
		`{"record": {"id": "r3"}, "error": {"code": "500", "message": "Server error", "detail": {"message": "inner"}}, "code": "top"}`,
		`{"record": {"id": "r4"}, "error": "a string, not an object"}`,
		`{"record": "r5", "error": {"code": "400"}}`,
		`{"id": "r6", "code": "400", "message": "none of the mapped fields"}`,
		`{"record": {"id": "r7", "id": "r7b"}, "error": {"code": "400", "message": "dup"}, "error": {"code": "402", "message": "last error wins"}}`,
		`{"record": {"id": "r8"}, "error": {"code": "400", "message": "broken"`,
	}
	recs, st, err := decodeWith(t, d, strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{
		{Ref: "r1", Code: "409", Msg: "Resource conflict"},
		{Ref: "77", Code: "404", Msg: "Guest not found"},
		{Ref: "r3", Code: "500", Msg: "Server error"},
		{Ref: "r4"},
		{Code: "400"},
		{Bad: "none of the fields"},
		{Ref: "r7b", Code: "402", Msg: "last error wins"},
		{Bad: "broken JSON"},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d", len(recs), len(want))
	}
	for i, w := range want {
		r := recs[i]
		if r.Format != model.JSONLines.ID || r.Line != i+1 || r.Raw != lines[i] {
			t.Errorf("record %d: format %q line %d raw %q", i, r.Format, r.Line, r.Raw)
		}
		if w.Bad != "" {
			if !strings.Contains(r.Bad, w.Bad) {
				t.Errorf("line %d: bad %q, want it to say %q", i+1, r.Bad, w.Bad)
			}
			continue
		}
		if r.Bad != "" || r.Ref != w.Ref || r.Code != w.Code || r.Msg != w.Msg {
			t.Errorf("line %d: got ref %q code %q msg %q bad %q; want ref %q code %q msg %q",
				i+1, r.Ref, r.Code, r.Msg, r.Bad, w.Ref, w.Code, w.Msg)
		}
	}
	checkRaw(t, recs, st)
}

func TestDecodeCanceled(t *testing.T) {
	var b strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&b, `{"ref": "%d", "code": "409", "message": "Resource conflict"}`+"\n", i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var c collect
	err := newJSONLines(model.Sitecore.ID, SitecoreMapping, true).Decode(ctx, strings.NewReader(b.String()), 0, &c)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Decode after cancel = %v, want context.Canceled", err)
	}
	if len(c.recs) >= 10000 {
		t.Errorf("a canceled decode read all %d lines", len(c.recs))
	}
}
