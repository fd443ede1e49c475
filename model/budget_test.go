package model

import (
	"context"
	"fmt"
	"testing"
)

// TestStopKeeping: a store that stops keeping rows holds the rows it had,
// readable as they were, and counts every record after it as a store that
// kept them all would: totals, error types, patterns and sources.
func TestStopKeeping(t *testing.T) {
	const held, more = 5_000, 12_345
	whole, capped := NewStore(DefaultCatalog()), NewStore(DefaultCatalog())
	fill(whole, held+more)
	src := capped.AddSource("import.gz")
	for i := range held + more {
		if i == held {
			capped.StopKeeping()
		}
		m := testMessages[i%len(testMessages)]
		addLine(capped, src, i+1, testRef(i), m.code, m.msg)
	}
	w, c := whole.Snapshot(), capped.Snapshot()
	if c.Len() != held || capped.Len() != held || !c.Partial() || !capped.Stopped() || w.Partial() {
		t.Fatalf("rows %d (store %d), partial %v, stopped %v; want %d rows held, partial (the whole store: %v)", c.Len(), capped.Len(), c.Partial(), capped.Stopped(), held, w.Partial())
	}
	if c.Records() != held+more || c.Records() != w.Records() {
		t.Errorf("records %d, want %d", c.Records(), held+more)
	}
	if r, _ := c.SourceCounts(0); r != held+more {
		t.Errorf("source counts %d records, want %d", r, held+more)
	}
	if wg, cg := fmt.Sprint(w.Groups()), fmt.Sprint(c.Groups()); wg != cg {
		t.Errorf("groups differ:\n whole  %s\n capped %s", wg, cg)
	}
	for _, g := range w.Groups() {
		if wp, cp := fmt.Sprint(w.Patterns(g.ID)), fmt.Sprint(c.Patterns(g.ID)); wp != cp {
			t.Errorf("patterns of %s differ:\n whole  %s\n capped %s", g.Kind.Code, wp, cp)
		}
	}
	for _, i := range []int{0, 1, held / 2, held - 1} {
		wr, _ := w.Raw(i)
		cr, _ := c.Raw(i)
		if w.Row(i) != c.Row(i) || string(wr) != string(cr) {
			t.Errorf("row %d: %+v %q, want %+v %q", i, c.Row(i), cr, w.Row(i), wr)
		}
	}
	// A filter runs over the rows held: what it finds is what the whole
	// store finds among them.
	q, err := ParseQuery("code:409")
	if err != nil {
		t.Fatal(err)
	}
	ci, _ := c.Compile(q).Scan(context.Background(), c, 0, c.Len(), nil)
	wi, _ := w.Compile(q).Scan(context.Background(), w, 0, held, nil)
	if len(ci) == 0 || fmt.Sprint(ci) != fmt.Sprint(wi) {
		t.Errorf("code:409 over the rows held: %d rows, want the whole store's %d among its first %d", len(ci), len(wi), held)
	}
	// A counter does not change: it keeps no rows anyway.
	n := NewCounter(DefaultCatalog())
	fill(n, 10)
	n.StopKeeping()
	if n.Stopped() || n.Snapshot().Partial() || n.Len() != 10 {
		t.Errorf("a counter told to stop keeping: stopped %v, partial %v, len %d", n.Stopped(), n.Snapshot().Partial(), n.Len())
	}
}
