package model

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// The message side of a query: its words, -words and pattern: terms are
// decided once per distinct message, never per record, and allocate
// nothing per message (a log may have as many messages as records).

// msgQuery is the message side of a query.
type msgQuery struct {
	lw      []string    // the words, lower-cased
	fw      []fuzzyWord // the words as typed, for the fuzzy score
	contain []bool      // per word: some message contains it (else it matches fuzzily)
	not     []string    // lower case
	pats    []patTerm
	// The contained words, longest first: a longer word is in fewer
	// messages, so most that fail fail at the first look ("4242" before
	// "dist").
	first []string
}

// prepare sets first.
func (q *msgQuery) prepare() {
	q.first = q.first[:0]
	for k, lw := range q.lw {
		if q.contain[k] {
			q.first = append(q.first, lw)
		}
	}
	slices.SortStableFunc(q.first, func(a, b string) int { return len(b) - len(a) })
}

type patTerm struct {
	text string
	neg  bool
	pm   *PatternMatcher
}

// empty says every message passes.
func (q *msgQuery) empty() bool { return len(q.lw) == 0 && len(q.not) == 0 && len(q.pats) == 0 }

// ordered says matches are shown best message first: there are words.
func (q *msgQuery) ordered() bool { return len(q.lw) > 0 }

// msgMemo is what a run learns about the messages for the next: each
// message's flags, which words some message contains, and the last
// run's passing messages (which a query that only narrows it starts
// from). It serves the snapshots of one store, whose messages are only
// ever appended.
type msgMemo struct {
	msgs  []string // the messages as of the last run
	flags []uint8
	has   map[string]bool // lower-cased word: some message of msgs contains it

	last     msgQuery // the last run's message side
	lastAll  bool     // every message passed it
	lastIDs  []uint32 // else the messages that passed, ascending
	lastFrom int      // how many messages it covered
	narrowed int      // runs that started from the last one's messages

	// Scratch, reused run after run.
	ids    []uint32
	counts []int32
}

// parallelMin is how many messages each worker gets at least.
var parallelMin = 1 << 15

// sync brings the memo up to msgs: flags for the new messages; a word no
// message contained may now be contained.
func (m *msgMemo) sync(ctx context.Context, msgs []string) error {
	if len(m.msgs) > len(msgs) || (len(m.msgs) > 0 && (m.msgs[0] != msgs[0] || m.msgs[len(m.msgs)-1] != msgs[len(m.msgs)-1])) {
		*m = msgMemo{} // another store's messages
	}
	if len(msgs) > len(m.msgs) {
		for w, ok := range m.has {
			if !ok {
				delete(m.has, w)
			}
		}
	}
	for i := len(m.flags); i < len(msgs); i++ {
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		m.flags = append(m.flags, msgFlags(msgs[i]))
	}
	m.msgs = msgs
	return nil
}

// anyHas says whether some message contains lw, remembering the answer.
func (m *msgMemo) anyHas(ctx context.Context, lw string) (bool, error) {
	if v, ok := m.has[lw]; ok {
		return v, nil
	}
	// A word that holds one no message contains is in none either.
	for w, v := range m.has {
		if !v && strings.Contains(lw, w) {
			return false, nil
		}
	}
	found := false
	var buf []byte
	for i := range m.msgs {
		if i&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return false, err
			}
		}
		if m.contains(i, lw, &buf) {
			found = true
			break
		}
	}
	if m.has == nil {
		m.has = map[string]bool{}
	}
	m.has[lw] = found
	return found, nil
}

// narrows says whether every message that passes q passes the last run's
// query too, so q need only look at the messages that passed that one.
func (m *msgMemo) narrows(q *msgQuery) bool {
	if m.lastFrom != len(m.msgs) || m.lastAll {
		return false
	}
	last := &m.last
	for _, n := range last.not {
		if !slices.ContainsFunc(q.not, func(n2 string) bool { return strings.Contains(n, n2) }) {
			return false
		}
	}
	for _, p := range last.pats {
		if !slices.ContainsFunc(q.pats, func(p2 patTerm) bool { return p2.text == p.text && p2.neg == p.neg }) {
			return false
		}
	}
	for k := range last.lw {
		implied := false
		for j := range q.lw {
			switch {
			case last.contain[k] && q.contain[j]:
				// Containing "dist" contains "dis".
				implied = strings.Contains(q.lw[j], last.lw[k])
			case !last.contain[k] && !q.contain[j]:
				// Letters in order: "undefl" has "undf"'s in order.
				implied = foldSubsequence(last.fw[k].runes, q.fw[j].runes)
			}
			if implied {
				break
			}
		}
		if !implied {
			return false
		}
	}
	return true
}

// foldSubsequence says whether a's runes come in b in order, any case (as
// fzEqualFold compares). A NUL in either makes it false: the fuzzy walk
// treats a NUL in a word unlike other letters.
func foldSubsequence(a, b []rune) bool {
	if slices.Contains(a, 0) || slices.Contains(b, 0) {
		return false
	}
	j := 0
	for _, r := range b {
		if j < len(a) && fzEqualFold(a[j], r) {
			j++
		}
	}
	return j == len(a)
}

// rankMessages decides every message of msgs for q: rank[i] is -1 for a
// message that fails, else its place among the passing ones (0 = the best
// fuzzy score, ties in message order; 0 for all when q has no words). It
// gives how many passed, and checks ctx every few thousand messages.
func (m *msgMemo) rankMessages(ctx context.Context, q *msgQuery, rank []int32) (int, error) {
	// The messages to look at: those that passed the last query when q
	// only narrows it, else every one.
	var cand []uint32
	count := len(m.msgs)
	if m.narrows(q) {
		cand = m.lastIDs
		count = len(cand)
		m.narrowed++
	}
	for i := range rank {
		rank[i] = -1
	}
	ids, wide, err := m.decideAll(ctx, q, cand, count, rank)
	if err != nil {
		return 0, err // the last result stands: ids is the scratch's array
	}
	if q.ordered() {
		if err := m.rankByScore(ctx, q, ids, wide, rank); err != nil {
			return 0, err
		}
	}
	// The next run may start from these: keep them, and the last
	// result's array becomes the next scratch.
	m.ids = m.lastIDs[:0]
	m.remember(q, false, ids)
	return len(ids), nil
}

func (m *msgMemo) remember(q *msgQuery, all bool, ids []uint32) {
	m.last, m.lastAll, m.lastIDs, m.lastFrom = *q, all, ids, len(m.msgs)
}

// decideAll decides the messages: the first count, or those cand lists
// when it is not nil. It gives the passing ones, ascending, and sets their
// rank entries: 0, or when q has words their score (wide says a score did
// not fit in an int32, and the entries are not to be read). A large share
// is split among the processors, each writing its passing ids where its
// share starts; they are then moved together.
func (m *msgMemo) decideAll(ctx context.Context, q *msgQuery, cand []uint32, count int, rank []int32) (ids []uint32, wide bool, err error) {
	workers := min(runtime.GOMAXPROCS(0), 8, 1+count/parallelMin)
	ids = slices.Grow(m.ids[:0], count)[:count]
	m.ids = ids
	type share struct {
		n    int
		wide bool
		err  error
	}
	shares := make([]share, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := count*w/workers, count*(w+1)/workers
		wq := q
		if w > 0 && len(q.pats) > 0 {
			// A PatternMatcher keeps a buffer: each worker its own.
			c := *q
			c.pats = make([]patTerm, len(q.pats))
			for k, p := range q.pats {
				c.pats[k] = patTerm{text: p.text, neg: p.neg, pm: CompilePattern(p.text)}
			}
			wq = &c
		}
		run := func() {
			// The share is written once, at the end: workers writing
			// next to each other on every message would fight over the
			// cache line.
			out, wide := lo, false
			var buf []byte
			for c := lo; c < hi; c++ {
				if (c-lo)&4095 == 0 {
					if err := ctx.Err(); err != nil {
						shares[w].err = err
						return
					}
				}
				i := c
				if cand != nil {
					i = int(cand[c])
				}
				score, ok := m.decide(wq, i, &buf)
				if !ok {
					continue
				}
				ids[out] = uint32(i)
				out++
				rank[i] = int32(score)
				wide = wide || int(int32(score)) != score
			}
			shares[w].n, shares[w].wide = out-lo, wide
		}
		if workers == 1 {
			run()
			break
		}
		wg.Go(run)
	}
	wg.Wait()
	n := 0
	for w, sh := range shares {
		if sh.err != nil {
			return nil, false, sh.err
		}
		lo := count * w / workers
		n += copy(ids[n:], ids[lo:lo+sh.n])
		wide = wide || sh.wide
	}
	return ids[:n], wide, nil
}

// decide says whether message i passes q and, when q has words, its score:
// the sum of each word's fuzzy score, as sahilm/fuzzy scores it (a word
// the message contains but the fuzzy walk misses, past a NUL, adds 0).
func (m *msgMemo) decide(q *msgQuery, i int, buf *[]byte) (int, bool) {
	for _, lw := range q.first {
		if !m.contains(i, lw, buf) {
			return 0, false
		}
	}
	for _, n := range q.not {
		if m.contains(i, n, buf) {
			return 0, false
		}
	}
	s := m.msgs[i]
	f := m.flags[i]
	ascii := f&flagASCII != 0
	plain := f&(flagASCII|flagNUL) == flagASCII // the byte walk over all of s
	total := 0
	for k := range q.lw {
		var sc int
		var ok bool
		if fw := &q.fw[k]; plain && fw.ascii && len(fw.runes) > 0 {
			sc, ok = fuzzyScoreASCII(fw.runes, s)
		} else {
			sc, ok = fuzzyScore(fw, s, ascii)
		}
		if !q.contain[k] && !ok {
			return 0, false
		}
		if ok {
			total += sc
		}
	}
	for _, p := range q.pats {
		if p.pm.Match(s) == p.neg {
			return 0, false
		}
	}
	return total, true
}

// rankByScore turns the scores that decideAll left in the rank entries of
// ids (ascending) into ranks, best first, ties in id order: a counting
// sort when the scores span a small range (they do but for very long
// words), else a comparison sort of the scores computed again (wide: some
// did not fit in the entries).
func (m *msgMemo) rankByScore(ctx context.Context, q *msgQuery, ids []uint32, wide bool, rank []int32) error {
	if len(ids) == 0 {
		return nil
	}
	if !wide {
		lo, hi := rank[ids[0]], rank[ids[0]]
		for _, i := range ids {
			lo, hi = min(lo, rank[i]), max(hi, rank[i])
		}
		if span := int64(hi) - int64(lo); span < int64(len(ids))+1<<16 {
			counts := slices.Grow(m.counts[:0], int(span)+1)[:span+1]
			clear(counts)
			for _, i := range ids {
				counts[hi-rank[i]]++ // best first
			}
			next := int32(0)
			for k, c := range counts {
				counts[k] = next
				next += c
			}
			for _, i := range ids {
				k := hi - rank[i]
				rank[i] = counts[k]
				counts[k]++
			}
			m.counts = counts
			return ctx.Err()
		}
	}
	scores := make([]int, len(ids))
	var buf []byte
	for p, i := range ids {
		if p&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		scores[p], _ = m.decide(q, int(i), &buf)
	}
	perm := make([]int32, len(ids))
	for p := range perm {
		perm[p] = int32(p)
	}
	slices.SortFunc(perm, func(a, b int32) int {
		if scores[a] != scores[b] {
			if scores[a] > scores[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	for r, p := range perm {
		rank[ids[p]] = int32(r)
	}
	return ctx.Err()
}
