package model

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"testing/iotest"
)

// Past MaxKinds error types, new codes fold into one "*" group per format
// that counts them, and a counting store's memory stops growing with them:
// 300,000 distinct codes (and messages) in a bounded heap.
func TestFoldManyCodes(t *testing.T) {
	const n = 300_000
	st := NewCounter(DefaultCatalog())
	src := st.AddSource("ids.log")
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	for i := range n {
		code := fmt.Appendf(nil, "c%d", i)
		msg := fmt.Appendf(nil, "distinct message %d", i)
		st.Add(&Rec{Source: src, Line: i + 1, Format: "sitecore", Ref: []byte("r"), Code: code, Msg: msg})
		if i%20_000 == 0 {
			runtime.GC() // the live heap, not garbage waiting for the collector
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	snap := st.Snapshot()
	groups := snap.Groups()
	if len(groups) != MaxKinds+1 {
		t.Fatalf("%d groups, want %d", len(groups), MaxKinds+1)
	}
	var fold *Group
	for i := range groups {
		if groups[i].Kind.Code == FoldCode {
			fold = &groups[i]
		}
	}
	if fold == nil || fold.Count != n-MaxKinds || snap.Folded(fold.ID) != maxFoldSeen {
		t.Fatalf("fold group %+v, folded %d", fold, snap.Folded(fold.ID))
	}
	if snap.Records() != n {
		t.Errorf("%d records, want %d", snap.Records(), n)
	}
	// The live heap stays within a stated bound: 10,000 kinds, 4,096 messages,
	// the hashes of 100,000 folded codes, the pattern state.
	if grew := peak - base; grew > 48<<20 {
		t.Errorf("live heap grew to %d MiB for %d distinct codes, want under 48", grew>>20, n)
	}
	runtime.KeepAlive(st)
}

// A known code past the cap keeps its group; a code the cap came before
// folds, and the fold counts each distinct code once.
func TestFoldKeepsKnownCodes(t *testing.T) {
	st := NewStore(DefaultCatalog())
	add := func(code string) {
		st.Add(&Rec{Format: "sitecore", Ref: []byte("r"), Code: []byte(code), Msg: []byte("m"), Raw: []byte("{}")})
	}
	for i := range MaxKinds {
		add(fmt.Sprint("k", i))
	}
	add("k7")
	add("new1")
	add("new2")
	add("new1")
	snap := st.Snapshot()
	var k7, fold int64
	for _, g := range snap.Groups() {
		switch g.Kind.Code {
		case "k7":
			k7 = g.Count
		case FoldCode:
			fold = g.Count
			if snap.Folded(g.ID) != 2 {
				t.Errorf("folded %d distinct codes, want 2", snap.Folded(g.ID))
			}
		}
	}
	if k7 != 2 || fold != 3 {
		t.Errorf("k7 %d (want 2), fold %d (want 3)", k7, fold)
	}
}

// --catalog refuses a file over 16 MiB, /dev/zero among them, at once and
// in bounded memory.
func TestCatalogFileBounded(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ReadCatalogFile("/dev/zero")
	runtime.ReadMemStats(&after)
	if err == nil || err.Error() != "/dev/zero: the file is larger than 16 MiB: not a catalog (is it a log? give logs as arguments)" {
		t.Errorf("/dev/zero as a catalog: %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 40<<20 {
		t.Errorf("reading it allocated %d MiB, want under 40", grew>>20)
	}
}

func TestReadAtMost(t *testing.T) {
	for _, n := range []int{0, 1, 100<<10 - 1, 100 << 10, 100<<10 + 1, 300 << 10} {
		src := bytes.Repeat([]byte{'x'}, n)
		got, err := readAtMost(iotest.OneByteReader(bytes.NewReader(src)), 100<<10)
		if err != nil || len(got) != min(n, 100<<10) {
			t.Errorf("%d bytes: read %d, %v", n, len(got), err)
		}
	}
}
