package model

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/sahilm/fuzzy"
)

// oracleRun is how a query ran before the Finder (errscope 6c74e0d): every
// message lower-cased, sahilm/fuzzy's Find over all of them, a stable
// sort. The Finder must give exactly what it gives.
func oracleRun(s *Snapshot, q *Query) []int32 {
	f := s.compileClasses(q)
	f.msgRank = make([]int32, len(s.msgs))
	var lower []string
	if len(q.Words)+len(q.Not) > 0 {
		lower = make([]string, len(s.msgs))
		for i, m := range s.msgs {
			lower[i] = strings.ToLower(m)
		}
	}
	anyContains := func(lw string) bool {
		return slices.ContainsFunc(lower, func(m string) bool { return strings.Contains(m, lw) })
	}
	var words []string
	for _, w := range q.Words {
		if looksLikeRef(w) && !anyContains(strings.ToLower(w)) {
			f.refs = append(f.refs, refTerm{prefixes: [][]byte{[]byte(strings.ToLower(w))}})
			continue
		}
		words = append(words, w)
	}
	for i, lm := range lower {
		for _, w := range q.Not {
			if strings.Contains(lm, w) {
				f.msgRank[i] = -1
				break
			}
		}
	}
	if len(words) > 0 {
		f.ordered = true
		score := make([]int, len(s.msgs))
		hits := make([]int, len(s.msgs))
		for _, w := range words {
			lw := strings.ToLower(w)
			if anyContains(lw) {
				for i, m := range lower {
					if strings.Contains(m, lw) {
						hits[i]++
					}
				}
				for _, m := range fuzzy.Find(w, s.msgs) {
					if strings.Contains(lower[m.Index], lw) {
						score[m.Index] += m.Score
					}
				}
				continue
			}
			for _, m := range fuzzy.Find(w, s.msgs) {
				score[m.Index] += m.Score
				hits[m.Index]++
			}
		}
		var order []int
		for i := range s.msgs {
			if hits[i] == len(words) && f.msgRank[i] == 0 {
				order = append(order, i)
			} else {
				f.msgRank[i] = -1
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
		for r, i := range order {
			f.msgRank[i] = int32(r)
		}
	}
	for _, t := range q.Terms {
		if t.Field != "pattern" {
			continue
		}
		pm := CompilePattern(t.Values[0])
		for i, m := range s.msgs {
			if f.msgRank[i] >= 0 && pm.Match(m) == t.Neg {
				f.msgRank[i] = -1
			}
		}
	}
	idx, _ := f.Scan(context.Background(), s, 0, s.n, nil)
	return f.Order(s, idx)
}

// oracleStore is a log whose messages are of every kind a word can meet:
// repeated and distinct, capitals, camel case, separators, non-ASCII
// letters that fold to ASCII ones (K, the Kelvin sign), a NUL, bytes that
// are not UTF-8, and the empty message.
func oracleStore(n int) *Snapshot {
	s := NewStore(DefaultCatalog())
	src := s.AddSource("import.gz")
	shapes := []string{
		"distinct message %d x", "Validation error: undefined attribute 'loyaltyTier%d'",
		"Guest %d not found", "Resource conflict", "Server error", "Café %d au lait",
		"temperature %d \u212a", "a\x00b %d", "bad \xff byte %d", "", "dead%dbeef",
		"Unsupported mode 'updat'", "Action not allowed: guest %d has an active session",
		"Ünïcödé GUEST %d: the name 'Zoë Ångström' is longer than thirty-two bytes",
	}
	codes := []string{"409", "400", "404", "500", "403", "402"}
	for i := range n {
		sh := shapes[(i*7+i/3)%len(shapes)]
		msg := sh
		if strings.Contains(sh, "%d") {
			msg = fmt.Sprintf(sh, i%(n/3+1))
		}
		addLine(s, src, i+1, testRef(i), codes[i%len(codes)], msg)
	}
	return s.Snapshot()
}

// TestFinderAsBefore types queries key by key, with backspaces, through
// one Finder (which narrows, reuses and runs in parallel) and checks each
// result, order included, against the way queries ran before.
func TestFinderAsBefore(t *testing.T) {
	snap := oracleStore(3000)
	r := rand.New(rand.NewPCG(7, 13))
	tokens := []string{
		"dist", "distinct", "message", "42", "4", "undefloy", "loyalty", "Guest", "guest", "not",
		"found", "-found", "-x", "-4", "code:409", "-code:400", "café", "CAFÉ", "k", "\u212a", "dead",
		"dead1", "beef", "Resource", "rsc", `pattern:"Guest <*> not found"`, `-pattern:"Server error"`,
		"ref:0", "type:all", "a", "b", `"a\x00b"`, "xyzzy", "\xff",
	}
	f := NewFinder()
	ctx := context.Background()
	// Split even this log among workers, as a large one is.
	defer func(n int) { parallelMin = n }(parallelMin)
	parallelMin = 200
	check := func(text string) {
		q, err := ParseQuery(text)
		if err != nil {
			return
		}
		want := oracleRun(snap, q)
		got, ordered, err := f.Run(ctx, snap, q, 0, nil)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: the Finder gives %d records (ordered %v), before %d; first %v, before %v", text, len(got), ordered, len(want), got[:min(8, len(got))], want[:min(8, len(want))])
		}
		if plain := snap.Compile(q); !slices.Equal(plain.Order(snap, mustScan(t, snap, plain)), want) {
			t.Fatalf("%q: Compile differs from before", text)
		}
	}
	for range 150 {
		var words []string
		for range 1 + r.IntN(3) {
			words = append(words, tokens[r.IntN(len(tokens))])
		}
		query := strings.Join(words, " ")
		for k := 1; k <= len(query); k++ {
			check(query[:k])
			if r.IntN(10) == 0 { // a backspace or two, then on
				check(query[:max(0, k-1-r.IntN(2))])
			}
		}
	}
	if f.memo.narrowed < 100 {
		t.Errorf("only %d runs started from the last one's messages", f.memo.narrowed)
	}
}

func mustScan(t *testing.T, s *Snapshot, f *Filter) []int32 {
	t.Helper()
	idx, err := f.Scan(context.Background(), s, 0, s.Len(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

var fuzzFinderSnap = sync.OnceValue(func() *Snapshot { return oracleStore(600) })

// FuzzFinderAsBefore: any query, run after any other through one Finder
// (so that it may start from the first one's messages), gives what the
// code before gave.
func FuzzFinderAsBefore(f *testing.F) {
	f.Add("dist", "dist 4")
	f.Add("undef", "undefloy")
	f.Add("-x", "-x guest")
	f.Add(`pattern:"Guest <*> not found"`, `pattern:"Guest <*> not found" 4`)
	f.Add("café", "CAFÉ au")
	f.Add("\u212a", "k")
	f.Fuzz(func(t *testing.T, first, second string) {
		snap := fuzzFinderSnap()
		q1, err1 := ParseQuery(first)
		q2, err2 := ParseQuery(second)
		if err1 != nil || err2 != nil {
			return
		}
		fd := NewFinder()
		if _, _, err := fd.Run(context.Background(), snap, q1, 0, nil); err != nil {
			t.Fatal(err)
		}
		got, _, err := fd.Run(context.Background(), snap, q2, 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := oracleRun(snap, q2); !slices.Equal(got, want) {
			t.Fatalf("%q after %q: the Finder gives %d records, before %d", second, first, len(got), len(want))
		}
	})
}
