package model

import (
	"bytes"
	"strconv"
	"strings"
)

// Selector decides, record by record as they are read, whether a query
// selects them: what `export` needs to stream a log without keeping it. It
// gives the same answer as Snapshot.Compile would for the whole log (a test
// holds them equal), for every query without message words; a word's
// meaning depends on every message of the log (a word no message contains
// matches fuzzily), so such a query cannot be streamed: NewSelector says so.
type Selector struct {
	q       *Query
	cat     *Catalog
	shows   [typeCount]bool
	refs    []refTerm
	sources func(src int) string

	pats map[string]*PatternMatcher // pattern: terms, by text

	key   []byte
	last  []byte
	lastV verdict
	memo  map[string]verdict
}

// verdict is what the selector decided for one kind of record.
type verdict struct {
	ok          bool
	code, title string
	typ         Type
}

// NewSelector prepares q for streaming; ok is false when the query has
// message words (the whole log must be read first: use Snapshot.Run).
// source names a record's source, as the store's AddSource was told.
func NewSelector(q *Query, cat *Catalog, source func(src int) string) (*Selector, bool) {
	if len(q.Words) > 0 {
		return nil, false
	}
	s := &Selector{q: q, cat: cat, sources: source, memo: map[string]verdict{}}
	for t := range s.shows {
		s.shows[t] = q.ShowsType(Type(t))
	}
	for _, t := range q.Terms {
		if t.Field == "pattern" {
			if s.pats == nil {
				s.pats = map[string]*PatternMatcher{}
			}
			s.pats[t.Values[0]] = CompilePattern(t.Values[0])
		}
		if t.Field == "ref" {
			rt := refTerm{neg: t.Neg}
			for _, v := range t.Values {
				rt.prefixes = append(rt.prefixes, []byte(strings.ToLower(v)))
			}
			s.refs = append(s.refs, rt)
		}
	}
	return s, true
}

// Match says whether the query selects r.
func (s *Selector) Match(r *Rec) bool {
	if len(s.refs) > 0 && !s.refsMatch(r.Ref) {
		return false
	}
	msg := r.Msg
	if r.Bad != "" {
		msg = []byte(r.Bad)
	}
	k := s.key[:0]
	k = strconv.AppendInt(k, int64(r.Source), 10)
	k = append(k, 0)
	k = append(k, r.Format...)
	k = append(k, 0)
	k = append(k, r.Code...)
	k = append(k, 0)
	k = append(k, r.Op...)
	k = append(k, 0, byte(r.Type), boolByte(r.HasType), boolByte(r.Bad != ""), 0)
	k = append(k, msg...)
	s.key = k
	if s.last != nil && bytes.Equal(k, s.last) {
		return s.lastV.ok
	}
	v, ok := s.memo[string(k)]
	if !ok {
		v = s.decide(r, msg)
		if len(s.memo) < 1<<16 {
			s.memo[string(k)] = v
		}
	}
	s.last = append(s.last[:0], k...)
	s.lastV = v
	return v.ok
}

// Last gives the error type of the record Match was last asked about: its
// code, title and type, as the store would give them.
func (s *Selector) Last() (code, title string, typ Type) {
	return s.lastV.code, s.lastV.title, s.lastV.typ
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// decide is Compile's class and message tests for one record.
func (s *Selector) decide(r *Rec, msg []byte) verdict {
	v := verdict{}
	v.code, v.title, v.typ = s.kindOf(r, msg)
	v.ok = s.passes(r, msg, v.code, v.title, v.typ)
	return v
}

// kindOf is the error type the store gives a record (Store.lookupKind).
func (s *Selector) kindOf(r *Rec, msg []byte) (code, title string, typ Type) {
	code, title, typ = string(r.Code), "", r.Type
	if r.Bad != "" {
		code, title, typ = "", "Unreadable lines", TypeBad
	} else {
		entry := s.cat.Lookup(r.Format, code, string(msg))
		switch {
		case entry != nil:
			title = entry.Title
			if !r.HasType {
				typ, _ = ParseType(entry.Type)
			}
		case code == "":
			title = "No code"
		default:
			title = "Unknown code"
		}
	}
	return code, title, typ
}

func (s *Selector) passes(r *Rec, msg []byte, code, title string, typ Type) bool {
	if !s.shows[typ] {
		return false
	}
	for _, t := range s.q.Terms {
		var hit bool
		switch t.Field {
		case "code":
			hit = anyEqualFold(t.Values, code)
		case "op":
			hit = anyEqualFold(t.Values, string(r.Op))
		case "format":
			hit = anyEqualFold(t.Values, r.Format)
		case "title":
			lt := strings.ToLower(title)
			for _, v := range t.Values {
				hit = hit || strings.Contains(lt, v)
			}
		case "file":
			name := strings.ToLower(s.sources(r.Source))
			for _, v := range t.Values {
				hit = hit || strings.Contains(name, strings.ToLower(v))
			}
		case "pattern":
			hit = r.Bad == "" && s.pats[t.Values[0]].Match(string(msg))
		default:
			continue
		}
		if hit == t.Neg {
			return false
		}
	}
	if len(s.q.Not) > 0 {
		lm := strings.ToLower(string(msg))
		for _, w := range s.q.Not {
			if strings.Contains(lm, w) {
				return false
			}
		}
	}
	return true
}

func (s *Selector) refsMatch(ref []byte) bool {
	if len(ref) > MaxRef {
		ref = ref[:MaxRef]
	}
	for _, t := range s.refs {
		hit := false
		for _, p := range t.prefixes {
			if hasPrefixFold(ref, p) {
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
