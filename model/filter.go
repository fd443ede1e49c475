package model

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/sahilm/fuzzy"
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
	f := &Filter{clsOK: make([]bool, len(s.classes))}
	// A query with no words and no pattern: term passes every message:
	// its table is left out, so that the default view of a log of a
	// million distinct messages costs nothing per message.
	if len(q.Words)+len(q.Not) > 0 || slices.ContainsFunc(q.Terms, func(t Term) bool { return t.Field == "pattern" }) {
		f.msgRank = make([]int32, len(s.msgs))
	}
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
	// A pasted ref works without ref: — a word that looks like one (hex and
	// dashes) and that no message contains is a ref prefix.
	// Every word is looked for in the lower-cased messages: lower them once.
	var lower []string
	if len(q.Words)+len(q.Not) > 0 {
		lower = make([]string, len(s.msgs))
		for i, m := range s.msgs {
			lower[i] = strings.ToLower(m)
		}
	}
	words := q.Words
	var refWords []string
	for _, w := range q.Words {
		if looksLikeRef(w) && !anyContains(lower, strings.ToLower(w)) {
			refWords = append(refWords, w)
		}
	}
	if len(refWords) > 0 {
		words = nil
		for _, w := range q.Words {
			if !slices.Contains(refWords, w) {
				words = append(words, w)
			}
		}
		for _, w := range refWords {
			f.refs = append(f.refs, refTerm{prefixes: [][]byte{[]byte(strings.ToLower(w))}})
		}
	}
	if f.msgRank == nil {
		return f
	}
	f.rankMessages(s.msgs, lower, &Query{Terms: q.Terms, Words: words, Not: q.Not})
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
	return f
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

// anyContains reports whether any of the lower-cased messages holds lw.
func anyContains(lower []string, lw string) bool {
	for _, m := range lower {
		if strings.Contains(m, lw) {
			return true
		}
	}
	return false
}

func anyEqualFold(vals []string, s string) bool {
	for _, v := range vals {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// rankMessages runs the words over the distinct messages (a log has few),
// so the per-record work is one lookup. lower is msgs lower-cased.
func (f *Filter) rankMessages(msgs, lower []string, q *Query) {
	for i := range f.msgRank {
		f.msgRank[i] = 0
	}
	if len(q.Not) > 0 {
		for i, lm := range lower {
			for _, w := range q.Not {
				if strings.Contains(lm, w) {
					f.msgRank[i] = -1
					break
				}
			}
		}
	}
	if len(q.Words) == 0 {
		return
	}
	f.ordered = true
	score := make([]int, len(msgs))
	hits := make([]int, len(msgs))
	for _, w := range q.Words {
		// A word that some message contains matches just the messages
		// that contain it, so counts mean what they say ("conflict" is not
		// "inCOrrect data type for exteNsion FieLd"); a word that no
		// message contains matches fuzzily (letters in order: "undefloy").
		// Either way the fuzzy score ranks the messages.
		lw := strings.ToLower(w)
		if anyContains(lower, lw) {
			// Containing decides; the fuzzy score only ranks (sahilm/fuzzy
			// stops at a NUL, so it may miss a message that contains w).
			for i, m := range lower {
				if strings.Contains(m, lw) {
					hits[i]++
				}
			}
			for _, m := range fuzzy.Find(w, msgs) {
				if strings.Contains(lower[m.Index], lw) {
					score[m.Index] += m.Score
				}
			}
			continue
		}
		for _, m := range fuzzy.Find(w, msgs) {
			score[m.Index] += m.Score
			hits[m.Index]++
		}
	}
	var order []int
	for i := range msgs {
		if hits[i] == len(q.Words) && f.msgRank[i] == 0 {
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
		if need := len(out) + f.countClasses(s, from, to); need > cap(out) {
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
func (f *Filter) countClasses(s *Snapshot, from, to int) int {
	n := 0
	for from < to {
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
	var maxRank int32
	for _, r := range f.msgRank {
		maxRank = max(maxRank, r)
	}
	starts := make([]int, maxRank+2)
	for _, i := range idx {
		c, j := s.at(int(i))
		starts[f.msgRank[c.msg[j]]+1]++
	}
	for r := 1; r < len(starts); r++ {
		starts[r] += starts[r-1]
	}
	out := make([]int32, len(idx))
	for _, i := range idx {
		c, j := s.at(int(i))
		r := f.msgRank[c.msg[j]]
		out[starts[r]] = i
		starts[r]++
	}
	return out
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
