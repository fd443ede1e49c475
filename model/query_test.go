package model

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"code:409", Query{Terms: []Term{{Field: "code", Values: []string{"409"}}}}},
		{"-code:500", Query{Terms: []Term{{Field: "code", Values: []string{"500"}, Neg: true}}}},
		{"returncode:22", Query{Terms: []Term{{Field: "code", Values: []string{"22"}}}}},
		{"returncode:/rest-v1/returncodes/id/22", Query{Terms: []Term{{Field: "code", Values: []string{"22"}}}}},
		{"code:409,404 TYPE:Error", Query{Terms: []Term{{Field: "code", Values: []string{"409", "404"}}, {Field: "type", Values: []string{"error"}}}}},
		{"ref:3e06 undefined attr", Query{Terms: []Term{{Field: "ref", Values: []string{"3e06"}}}, Words: []string{"undefined", "attr"}}},
		{`"not found" -timeout`, Query{Words: []string{"not found"}, Not: []string{"timeout"}}},
		{`title:"identity information missing"`, Query{Terms: []Term{{Field: "title", Values: []string{"identity information missing"}}}}},
		{`"a:b"`, Query{Words: []string{"a:b"}}},
		{"op:Unprotect format:protegrity", Query{Terms: []Term{{Field: "op", Values: []string{"unprotect"}}, {Field: "format", Values: []string{"protegrity"}}}}},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, *got, tt.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct{ in, wantMsg string }{
		{"foo:bar", `unknown field "foo"`},
		{"code:", "needs a value"},
		{"type:fatal", "types are error, warning, success, bad, all"},
		{`"open`, "unclosed quote"},
		{"code:409,", "an empty value"},
		{"- ", "a lone '-'"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("ParseQuery(%q) error = %v, want one saying %q", tt.in, err, tt.wantMsg)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"code:409", "-code:500 type:error", `ref:3e06 "not found"`, `title:"a,b"`, `"`, "-", "code:,", "a:b:c", `x"y"z`} {
		f.Add(s)
	}
	snap := mixedSnapshot(f)
	def, _ := snap.Run(context.Background(), &Query{})
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseQuery(in)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Pos < 0 || pe.Pos > len(in) {
				t.Fatalf("ParseQuery(%q): error %v is not a ParseError in range", in, err)
			}
			return
		}
		// The canonical form parses back to the same query.
		q2, err := ParseQuery(q.String())
		if err != nil {
			t.Fatalf("ParseQuery(%q).String() = %q does not parse: %v", in, q.String(), err)
		}
		if q2.String() != q.String() {
			t.Fatalf("round trip %q -> %q -> %q", in, q.String(), q2.String())
		}
		idx, err := snap.Run(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		// What it selects is of the types it shows; the default view is one.
		for _, i := range idx {
			if typ := snap.Row(int(i)).Type; !q.ShowsType(typ) {
				t.Fatalf("%q selects a %s record but ShowsType(%s) is false", in, typ, typ)
			}
		}
		if q.IsDefault() && !slices.Equal(idx, def) {
			t.Fatalf("%q is the default view but selects %d records, not %d", in, len(idx), len(def))
		}
	})
}

func runQuery(t *testing.T, snap *Snapshot, in string) []int32 {
	t.Helper()
	q, err := ParseQuery(in)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", in, err)
	}
	idx, err := snap.Run(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

func TestFilterTerms(t *testing.T) {
	s := NewStore(DefaultCatalog())
	const n = chunkSize + 700
	fill(s, n)
	snap := s.Snapshot()
	count := func(pred func(i int) bool) int {
		c := 0
		for i := range n {
			if pred(i) {
				c++
			}
		}
		return c
	}
	msgOf := func(i int) (string, string) { m := testMessages[i%len(testMessages)]; return m.code, m.msg }
	tests := []struct {
		q    string
		pred func(i int) bool
	}{
		{"", func(int) bool { return true }},
		{"code:409", func(i int) bool { c, _ := msgOf(i); return c == "409" }},
		{"-code:409", func(i int) bool { c, _ := msgOf(i); return c != "409" }},
		{"code:409,404", func(i int) bool { c, _ := msgOf(i); return c == "409" || c == "404" }},
		{"code:400 title:identity", func(i int) bool { _, m := msgOf(i); return m == "Not Enough Identifying Info" }},
		{"type:error", func(int) bool { return true }},
		{"type:success", func(int) bool { return false }},
		{"ref:" + testRef(12345)[:13], func(i int) bool { return strings.HasPrefix(testRef(i), testRef(12345)[:13]) }},
		{"ref:" + strings.ToUpper(testRef(77)), func(i int) bool { return i == 77 }},
		{"-ref:" + testRef(77), func(i int) bool { return i != 77 }},
		{"-conflict", func(i int) bool { _, m := msgOf(i); return m != "Resource conflict" }},
		{"file:import", func(int) bool { return true }},
		{"file:other", func(int) bool { return false }},
		{"code:409 undefined", func(int) bool { return false }},
	}
	for _, tt := range tests {
		got := runQuery(t, snap, tt.q)
		if want := count(tt.pred); len(got) != want {
			t.Errorf("%q: %d matches, want %d", tt.q, len(got), want)
		}
		for _, i := range got {
			if !tt.pred(int(i)) {
				t.Errorf("%q matched record %d (%+v)", tt.q, i, snap.Row(int(i)))
				break
			}
		}
	}
}

func TestFilterFuzzyOrder(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("x")
	msgs := []string{"Server error", "Validation error: undefined attribute 'loyaltyTier'", "Resource conflict", "Validation error: undefined attribute 'tier'"}
	for i := range 40 {
		addLine(s, src, i+1, testRef(i), "400", msgs[i%len(msgs)])
	}
	got := runQuery(t, s.Snapshot(), "undefined tier")
	if len(got) != 20 {
		t.Fatalf("%d matches, want 20", len(got))
	}
	// The records of one message stay together, in file order, and the
	// best-scoring message comes first.
	first := s.Snapshot().Row(int(got[0])).Msg
	for k := 1; k < len(got); k++ {
		a, b := s.Snapshot().Row(int(got[k-1])), s.Snapshot().Row(int(got[k]))
		if a.Msg == b.Msg && a.Index > b.Index {
			t.Fatalf("file order broken within %q", a.Msg)
		}
		if k < 10 && b.Msg != first {
			t.Fatalf("messages interleaved: %q at %d", b.Msg, k)
		}
	}
}

func TestFilterScanIncremental(t *testing.T) {
	s := NewStore(DefaultCatalog())
	fill(s, 1000)
	q, _ := ParseQuery("code:409")
	snap := s.Snapshot()
	idx, _ := snap.Compile(q).Scan(context.Background(), snap, 0, snap.Len(), nil)
	fill(s, chunkSize)
	snap2 := s.Snapshot()
	idx, _ = snap2.Compile(q).Scan(context.Background(), snap2, 1000, snap2.Len(), idx)
	all := runQuery(t, snap2, "code:409")
	if !reflect.DeepEqual(idx, all) {
		t.Fatalf("incremental %d matches, whole run %d", len(idx), len(all))
	}
}

func TestFilterCancel(t *testing.T) {
	s := NewStore(DefaultCatalog())
	fill(s, chunkSize*3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q, _ := ParseQuery("code:409")
	snap := s.Snapshot()
	if _, err := snap.Compile(q).Scan(ctx, snap, 0, snap.Len(), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Scan after cancel: %v", err)
	}
}

func TestCatalog(t *testing.T) {
	c := DefaultCatalog()
	tests := []struct{ format, code, msg, title string }{
		{"sitecore", "400", "Validation error: undefined attribute 'x'", "Validation error"},
		{"sitecore", "400", "Not Enough Identifying Info", "Identity information missing"},
		{"sitecore", "400", "Identity information missing", "Identity information missing"},
		{"sitecore", "400", "something new", "Validation error"},
		{"sitecore", "402", "", "Unsupported mode"},
		{"sitecore", "403", "", "Action not allowed"},
		{"sitecore", "404", "Guest not found", "Resource not found"},
		{"sitecore", "409", "", "Resource conflict"},
		{"sitecore", "500", "", "Server error"},
	}
	for _, tt := range tests {
		e := c.Lookup(tt.format, tt.code, tt.msg)
		if e == nil || e.Title != tt.title || e.Remedy == "" || e.Meaning == "" {
			t.Errorf("Lookup(%s %s %q) = %+v, want title %q with meaning and remedy", tt.format, tt.code, tt.msg, e, tt.title)
		}
	}
	for _, code := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "19", "20", "21", "22", "23", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "39", "40", "41", "42", "44", "46", "50", "51"} {
		if e := c.Lookup("protegrity", code, ""); e == nil || e.Remedy == "" {
			t.Errorf("protegrity code %s: no entry with a remedy", code)
		}
	}
	for _, code := range []string{"6", "8", "50"} {
		if e := c.Lookup("protegrity", code, ""); e.Type != "success" {
			t.Errorf("protegrity %s is %s, want success", code, e.Type)
		}
	}
	if c.Lookup("sitecore", "999", "") != nil {
		t.Error("unknown code found an entry")
	}
}

func TestParseQueryQuotedValues(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`code:"A,B"`, []string{"A,B"}},
		{`code:A,B`, []string{"A", "B"}},
		{`code:""`, []string{""}},
		{`code:"\x1b[2J"`, []string{"\x1b[2J"}},
		{`code:"a\"b\\c"`, []string{`a"b\c`}},
		{`code:"\u009b\xff"`, []string{"\u009b\xff"}},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%s): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(q.Terms[0].Values, tt.want) {
			t.Errorf("ParseQuery(%s) values %q, want %q", tt.in, q.Terms[0].Values, tt.want)
		}
	}
	if _, err := ParseQuery(`ref:""`); err == nil {
		t.Error(`ref:"" parsed; only code may be empty`)
	}
}

// FuzzQuoteValue: any text, quoted, reads back as itself, and its quoted
// form is safe to show.
func FuzzQuoteValue(f *testing.F) {
	for _, s := range []string{"", "409", "A,B", "a b", `a"b\c`, "\x1b[2J", "\xff", "-x", "code:1", `\x41`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		qv := QuoteValue(v)
		if Printable(qv) != qv {
			t.Fatalf("QuoteValue(%q) = %q is not printable", v, qv)
		}
		q, err := ParseQuery("ref:" + qv)
		if v == "" {
			return // ref: needs a value
		}
		if err != nil {
			t.Fatalf("ref:%s: %v", qv, err)
		}
		if len(q.Terms) != 1 || len(q.Terms[0].Values) != 1 || q.Terms[0].Values[0] != v {
			t.Fatalf("ref:%s read back as %+v, want %q", qv, q.Terms, v)
		}
	})
}

// TestFilterWordsExactFirst: a word some message contains counts only the
// messages containing it; a word none contains still matches fuzzily.
func TestFilterWordsExactFirst(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("x")
	msgs := []string{"Resource conflict", "Validation error: incorrect data type for extension field 'points'", "Validation error: undefined attribute 'loyaltyTier'", "Validation error: undefined attribute 'dob'"}
	for i := range 40 {
		addLine(s, src, i+1, testRef(i), "400", msgs[i%len(msgs)])
	}
	snap := s.Snapshot()
	for _, tt := range []struct {
		q    string
		want int
	}{
		{"conflict", 10},      // not the data-type message, whose letters also spell it
		{"LOYALTYTIER", 10},   // case does not matter
		{"dob", 10},           // only the 'dob' message
		{"undefloy", 10},      // no message contains it: fuzzy
		{"undefined dob", 10}, // both words, each its own way
		{"zzzz", 0},
	} {
		if got := len(runQuery(t, snap, tt.q)); got != tt.want {
			t.Errorf("%q: %d matches, want %d", tt.q, got, tt.want)
		}
	}
}

// TestFilterSuccessesByCode: successes are hidden by default, shown by
// type:success or type:all, and by a code: that names them.
func TestFilterSuccessesByCode(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("p.json")
	for i, code := range []string{"6", "22", "6", "8", "22"} {
		typ := TypeSuccess
		if code == "22" {
			typ = TypeError
		}
		s.Add(&Rec{Source: src, Line: i + 1, Format: "protegrity", Ref: []byte(fmt.Sprintf("1/%d", i+1)), Code: []byte(code), Type: typ, HasType: true, Raw: []byte("{}")})
	}
	snap := s.Snapshot()
	for q, want := range map[string]int{"": 2, "code:6": 2, "code:6,22": 4, "-code:22": 0, "type:success": 3, "type:all": 5} {
		if got := len(runQuery(t, snap, q)); got != want {
			t.Errorf("%q: %d records, want %d", q, got, want)
		}
	}
}

// TestFilterPastedRef: a word that looks like a ref and that no message
// contains finds the records whose ref begins with it.
func TestFilterPastedRef(t *testing.T) {
	s := NewStore(DefaultCatalog())
	fill(s, 3000)
	snap := s.Snapshot()
	ref := testRef(1234)
	for _, q := range []string{ref, strings.ToUpper(ref[:13]), ref[:8] + " identifying"} {
		got := runQuery(t, snap, q)
		want := runQuery(t, snap, "ref:"+strings.Fields(q)[0])
		if strings.Contains(q, "identifying") { // record 1234's message
			want = runQuery(t, snap, "ref:"+ref[:8]+" identifying")
		}
		if len(got) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %d records, want the %d of its ref: query", q, len(got), len(want))
		}
	}
	// A hex-looking word that a message does contain stays a message word.
	addLine(s, 0, 3001, "zz", "500", "Server error cafe1234")
	if got := runQuery(t, s.Snapshot(), "cafe1234"); len(got) != 1 {
		t.Errorf("cafe1234: %d records, want the one message", len(got))
	}
}

// TestCatalogMerge: a user's entries for a code replace the built-in ones,
// match words and all; other codes keep theirs.
func TestCatalogMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.json")
	if err := os.WriteFile(path, []byte(`{"entries": [{"format": "sitecore", "code": "400", "title": "Our 400", "type": "error", "meaning": "m", "remedy": "r"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := DefaultCatalog()
	if err := c.Merge(path); err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"Validation error: undefined attribute 'x'", "Not Enough Identifying Info"} {
		if e := c.Lookup("sitecore", "400", msg); e == nil || e.Title != "Our 400" {
			t.Errorf("400 %q: %+v, want the user's entry", msg, e)
		}
	}
	if e := c.Lookup("sitecore", "409", ""); e == nil || e.Title != "Resource conflict" {
		t.Errorf("409: %+v", e)
	}
	n400 := 0
	for _, e := range c.Entries("sitecore") {
		if e.Code == "400" {
			n400++
		}
	}
	if n400 != 1 {
		t.Errorf("codes lists %d entries for 400, want the user's one", n400)
	}
	if DefaultCatalog().Lookup("sitecore", "400", "Not Enough Identifying Info").Title != "Identity information missing" {
		t.Error("Merge changed the built-in catalog of later DefaultCatalog calls")
	}
}

// TestFilterWordInMessageWithNUL: a word a message contains matches it even
// where the fuzzy matcher stops short (at a NUL).
func TestFilterWordInMessageWithNUL(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("x")
	addLine(s, src, 1, "a", "409", "Resource\x00 conflict")
	addLine(s, src, 2, "b", "500", "Server error")
	if got := runQuery(t, s.Snapshot(), "conflict"); len(got) != 1 {
		t.Errorf("conflict: %d records, want 1", len(got))
	}
}

func TestCatalogMatchWordsAnyCase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mine.json")
	if err := os.WriteFile(path, []byte(`{"entries": [
		{"format": "sitecore", "code": "400", "title": "Ours A", "type": "error", "match": ["Identifying Info"], "meaning": "m", "remedy": "r"},
		{"format": "sitecore", "code": "400", "title": "Ours B", "type": "error", "meaning": "m", "remedy": "r"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := DefaultCatalog()
	if err := c.Merge(path); err != nil {
		t.Fatal(err)
	}
	if e := c.Lookup("sitecore", "400", "Not Enough Identifying Info"); e == nil || e.Title != "Ours A" {
		t.Errorf("match words are compared without case: got %+v", e)
	}
}
