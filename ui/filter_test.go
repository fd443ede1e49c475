package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/errscope/errscope/model"
)

// distinctSnap is n records whose messages are all distinct.
func distinctSnap(n int) *model.Snapshot {
	s := model.NewStore(model.DefaultCatalog())
	s.AddSource("m.gz")
	for i := range n {
		ref := fmt.Sprintf("r%d", i)
		msg := fmt.Sprintf("distinct message %d x", i)
		s.Add(&model.Rec{Line: i + 1, Format: "sitecore", Ref: []byte(ref), Code: []byte("409"), Msg: []byte(msg),
			Raw: fmt.Appendf(nil, `{"ref":%q,"code":"409","message":%q}`, ref, msg)})
	}
	return s.Snapshot()
}

// TestFilterNewerQueryCancelsOlder: typing the next key cancels the run of
// the query before it: that run ends with the cancellation, not with a
// result, and the filter takes only the newer one's.
func TestFilterNewerQueryCancelsOlder(t *testing.T) {
	snap := distinctSnap(20_000)
	f := newFilter()
	older := f.Set("dist", snap)
	newer := f.Set("dist 4", snap)
	om := older().(filterMsg)
	if !errors.Is(om.err, context.Canceled) || om.idx != nil {
		t.Fatalf("the older run gave %d records and %v, want none and context.Canceled", len(om.idx), om.err)
	}
	if _, _, ok := f.Result(om); ok {
		t.Fatal("the filter took the older run's end")
	}
	if !f.Running() {
		t.Fatal("the newer run is not under way")
	}
	nm := newer().(filterMsg)
	idx, _, ok := f.Result(nm)
	if !ok {
		t.Fatalf("the filter dropped the newer run: %v", nm.err)
	}
	q, _ := model.ParseQuery("dist 4")
	want, _ := snap.Run(context.Background(), q)
	if !slices.Equal(idx, want) || len(idx) == 0 {
		t.Fatalf("the newer run gave %d records, want %d", len(idx), len(want))
	}
}

// TestFilterSameQueryNoRun: a key that leaves the query as it was (a
// space after a word) starts no run, and the text typed is kept.
func TestFilterSameQueryNoRun(t *testing.T) {
	a := loaded(t, 120, 30, sample)
	keys(t, a, "/")
	typeText(t, a, "conflict")
	gen := a.filter.gen
	typeText(t, a, " ")
	if a.filter.gen != gen || a.filter.Running() {
		t.Fatalf("a space started a run (gen %d, was %d)", a.filter.gen, gen)
	}
	if a.filter.Text() != "conflict " {
		t.Fatalf("the text is %q", a.filter.Text())
	}
	typeText(t, a, "4")
	if a.filter.gen == gen {
		t.Fatal("a word typed after the space started no run")
	}
}
