package model

import (
	"sort"
	"strings"
)

// Pattern is one pattern of an error type's messages, as it stands.
type Pattern struct {
	ID       int
	Text     string // the pattern, a `<*>` for each variable part
	Count    int64  // records
	Messages int64  // distinct messages
	Parts    []PatternPart
	Params   []Param // one per `<*>`, in order
}

// PatternPart is a piece of a pattern's text: constant text, or a variable
// part (Param indexes Params).
type PatternPart struct {
	Text  string
	Param int // -1 for constant text
}

// Param is what one variable part of a pattern holds.
type Param struct {
	Top      []ValueCount // the largest values, largest first
	Other    int64        // records whose value is not in Top
	Distinct int          // distinct values; -1 past MaxExactValues
	ErrBound int64        // how far above the truth a count may be; 0 when exact
}

// Patterns lists the patterns, the largest first, each variable part with
// its top values.
func (m *Miner) Patterns(top int) []Pattern {
	out := make([]Pattern, 0, m.live)
	for id, p := range m.pats {
		if m.fwd[id] == int32(id) {
			out = append(out, p.viewOf(id, top))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}

// Text is the text of pattern id, as Pattern gives it, made again only when
// a place turns variable or a variable part gets its second value.
func (m *Miner) Text(id int) string {
	p := m.pats[id]
	key := uint64(p.version) << 32
	for _, c := range p.vals {
		if c != nil && c.distinct() != 1 {
			key++
		}
	}
	if p.text == "" || key != p.textKey {
		p.text, p.textKey = p.makeView(id, 0).Text, key
	}
	return p.text
}

// Pattern describes pattern id.
func (m *Miner) Pattern(id, top int) Pattern { return m.pats[id].viewOf(id, top) }

func (p *pattern) viewOf(id, top int) Pattern {
	if p.view != nil && p.viewTop == top {
		return *p.view
	}
	v := p.makeView(id, top)
	p.view, p.viewTop = &v, top
	return v
}

func (p *pattern) makeView(id, top int) Pattern {
	v := Pattern{ID: id, Count: p.count, Messages: p.msgs}
	var b strings.Builder
	var lit strings.Builder
	for i, t := range p.toks {
		if i > 0 {
			b.WriteString(t.gap)
			lit.WriteString(t.gap)
		}
		c := p.vals[i]
		if c == nil || c.distinct() == 1 {
			text := t.text
			if c != nil {
				text, _ = c.only()
			}
			b.WriteString(text)
			lit.WriteString(text)
			continue
		}
		if lit.Len() > 0 {
			v.Parts = append(v.Parts, PatternPart{Text: lit.String(), Param: -1})
			lit.Reset()
		}
		b.WriteString(Wildcard)
		v.Parts = append(v.Parts, PatternPart{Text: Wildcard, Param: len(v.Params)})
		vals := c.topN(top)
		prm := Param{Top: vals, Other: p.count, Distinct: c.distinct(), ErrBound: c.errBound()}
		for _, x := range vals {
			prm.Other -= x.Count
		}
		if prm.Other < 0 { // a sketch's counts are upper bounds
			prm.Other = 0
		}
		v.Params = append(v.Params, prm)
	}
	if lit.Len() > 0 {
		v.Parts = append(v.Parts, PatternPart{Text: lit.String(), Param: -1})
	}
	v.Text = b.String()
	return v
}
