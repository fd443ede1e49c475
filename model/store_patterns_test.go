package model

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// shapedLog adds n records whose messages come from a few shapes with
// variable parts, some repeated, some all distinct, snapshotting now and then
// as the loading stage does.
func shapedLog(s *Store, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 1))
	src := s.AddSource("import.gz")
	attrs := []string{"ext.birthYear", "ext.vip", "ext.tier", "ext.optIn"}
	for i := range n {
		var code, msg string
		switch r.IntN(5) {
		case 0:
			code, msg = "400", fmt.Sprintf("Validation error: undefined attribute '%s'", attrs[r.IntN(len(attrs))])
		case 1:
			code, msg = "404", fmt.Sprintf("Guest %d not found", i) // every one distinct
		case 2:
			code, msg = "409", "Resource conflict"
		case 3:
			code, msg = "500", fmt.Sprintf("Server error: retry after %d ms", 100*r.IntN(3))
		default:
			code, msg = "400", "Identity information missing"
		}
		addLine(s, src, i+1, testRef(i), code, msg)
		if i%977 == 0 {
			s.Snapshot()
		}
	}
}

func TestStorePatternsCoverEveryRecord(t *testing.T) {
	for _, count := range []bool{false, true} {
		s := NewStore(DefaultCatalog())
		if count {
			s = NewCounter(DefaultCatalog())
		}
		shapedLog(s, 20_000, 3)
		snap := s.Snapshot()
		var total int64
		for _, g := range snap.Groups() {
			var sum int64
			for _, p := range snap.Patterns(g.ID) {
				sum += p.Count
				for k, prm := range p.Params {
					n := prm.Other
					for _, v := range prm.Top {
						n += v.Count
					}
					if n != p.Count {
						t.Errorf("count=%v %q part %d: values add up to %d, want %d", count, p.Text, k, n, p.Count)
					}
				}
			}
			if sum != g.Count {
				t.Errorf("count=%v %s %s: patterns hold %d records, the group %d", count, g.Kind.Code, g.Kind.Title, sum, g.Count)
			}
			total += sum
		}
		if total != snap.Records() {
			t.Errorf("count=%v: patterns hold %d records, want %d", count, total, snap.Records())
		}
		texts := map[string]bool{}
		for _, g := range snap.Groups() {
			for _, p := range snap.Patterns(g.ID) {
				texts[p.Text] = true
			}
		}
		for _, want := range []string{"Validation error: undefined attribute '<*>'", "Guest <*> not found",
			"Resource conflict", "Server error: retry after <*> ms", "Identity information missing"} {
			if !texts[want] {
				t.Errorf("count=%v: no pattern %q among %v", count, want, texts)
			}
		}
	}
}

// The TUI's store and summary's counting store find the same patterns with
// the same counts, however often snapshots are taken; the counting store
// keeps no more than maxCountMsgs messages.
func TestCounterPatternsMatchStore(t *testing.T) {
	a, b := NewStore(DefaultCatalog()), NewCounter(DefaultCatalog())
	shapedLog(a, 30_000, 5)
	shapedLog(b, 30_000, 5)
	sa, sb := a.Snapshot(), b.Snapshot()
	if len(sb.Messages()) > maxCountMsgs {
		t.Errorf("the counting store keeps %d messages, at most %d", len(sb.Messages()), maxCountMsgs)
	}
	ga, gb := sa.Groups(), sb.Groups()
	if len(ga) != len(gb) {
		t.Fatalf("%d groups and %d", len(ga), len(gb))
	}
	for i := range ga {
		pa, pb := fmt.Sprint(sa.Patterns(ga[i].ID)), fmt.Sprint(sb.Patterns(gb[i].ID))
		if pa != pb {
			t.Errorf("%s: store %s\ncounter %s", ga[i].Kind.Title, pa, pb)
		}
	}
}

func TestSnapshotPatternOf(t *testing.T) {
	s := NewStore(DefaultCatalog())
	shapedLog(s, 2000, 7)
	snap := s.Snapshot()
	for i := 0; i < snap.Len(); i += 37 {
		row := snap.Row(i)
		p, ok := snap.PatternOf(row.Kind, row.Msg)
		if !ok {
			t.Fatalf("record %d (%q) has no pattern", i, row.Msg)
		}
		if !CompilePattern(p.Text).Match(row.Msg) {
			t.Errorf("record %d: %q does not fit %q", i, row.Msg, p.Text)
		}
	}
}

// pattern: terms select the records whose message fits, and a value put in
// place of a <*> the records with that value there; quoted back, any
// pattern text parses to itself.
func TestPatternQuery(t *testing.T) {
	s := NewStore(DefaultCatalog())
	shapedLog(s, 5000, 9)
	snap := s.Snapshot()
	for _, g := range snap.Groups() {
		for _, p := range snap.Patterns(g.ID) {
			q, err := ParseQuery(GroupQuery(g.Kind, snap.Groups()) + " pattern:" + QuoteValue(p.Text))
			if err != nil {
				t.Fatal(err)
			}
			idx, _ := snap.Run(context.Background(), q)
			if int64(len(idx)) != p.Count {
				t.Errorf("%q selects %d records, the pattern holds %d", q, len(idx), p.Count)
			}
			for k, prm := range p.Params {
				for _, v := range prm.Top[:min(3, len(prm.Top))] {
					q, err := ParseQuery(GroupQuery(g.Kind, snap.Groups()) + " pattern:" + QuoteValue(p.WithValue(k, v.Value)))
					if err != nil {
						t.Fatal(err)
					}
					idx, _ := snap.Run(context.Background(), q)
					if int64(len(idx)) != v.Count {
						t.Errorf("%q selects %d records, the value counts %d", q, len(idx), v.Count)
					}
				}
			}
		}
	}
	for _, text := range []string{`a "quoted" <*> \ back\slash, with: colons`, "tab\there \x1b[2J <*>", "-dash <*>"} {
		q, err := ParseQuery("pattern:" + QuoteValue(text))
		if err != nil || len(q.Terms) != 1 || q.Terms[0].Values[0] != text {
			t.Errorf("%q quoted as %s reads back as %+v, %v", text, QuoteValue(text), q, err)
		}
	}
}

// A snapshot of some records has the patterns of those records only.
func TestOnlyPatterns(t *testing.T) {
	s := NewStore(DefaultCatalog())
	shapedLog(s, 3000, 11)
	snap := s.Snapshot()
	q, _ := ParseQuery("code:404")
	idx, _ := snap.Run(context.Background(), q)
	sub := snap.Only(idx)
	var n int64
	for _, g := range sub.Groups() {
		for _, p := range sub.Patterns(g.ID) {
			if g.Kind.Code != "404" || p.Text != "Guest <*> not found" {
				t.Errorf("%s %q in the 404s", g.Kind.Code, p.Text)
			}
			n += p.Count
		}
	}
	if n != int64(len(idx)) {
		t.Errorf("patterns hold %d records, the selection %d", n, len(idx))
	}
}

// Patterns may overlap: "0 A 0 A 0", placed first in a pattern of its own,
// fits the text of the wider `<*> <*> <*> A 0` made after it too. Its detail
// shows its own.
func TestSnapshotPatternOfOverlap(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("import.gz")
	for i, msg := range []string{"0 B 0 A 0", "0 A 0 A 0", "0 A 0 A 0", "A 0 A A 0", "A 0 A A 0", "A 0 A A 0"} {
		addLine(s, src, i+1, testRef(i), "599", msg)
	}
	snap := s.Snapshot()
	var texts []string
	for _, p := range snap.Patterns(0) {
		texts = append(texts, p.Text)
	}
	if len(texts) != 2 || texts[0] != "<*> <*> <*> A 0" || texts[1] != "0 A 0 A 0" {
		t.Fatalf("patterns %q, want the wider one first, then 0 A 0 A 0", texts)
	}
	for i := range snap.Len() {
		row := snap.Row(i)
		want := texts[0]
		if row.Msg == "0 A 0 A 0" {
			want = texts[1]
		}
		if p, ok := snap.PatternOf(row.Kind, row.Msg); !ok || p.Text != want {
			t.Errorf("%q: pattern %q, want %q", row.Msg, p.Text, want)
		}
	}
}

// A message that comes with two codes is counted under each code's type,
// whether the records fall in one batch of the miners or two.
func TestStorePatternsOneMessageTwoTypes(t *testing.T) {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("import.gz")
	for i := range 3000 {
		code := []string{"404", "410", "404"}[i%3]
		addLine(s, src, i+1, testRef(i), code, fmt.Sprintf("Guest %d not found", i/3))
		if i%101 == 0 {
			s.Snapshot()
		}
	}
	snap := s.Snapshot()
	want := map[string]int64{"404": 2000, "410": 1000}
	for _, g := range snap.Groups() {
		ps := snap.Patterns(g.ID)
		if len(ps) != 1 || ps[0].Text != "Guest <*> not found" || ps[0].Count != want[g.Kind.Code] || g.Count != want[g.Kind.Code] || ps[0].Messages != 1000 {
			t.Errorf("code %s: %d records, patterns %v; want %d in Guest <*> not found", g.Kind.Code, g.Count, ps, want[g.Kind.Code])
			continue
		}
		top := ps[0].Params[0].Top[0]
		if wantTop := want[g.Kind.Code] / 1000; top.Count != wantTop {
			t.Errorf("code %s: top value %v, want a count of %d", g.Kind.Code, top, wantTop)
		}
	}
}

// A counter's patterns, sketched counts included, do not depend on when
// snapshots are taken while reading: 150,000 distinct values of one part
// turn it into a sketch, whose counts depend on the order of its batches.
func TestCounterPatternsIgnoreSnapshots(t *testing.T) {
	run := func(every int) string {
		s := NewCounter(DefaultCatalog())
		src := s.AddSource("x")
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 300_000 {
			addLine(s, src, i+1, testRef(i), "404", fmt.Sprintf("Guest %d not found", r.IntN(150_000)))
			if every > 0 && i%every == 0 {
				s.LiveSnapshot()
			}
		}
		snap := s.Snapshot()
		return fmt.Sprint(snap.Patterns(0))
	}
	if a, b := run(0), run(997); a != b {
		t.Errorf("without snapshots\n%.600s\nwith a snapshot every 997 records\n%.600s", a, b)
	}
}

// A panic among the miners ends no process from their goroutine: the
// snapshot that waits for them returns, and the writer's next hand-over
// panics with it, where the reader turns it into a read error.
func TestMinersPanicOnTheWriter(t *testing.T) {
	beforeMine = func([]pendEntry) { panic("boom") }
	defer func() { beforeMine = nil }()
	s := NewStore(DefaultCatalog())
	src := s.AddSource("import.gz")
	addLine(s, src, 1, testRef(1), "404", "Guest 1 not found")
	s.Snapshot()     // hands the batch over and waits: the miners fail
	s.LiveSnapshot() // a snapshot goes on without them
	defer func() {
		r := recover()
		if err, ok := r.(error); !ok || !strings.Contains(err.Error(), "mining patterns: boom") {
			t.Errorf("the writer got %v, want the miners' panic", r)
		}
	}()
	for i := 2; i < 2+maxPending; i++ { // a full batch: the writer hands it over
		addLine(s, src, i, testRef(i), "404", fmt.Sprintf("Guest %d not found", i))
	}
	t.Error("no panic on the writer")
}
