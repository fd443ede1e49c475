package model

import (
	"bytes"
	"fmt"
	"testing"
)

func TestStoreRowsAndRaw(t *testing.T) {
	s := NewStore(DefaultCatalog())
	const n = chunkSize*2 + 17 // cross chunk boundaries
	fill(s, n)
	snap := s.Snapshot()
	if snap.Len() != n || snap.Records() != n || snap.BadLines() != 0 {
		t.Fatalf("Len %d Records %d Bad %d, want %d %d 0", snap.Len(), snap.Records(), snap.BadLines(), n, n)
	}
	for _, i := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, n - 1} {
		m := testMessages[i%len(testMessages)]
		row := snap.Row(i)
		if row.Ref != testRef(i) || row.Code != m.code || row.Msg != m.msg || row.Line != i+1 {
			t.Errorf("Row(%d) = %+v, want ref %s code %s msg %q line %d", i, row, testRef(i), m.code, m.msg, i+1)
		}
		raw, size := snap.Raw(i)
		want := sitecoreLine(testRef(i), m.code, m.msg)
		if !bytes.Equal(raw, want) || size != len(want) {
			t.Errorf("Raw(%d) = %q (%d), want %q", i, raw, size, want)
		}
	}
	// Templates are shared: one per line shape, not one per record.
	if len(snap.tmpls) != 1 {
		t.Errorf("%d templates for one line shape, want 1", len(snap.tmpls))
	}
}

func TestStoreRawKeepsWhatItCannotRebuild(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("x")
	raw := []byte(`{"ref": "a\u0062c", "code": 409, "message": "say \"hi\"", "extra": [1, 2]}`)
	s.Add(&Rec{Source: src, Line: 3, Format: "sitecore", Ref: []byte("abc"), Code: []byte("409"), Msg: []byte(`say "hi"`), Raw: raw,
		Holes: []Hole{{FieldRef, 8, 20}, {FieldCode, 30, 33}, {FieldMsg, 46, 58}}})
	got, _ := s.Snapshot().Raw(0)
	if !bytes.Equal(got, raw) {
		t.Fatalf("Raw = %q, want %q", got, raw)
	}
}

func TestStoreSnapshotIsStable(t *testing.T) {
	s := NewStore(DefaultCatalog())
	fill(s, 100)
	snap := s.Snapshot()
	fill(s, chunkSize)
	if snap.Len() != 100 || snap.Records() != 100 {
		t.Fatalf("old snapshot changed: Len %d Records %d", snap.Len(), snap.Records())
	}
	if got := s.Snapshot().Len(); got != 100+chunkSize {
		t.Fatalf("new snapshot Len %d", got)
	}
}

func TestStoreBadLines(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("x")
	addLine(s, src, 1, "r1", "409", "Resource conflict")
	long := bytes.Repeat([]byte("x"), MaxBadRaw+10)
	s.Add(&Rec{Source: src, Line: 2, Format: "sitecore", Raw: []byte("not json"), Bad: "not a JSON object"})
	s.Add(&Rec{Source: src, Line: 3, Format: "sitecore", Raw: long, Bad: "not a JSON object"})
	snap := s.Snapshot()
	if snap.Records() != 1 || snap.BadLines() != 2 {
		t.Fatalf("Records %d Bad %d, want 1 2", snap.Records(), snap.BadLines())
	}
	row := snap.Row(1)
	if row.Type != TypeBad || row.Line != 2 || row.Msg != "not a JSON object" {
		t.Errorf("bad row = %+v", row)
	}
	if raw, size := snap.Raw(1); string(raw) != "not json" || size != 8 {
		t.Errorf("bad Raw = %q %d", raw, size)
	}
	if raw, size := snap.Raw(2); len(raw) != MaxBadRaw || size != len(long) {
		t.Errorf("long bad Raw kept %d of %d", len(raw), size)
	}
}

func TestGroupsCountWhatWasWritten(t *testing.T) {
	cat := DefaultCatalog()
	for _, counter := range []bool{false, true} {
		s := NewStore(cat)
		if counter {
			s = NewCounter(cat)
		}
		want := map[string]int64{}
		src := s.AddSource("x")
		for i := range 10000 {
			m := testMessages[(i*7+i/3)%len(testMessages)]
			addLine(s, src, i+1, testRef(i), m.code, m.msg)
			title := cat.Lookup("sitecore", m.code, m.msg).Title
			want[m.code+" "+title]++
		}
		got := map[string]int64{}
		var prev int64 = 1 << 62
		for _, g := range s.Snapshot().Groups() {
			got[g.Kind.Code+" "+g.Kind.Title] = g.Count
			if g.Count > prev {
				t.Errorf("groups not largest first: %d after %d", g.Count, prev)
			}
			prev = g.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("counter=%v groups %v, want %v", counter, got, want)
		}
		if len(got) != 7 {
			t.Errorf("want the two 400s apart: %v", got)
		}
	}
}

func TestGroupsOrderByType(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("p.json")
	add := func(n int, code string, typ Type) {
		for range n {
			s.Add(&Rec{Source: src, Format: "protegrity", Ref: []byte("1/1"), Code: []byte(code), Type: typ, HasType: true, Raw: []byte("{}")})
		}
	}
	add(50, "6", TypeSuccess)
	add(3, "warning", TypeWarning)
	add(5, "22", TypeError)
	add(7, "3", TypeError)
	var order []string
	for _, g := range s.Snapshot().Groups() {
		order = append(order, g.Kind.Code)
	}
	if fmt.Sprint(order) != "[3 22 warning 6]" {
		t.Errorf("order %v, want errors by count, then warnings, then successes", order)
	}
}

// TestStoreManyLineShapes: lines that differ beyond ref, code and message
// (a timestamp each) stop making templates at maxTemplates and keep their
// bytes; every line still comes back exactly, and the classes stay bounded.
func TestStoreManyLineShapes(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("ts.ndjson")
	const n = maxTemplates + 3000
	lines := make([][]byte, n)
	for i := range n {
		ref := testRef(i)
		raw := fmt.Appendf(nil, `{"ts": "2026-11-23T19:%02d:%02d.%06dZ", "ref": %q, "code": "409", "message": "Resource conflict"}`, i/3600%60, i/60%60, i, ref)
		lines[i] = raw
		rs := len(`{"ts": "2026-11-23T19:00:00.000000Z", "ref": `)
		s.Add(&Rec{Source: src, Line: i + 1, Format: "sitecore", Ref: []byte(ref), Code: []byte("409"), Msg: []byte("Resource conflict"), Raw: raw,
			Holes: []Hole{{FieldRef, rs, rs + len(ref) + 2}}})
	}
	snap := s.Snapshot()
	if len(snap.tmpls) != maxTemplates || len(snap.classes) > maxTemplates+1 {
		t.Errorf("%d templates, %d classes; want %d and at most one more", len(snap.tmpls), len(snap.classes), maxTemplates)
	}
	for _, i := range []int{0, maxTemplates - 1, maxTemplates, n - 1} {
		if raw, size := snap.Raw(i); !bytes.Equal(raw, lines[i]) || size != len(lines[i]) {
			t.Errorf("Raw(%d) = %q, want %q", i, raw, lines[i])
		}
	}
}
