package model

import (
	"context"
	"slices"
	"strings"
)

// Filter is a Query compiled against one Snapshot's tables: which classes
// (source, error type, operation) and which messages pass. Matching a record
// is then two table lookups and, for ref: terms, a prefix compare; no record
// is decoded again.
type Filter struct {
	clsOK   []bool
	msgRank []int32 // -1: the message fails; else its rank (0 = best fuzzy match); nil: every message passes
	refs    []refTerm
	marks   []classTerm
	ordered bool
	ranks   int // the ranks in msgRank are 0 to ranks-1
}

// classTerm is a class: term; a record without a class (no baseline, or
// not joined) is in none.
type classTerm struct {
	in  [classCount]bool
	neg bool
}

type refTerm struct {
	prefixes [][]byte
	neg      bool
}

// Ordered says the matches are to be shown best message first (the query has
// fuzzy words), not in file order.
func (f *Filter) Ordered() bool { return f.ordered }

// Compile prepares q for the records of s.
func (s *Snapshot) Compile(q *Query) *Filter {
	var rank []int32
	f, _ := s.compile(context.Background(), q, &msgMemo{}, &rank)
	return f
}

// compileClasses decides the classes (source, error type, operation) for
// q, and takes its class: and ref: terms.
func (s *Snapshot) compileClasses(q *Query) *Filter {
	f := &Filter{clsOK: make([]bool, len(s.classes))}
	var shows [typeCount]bool // the type: terms and the default's hiding, per type
	for t := range shows {
		shows[t] = q.ShowsType(Type(t))
	}
	for ci, c := range s.classes {
		k := s.kinds[c.kind]
		ok := shows[k.Type]
		for _, t := range q.Terms {
			if !ok {
				break
			}
			var hit bool
			switch t.Field {
			case "code":
				hit = anyEqualFold(t.Values, k.Code)
			case "op":
				hit = anyEqualFold(t.Values, s.ops[c.op])
			case "format":
				hit = anyEqualFold(t.Values, k.Format)
			case "title":
				title := strings.ToLower(k.Title)
				for _, v := range t.Values {
					hit = hit || strings.Contains(title, v)
				}
			case "file":
				name := strings.ToLower(s.srcNames[c.src])
				for _, v := range t.Values {
					hit = hit || strings.Contains(name, strings.ToLower(v))
				}
			default:
				continue
			}
			ok = hit != t.Neg
		}
		f.clsOK[ci] = ok
	}
	for _, t := range q.Terms {
		if t.Field == "class" {
			ct := classTerm{neg: t.Neg}
			for _, v := range t.Values {
				if c, ok := ParseClass(v); ok {
					ct.in[c] = true
				}
			}
			f.marks = append(f.marks, ct)
		}
		if t.Field == "ref" {
			rt := refTerm{neg: t.Neg}
			for _, v := range t.Values {
				rt.prefixes = append(rt.prefixes, []byte(strings.ToLower(v)))
			}
			f.refs = append(f.refs, rt)
		}
	}
	return f
}

// compile is Compile with its messages decided through memo and ranked
// into *rank (one entry a message, grown as need be; not when every
// message passes), checking ctx as it goes.
func (s *Snapshot) compile(ctx context.Context, q *Query, memo *msgMemo, rank *[]int32) (*Filter, error) {
	f := s.compileClasses(q)
	if err := memo.sync(ctx, s.msgs); err != nil {
		return nil, err
	}
	// A pasted ref works without ref: — a word that looks like one (hex and
	// dashes) and that no message contains is a ref prefix.
	var mq msgQuery
	for _, w := range q.Words {
		lw := strings.ToLower(w)
		has, err := memo.anyHas(ctx, lw)
		if err != nil {
			return nil, err
		}
		if looksLikeRef(w) && !has {
			f.refs = append(f.refs, refTerm{prefixes: [][]byte{[]byte(lw)}})
			continue
		}
		mq.lw = append(mq.lw, lw)
		mq.fw = append(mq.fw, newFuzzyWord(w))
		mq.contain = append(mq.contain, has)
	}
	mq.not = q.Not
	mq.prepare()
	for _, t := range q.Terms {
		if t.Field == "pattern" {
			mq.pats = append(mq.pats, patTerm{text: t.Values[0], neg: t.Neg, pm: CompilePattern(t.Values[0])})
		}
	}
	f.ordered = mq.ordered()
	if mq.empty() {
		// No words and no pattern: term: every message passes, and the
		// table is left out, so that the default view of a log of a
		// million distinct messages costs nothing per message.
		memo.remember(&mq, true, nil)
		return f, nil
	}
	*rank = slices.Grow((*rank)[:0], len(s.msgs))[:len(s.msgs)]
	f.msgRank = *rank
	n, err := memo.rankMessages(ctx, &mq, *rank)
	if err != nil {
		return nil, err
	}
	f.ranks = n
	return f, nil
}

// looksLikeRef says whether w could be the start of a UUID-like ref: at
// least four characters, hex digits and dashes only, and a digit among them.
func looksLikeRef(w string) bool {
	if len(w) < 4 {
		return false
	}
	digit := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case '0' <= c && c <= '9':
			digit = true
		case ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') || c == '-':
		default:
			return false
		}
	}
	return digit
}

func anyEqualFold(vals []string, s string) bool {
	for _, v := range vals {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// Scan appends to out the indices in [from, to) of the records that match, in
// file order. It stops early, with ctx's error, when ctx is done.
func (f *Filter) Scan(ctx context.Context, s *Snapshot, from, to int, out []int32) ([]int32, error) {
	if to > s.n {
		to = s.n
	}
	if len(f.refs) == 0 && len(f.marks) == 0 && cap(out)-len(out) < to-from {
		// Size the result once: growing a million-entry slice step by step
		// costs more than the scan. (ref: terms match few; let them grow.)
		// Appending to earlier results doubles, so a log read in many
		// batches is not copied whole for each.
		if need := len(out) + f.countClasses(ctx, s, from, to); need > cap(out) {
			if len(out) > 0 {
				need = max(need, 2*cap(out))
			}
			out = append(make([]int32, 0, need), out...)
		}
	}
	for from < to {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		c, j := s.at(from)
		base := from &^ (chunkSize - 1)
		end := min(len(c.cls), j+(to-from))
		for ; j < end; j++ {
			if !f.clsOK[c.cls[j]] || (f.msgRank != nil && f.msgRank[c.msg[j]] < 0) {
				continue
			}
			if len(f.refs) > 0 && !f.refsMatch(c, j) {
				continue
			}
			if len(f.marks) > 0 && !f.marksMatch(s.Class(base+j)) {
				continue
			}
			out = append(out, int32(base+j))
		}
		from = base + end
	}
	return out, nil
}

// countClasses counts the records in [from, to) that pass the class and
// message tables.
func (f *Filter) countClasses(ctx context.Context, s *Snapshot, from, to int) int {
	n := 0
	for from < to {
		if ctx.Err() != nil {
			return n
		}
		c, j := s.at(from)
		base := from &^ (chunkSize - 1)
		end := min(len(c.cls), j+(to-from))
		for ; j < end; j++ {
			if f.clsOK[c.cls[j]] && (f.msgRank == nil || f.msgRank[c.msg[j]] >= 0) {
				n++
			}
		}
		from = base + end
	}
	return n
}

func (f *Filter) marksMatch(c Class) bool {
	for _, t := range f.marks {
		if t.in[c] == t.neg {
			return false
		}
	}
	return true
}

func (f *Filter) refsMatch(c *chunkView, j int) bool {
	for _, t := range f.refs {
		hit := false
		for _, p := range t.prefixes {
			if c.refHasPrefixFold(j, p) {
				hit = true
				break
			}
		}
		if hit == t.neg {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether b begins with the lower-case prefix p, ASCII
// letters compared without case.
func hasPrefixFold(b, p []byte) bool {
	if len(b) < len(p) {
		return false
	}
	for i, c := range p {
		d := b[i]
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// Order puts file-ordered matches best message first, keeping file order
// within one message: a counting sort by message rank, linear in len(idx).
func (f *Filter) Order(s *Snapshot, idx []int32) []int32 {
	if !f.ordered || len(idx) == 0 {
		return idx
	}
	out, _ := f.order(context.Background(), s, idx, nil)
	return out
}

// scanOrdered is Scan over every record and Order in one, with no
// file-ordered list between them: a first pass counts the matches of each
// message rank, a second puts each record where its rank's go. starts is
// scratch, returned for the next run.
func (f *Filter) scanOrdered(ctx context.Context, s *Snapshot, starts []int32) ([]int32, []int32, error) {
	starts = slices.Grow(starts[:0], f.ranks+1)[:f.ranks+1]
	clear(starts)
	var out []int32
	for pass := range 2 {
		if pass == 1 {
			for r := 1; r < len(starts); r++ {
				starts[r] += starts[r-1]
			}
			out = make([]int32, starts[len(starts)-1])
		}
		for from := 0; from < s.n; {
			if err := ctx.Err(); err != nil {
				return nil, starts, err
			}
			c, j := s.at(from)
			base := from &^ (chunkSize - 1)
			end := min(len(c.cls), j+(s.n-from))
			for ; j < end; j++ {
				if !f.clsOK[c.cls[j]] {
					continue
				}
				r := f.msgRank[c.msg[j]]
				if r < 0 {
					continue
				}
				if len(f.refs) > 0 && !f.refsMatch(c, j) {
					continue
				}
				if len(f.marks) > 0 && !f.marksMatch(s.Class(base+j)) {
					continue
				}
				if pass == 0 {
					starts[r+1]++
				} else {
					out[starts[r]] = int32(base + j)
					starts[r]++
				}
			}
			from = base + end
		}
	}
	return out, starts, nil
}

// order is Order into a new slice, counting in starts (scratch, returned
// for the next run), checking ctx between chunks.
func (f *Filter) order(ctx context.Context, s *Snapshot, idx []int32, starts []int32) ([]int32, []int32) {
	var maxRank int32
	for _, r := range f.msgRank {
		maxRank = max(maxRank, r)
	}
	starts = slices.Grow(starts[:0], int(maxRank)+2)[:maxRank+2]
	clear(starts)
	for k, i := range idx {
		if k&(chunkSize-1) == 0 && ctx.Err() != nil {
			return nil, starts
		}
		c, j := s.at(int(i))
		starts[f.msgRank[c.msg[j]]+1]++
	}
	for r := 1; r < len(starts); r++ {
		starts[r] += starts[r-1]
	}
	out := make([]int32, len(idx))
	for k, i := range idx {
		if k&(chunkSize-1) == 0 && ctx.Err() != nil {
			return nil, starts
		}
		c, j := s.at(int(i))
		r := f.msgRank[c.msg[j]]
		out[starts[r]] = i
		starts[r]++
	}
	return out, starts
}

// Run filters every record of s with q: Compile, Scan and Order together.
func (s *Snapshot) Run(ctx context.Context, q *Query) ([]int32, error) {
	f := s.Compile(q)
	idx, err := f.Scan(ctx, s, 0, s.n, nil)
	if err != nil {
		return nil, err
	}
	return f.Order(s, idx), nil
}
