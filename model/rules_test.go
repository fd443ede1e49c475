package model

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// mixedSnapshot holds Sitecore records (its two 400s among them), Protegrity
// errors, warnings and successes, and unreadable lines of both.
func mixedSnapshot(t testing.TB) *Snapshot {
	t.Helper()
	s := NewStore(DefaultCatalog())
	sc := s.AddSource("import.gz")
	for i := range 700 {
		m := testMessages[(i*7+i/3)%len(testMessages)]
		addLine(s, sc, i+1, testRef(i), m.code, m.msg)
	}
	s.Add(&Rec{Source: sc, Line: 701, Format: "sitecore", Raw: []byte("not json"), Bad: "not a JSON object"})
	pg := s.AddSource("response.json")
	add := func(n int, code string, typ Type) {
		for i := range n {
			s.Add(&Rec{Source: pg, Line: i + 1, Format: "protegrity", Ref: fmt.Appendf(nil, "1/%d", i), Code: []byte(code), Type: typ, HasType: true, Raw: []byte("{}")})
		}
	}
	add(50, "6", TypeSuccess)
	add(3, "warning", TypeWarning)
	add(5, "22", TypeError)
	add(9, "3", TypeError)
	add(4, "409", TypeError) // a code Sitecore has too
	s.Add(&Rec{Source: pg, Line: 99, Format: "protegrity", Raw: []byte("]["), Bad: "not JSON"})
	return s.Snapshot()
}

func run(t *testing.T, snap *Snapshot, query string) []int32 {
	t.Helper()
	q, err := ParseQuery(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	idx, err := snap.Run(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestGroupQuerySelectsTheGroup: the query of each group selects exactly
// its records, among groups of two formats that share codes.
func TestGroupQuerySelectsTheGroup(t *testing.T) {
	snap := mixedSnapshot(t)
	gs := snap.Groups()
	titled := 0
	for _, g := range gs {
		if g.Kind.Type == TypeSuccess || g.Kind.Type == TypeBad {
			continue
		}
		q := GroupQuery(g.Kind, gs)
		idx := run(t, snap, q)
		if int64(len(idx)) != g.Count {
			t.Errorf("%s: %d records, want %d (%s %s)", q, len(idx), g.Count, g.Kind.Format, g.Kind.Title)
		}
		for _, i := range idx {
			if k := snap.Row(int(i)).Kind; k != g.ID {
				t.Errorf("%s selects a record of %+v", q, snap.Kinds()[k])
				break
			}
		}
		if strings.Contains(q, " title:") {
			titled++
		}
		if !strings.Contains(q, " format:"+g.Kind.Format) {
			t.Errorf("%s: groups of two formats, want a format: term", q)
		}
	}
	if titled != 2 {
		t.Errorf("%d queries name a title, want Sitecore's two 400s", titled)
	}
	for _, tc := range []struct {
		typ  Type
		want int64
	}{{TypeSuccess, 50}, {TypeBad, 2}} {
		if n := len(run(t, snap, TypeQuery(tc.typ))); int64(n) != tc.want {
			t.Errorf("%s: %d records, want %d", TypeQuery(tc.typ), n, tc.want)
		}
	}
	// One format alone: no format: term, and a code of its own no title.
	one := []Group{{Kind: Kind{Format: "sitecore", Code: "409", Title: "Resource conflict"}}}
	if q := GroupQuery(one[0].Kind, one); q != "code:409" {
		t.Errorf("GroupQuery alone = %q, want code:409", q)
	}
}

func TestByFormat(t *testing.T) {
	g := func(format, code string, typ Type, n int64) Group {
		return Group{Kind: Kind{Format: format, Code: code, Type: typ}, Count: n}
	}
	gs := []Group{g("protegrity", "3", TypeError, 9), g("sitecore", "409", TypeError, 5), g("protegrity", "22", TypeError, 4),
		g("jsonl", "ok", TypeSuccess, 7), g("protegrity", "6", TypeSuccess, 3), g("sitecore", "", TypeBad, 1)}
	var got []string
	for _, x := range ByFormat(gs) {
		got = append(got, x.Kind.Format+" "+x.Kind.Code)
	}
	want := []string{"protegrity 3", "protegrity 22", "protegrity 6", "sitecore 409", "sitecore ", "jsonl ok"}
	if !slices.Equal(got, want) {
		t.Errorf("ByFormat = %q, want %q", got, want)
	}
}

// TestGroupsOneOrder: by type, then largest first, whatever order the
// kinds were first seen in.
func TestGroupsOneOrder(t *testing.T) {
	gs := mixedSnapshot(t).Groups()
	if !slices.IsSortedFunc(gs, CompareGroups) {
		t.Fatalf("Groups not in CompareGroups order")
	}
	for i := 1; i < len(gs); i++ {
		a, b := gs[i-1], gs[i]
		if a.Kind.Type > b.Kind.Type || (a.Kind.Type == b.Kind.Type && a.Count < b.Count) {
			t.Errorf("%+v before %+v", a, b)
		}
	}
}

func TestIsDefault(t *testing.T) {
	var nilQ *Query
	if !nilQ.IsDefault() {
		t.Error("nil query is not the default view")
	}
	for in, want := range map[string]bool{"": true, "   ": true, "code:409": false, "conflict": false, "-timeout": false, "type:all": false} {
		q, err := ParseQuery(in)
		if err != nil {
			t.Fatal(err)
		}
		if q.IsDefault() != want {
			t.Errorf("%q.IsDefault() = %v, want %v", in, !want, want)
		}
	}
}

// TestShowsType: ShowsType says which types a query can select, as
// running it on records of every type finds.
func TestShowsType(t *testing.T) {
	snap := mixedSnapshot(t)
	var nilQ *Query
	if nilQ.ShowsBadLines() || nilQ.ShowsType(TypeSuccess) || !nilQ.ShowsType(TypeError) {
		t.Error("nil query: want the default view's types")
	}
	for _, in := range []string{"", "type:bad", "type:all", "-type:error", "type:error", "type:error,warning", "-type:error -type:bad",
		"-type:all", "code:6", "-code:6", "code:409", "conflict", "type:success,bad", "type:Bad"} {
		q, err := ParseQuery(in)
		if err != nil {
			t.Fatal(err)
		}
		found := map[Type]bool{}
		for _, i := range run(t, snap, in) {
			found[snap.Row(int(i)).Type] = true
		}
		for typ := range typeCount {
			// A type the query selects is one it shows; the terms other
			// than type: may leave out records it would show.
			if found[typ] && !q.ShowsType(typ) {
				t.Errorf("%q selects %s records but ShowsType(%s) is false", in, typ, typ)
			}
		}
		if !hasOtherTerms(q) {
			for typ := range typeCount {
				if q.ShowsType(typ) != found[typ] {
					t.Errorf("%q: ShowsType(%s) = %v, but running it finds %v", in, typ, q.ShowsType(typ), found[typ])
				}
			}
		}
		if q.ShowsBadLines() != q.ShowsType(TypeBad) {
			t.Errorf("%q: ShowsBadLines differs from ShowsType(bad)", in)
		}
	}
}

func hasOtherTerms(q *Query) bool {
	for _, t := range q.Terms {
		if t.Field != "type" {
			return true
		}
	}
	return len(q.Words)+len(q.Not) > 0
}
