package model

import (
	"hash/maphash"
	"slices"
	"strings"
)

// SimThreshold is how alike a message must be to a pattern to join it: the
// share of the pattern's words the message has in the same places (values
// in a variable place count for neither). Loghub's grouping accuracy is
// measured with these settings for every dataset alike (see the README).
const SimThreshold = 0.5

// Siblings is how many patterns that differ in the word of one place only
// make that place a variable part: they merge into one. Fewer stay apart
// (`VM Started` and `VM Stopped` are two patterns; a user name seen in
// five patterns is a value).
const Siblings = 5

// PairSiblings is how many patterns that differ in the words of the same two
// places make both places variable parts (`expected <*> but got <*>`).
const PairSiblings = 10

// MaxPatterns bounds the patterns of one error type. Past it, a message that
// fits no pattern joins the closest one of its length, or the pattern `<*>`.
const MaxPatterns = 2000

// maxPatternIDs bounds the patterns one miner ever makes, merged ones
// included, so that every id fits the seen table; the last id is kept for
// the rest pattern.
const maxPatternIDs = seenIDMask

// Miner groups the distinct messages of one error type into patterns. It
// starts from Drain (He et al., ICWS 2017): messages with the same number of
// tokens whose words agree in at least SimThreshold of their places join one
// pattern, and the places where they differ become variable parts (`<*>`).
// Unlike Drain, a place where two messages hold two different words (not
// values: no digit, not quoted, not a path...) keeps them apart; once
// Siblings patterns differ in that one place only, it is a variable part
// and they merge, as Brain's count of distinct words in a place decides
// (Yu et al., IEEE TSC 2023). It learns one message at a time, so it works
// while a log streams in, and counts, for every variable part, how many
// records have each value.
//
// A message is placed once, the first time it is added; adding it again only
// counts. The same messages added in the same order give the same patterns.
// Every message is in exactly one pattern.
type Miner struct {
	byKey map[bucket][]int32 // live patterns by token count and first word, oldest first
	pats  []*pattern         // by id, merged ones too
	fwd   []int32            // by id: the pattern it merged into, or itself
	seen  seenTable          // hash of a message → its pattern (maybe merged since)
	sibs  map[uint64][]sibling
	seed  maphash.Seed
	toks  []token
	rest  int32 // the `<*>` pattern of messages past MaxPatterns, or -1
	live  int
}

type sibling struct {
	id, version int32
}

type pattern struct {
	toks    []ptok
	vals    []*counter // by place; nil where the pattern has a constant
	nvals   int
	count   int64
	msgs    int64
	version int32 // grows whenever a place turns variable

	view    *Pattern // the last view made, until the pattern changes
	viewTop int
	text    string // the last text made, and what it was made of
	textKey uint64
}

type ptok struct {
	text, gap string
	punct     bool
}

// NewMiner makes an empty miner.
func NewMiner() *Miner {
	return &Miner{byKey: map[bucket][]int32{}, sibs: map[uint64][]sibling{},
		seed: maphash.MakeSeed(), rest: -1}
}

// Add counts n records (n ≥ 1) with the message msg and returns the id of its
// pattern. A pattern's variable parts may grow, and patterns may merge: an id
// given before may since stand for another pattern (Resolve says which).
func (m *Miner) Add(msg string, n int64) int {
	h := maphash.String(m.seed, msg)
	if id, ok := m.seen.get(h); ok {
		return m.again(m.find(id), msg, n)
	}
	id := m.placeMsg(msg, n)
	m.seen.put(h, int32(id))
	return id
}

// Place is Add for a message the caller knows was never added and will not
// look up by its text (Lookup does not find it): the caller keeps the id
// and counts the message's later records with AddAgain. It skips the table
// of messages seen, which with a million distinct messages costs a cache
// miss and 16 bytes each.
func (m *Miner) Place(msg string, n int64) int { return m.placeMsg(msg, n) }

// AddAgain counts n more records of a message that Place or Add gave id.
func (m *Miner) AddAgain(id int, msg string, n int64) int {
	return m.again(m.find(int32(id)), msg, n)
}

func (m *Miner) placeMsg(msg string, n int64) int {
	m.toks = tokenize(msg, m.toks[:0])
	id := m.find(m.place(m.toks))
	m.pats[id].msgs++
	return m.count(id, msg, n)
}

func (m *Miner) again(id int32, msg string, n int64) int {
	if p := m.pats[id]; id != m.rest && p.nvals > 0 {
		m.toks = tokenize(msg, m.toks[:0])
	}
	return m.count(id, msg, n)
}

// count counts n records of msg, whose tokens m.toks holds, in pattern id.
func (m *Miner) count(id int32, msg string, n int64) int {
	p := m.pats[id]
	p.count += n
	p.view = nil
	if id == m.rest {
		p.vals[0].add(msg, n)
		return int(id)
	}
	for i, c := range p.vals {
		if c != nil {
			c.add(m.toks[i].text, n)
		}
	}
	return int(id)
}

// Lookup gives the pattern of a message added before.
func (m *Miner) Lookup(msg string) (int, bool) {
	id, ok := m.seen.get(maphash.String(m.seed, msg))
	if !ok {
		return 0, false
	}
	return int(m.find(id)), true
}

// LookupBytes is Lookup for a message in bytes.
func (m *Miner) LookupBytes(msg []byte) (int, bool) {
	id, ok := m.seen.get(maphash.Bytes(m.seed, msg))
	if !ok {
		return 0, false
	}
	return int(m.find(id)), true
}

// Resolve gives the pattern that id, given by Add before, now is part of.
func (m *Miner) Resolve(id int) int { return int(m.find(int32(id))) }

// Len is the number of patterns.
func (m *Miner) Len() int { return m.live }

func (m *Miner) find(id int32) int32 {
	for m.fwd[id] != id {
		m.fwd[id] = m.fwd[m.fwd[id]]
		id = m.fwd[id]
	}
	return id
}

// bucket files patterns by their number of tokens and their first word
// ("" when it is a value): a message is compared only with the patterns of
// its own word and of "", as Drain's parse tree does.
type bucket struct {
	n     int
	first string
}

func (p *pattern) bucket() bucket {
	if len(p.toks) == 0 || p.vals[0] != nil {
		return bucket{n: len(p.toks)}
	}
	return bucket{len(p.toks), p.toks[0].text}
}

// place finds the pattern the message joins, generalizing it, or makes one.
func (m *Miner) place(toks []token) int32 {
	best, bestSim := int32(-1), -1.0
	try := func(ids []int32) {
		for _, id := range ids {
			if s := m.pats[id].similarity(toks); s > bestSim || (s == bestSim && s >= 0 && id < best) {
				best, bestSim = id, s
			}
		}
	}
	try(m.byKey[bucket{n: len(toks)}])
	if len(toks) > 0 && (!toks[0].vary || toks[0].punct) {
		try(m.byKey[bucket{len(toks), toks[0].text}])
	}
	// Full: MaxPatterns live, or every id the seen table can hold given
	// (merged patterns keep theirs): a message joins the nearest pattern,
	// or the rest.
	full := m.live >= MaxPatterns || len(m.pats) >= maxPatternIDs
	if best >= 0 && (bestSim >= SimThreshold || full) {
		m.update(best, func() bool { return m.pats[best].generalize(toks) })
		return best
	}
	if full {
		if m.rest < 0 {
			m.rest = m.add(&pattern{toks: []ptok{{text: Wildcard}}, vals: []*counter{newCounter()}, nvals: 1})
		}
		return m.rest
	}
	p := &pattern{toks: make([]ptok, len(toks)), vals: make([]*counter, len(toks))}
	for i, t := range toks {
		p.toks[i] = ptok{text: strings.Clone(t.text), gap: strings.Clone(t.gap), punct: t.punct}
		if t.vary && !t.punct {
			p.vals[i] = newCounter()
			p.nvals++
		}
	}
	id := m.add(p)
	b := p.bucket()
	m.byKey[b] = append(m.byKey[b], id)
	m.register(id)
	return id
}

// update applies change to pattern id, and if it changed the pattern, files
// it anew.
func (m *Miner) update(id int32, change func() bool) {
	p := m.pats[id]
	before := p.bucket()
	if !change() {
		return
	}
	if after := p.bucket(); after != before {
		m.unfile(id, before)
		m.byKey[after] = append(m.byKey[after], id)
		slices.Sort(m.byKey[after])
	}
	m.register(id)
}

func (m *Miner) unfile(id int32, b bucket) {
	l := m.byKey[b]
	if k := slices.Index(l, id); k >= 0 {
		m.byKey[b] = slices.Delete(l, k, k+1)
	}
}

func (m *Miner) add(p *pattern) int32 {
	id := int32(len(m.pats))
	m.pats = append(m.pats, p)
	m.fwd = append(m.fwd, id)
	m.live++
	return id
}

// register files the pattern under its sibling keys, one for each constant
// word: its tokens with that word left out. When Siblings live patterns
// share a key, they merge.
func (m *Miner) register(id int32) {
	p := m.pats[id]
	hs := make([]uint64, len(p.toks))
	var all uint64
	for i, t := range p.toks {
		h := uint64(0x9e3779b97f4a7c15)
		if p.vals[i] == nil {
			h = maphash.String(m.seed, t.text)
		}
		hs[i] = h * uint64(2*i+1)
		all += hs[i]
	}
	words := 0
	for i, t := range p.toks {
		if p.vals[i] == nil && !t.punct {
			words++
		}
	}
	if words < 2 {
		return // a lone word is what the message says, not a value
	}
	var places []int
	for i, t := range p.toks {
		if p.vals[i] == nil && !t.punct {
			places = append(places, i)
		}
	}
	for _, i := range places {
		key := (all-hs[i])*31 + uint64(i)*0x100000001b3 + uint64(len(p.toks))
		if m.file(key, id, Siblings, i, -1) {
			return
		}
	}
	if len(places) > maxPairWords {
		return
	}
	for a, i := range places {
		for _, j := range places[a+1:] {
			key := (all-hs[i]-hs[j])*37 + uint64(i)*0x100000001b3 + uint64(j)*0x9e3779b97f4a7c15 + uint64(len(p.toks))
			if m.file(key, id, PairSiblings, i, j) {
				return
			}
		}
	}
}

// maxPairWords bounds the patterns whose pairs of places are filed.
const maxPairWords = 24

// file adds pattern id to the siblings under key, and merges them when they
// are enough. It says whether they merged.
func (m *Miner) file(key uint64, id int32, enough, i, j int) bool {
	p := m.pats[id]
	list := m.sibs[key][:0]
	for _, s := range m.sibs[key] {
		if m.fwd[s.id] == s.id && m.pats[s.id].version == s.version && s.id != id {
			list = append(list, s)
		}
	}
	list = append(list, sibling{id, p.version})
	if len(list) < enough {
		m.sibs[key] = list
		return false
	}
	delete(m.sibs, key)
	m.merge(list, i, j)
	return true
}

// merge makes place pos of the first sibling variable and merges the others
// into it: their counts, and the values of their variable parts, add up.
func (m *Miner) merge(sibs []sibling, pos, pos2 int) {
	into := sibs[0].id
	for _, s := range sibs[1:] {
		into = min(into, s.id)
	}
	t := m.pats[into]
	m.update(into, func() bool {
		for _, k := range []int{pos, pos2} {
			if k >= 0 {
				c := newCounter()
				c.add(t.toks[k].text, t.count)
				t.vals[k] = c
				t.nvals++
			}
		}
		t.version++
		t.view = nil
		for _, s := range sibs {
			if s.id == into {
				continue
			}
			o := m.pats[s.id]
			for j, tc := range t.vals {
				switch {
				case tc == nil:
				case o.vals[j] != nil:
					tc.merge(o.vals[j])
				default:
					tc.add(o.toks[j].text, o.count)
				}
			}
			t.count += o.count
			t.msgs += o.msgs
			m.fwd[s.id] = into
			m.live--
			m.unfile(s.id, o.bucket())
			*o = pattern{}
		}
		return true
	})
}

// similarity is the share of the pattern's words that the message has in
// the same places; -1 when the message is of another structure: its
// punctuation differs, or a word differs from a constant word of the pattern
// (two words in one place make two patterns until siblings says otherwise).
// A place the pattern holds variable takes any value.
func (p *pattern) similarity(toks []token) float64 {
	same, words := 0, 0
	for i, t := range toks {
		pt := &p.toks[i]
		if pt.punct || t.punct {
			if pt.punct != t.punct || pt.text != t.text {
				return -1
			}
			continue
		}
		if p.vals[i] != nil {
			if !t.vary {
				words++
				same++
			}
			continue
		}
		words++
		switch {
		case pt.text == t.text:
			same++
		case !t.vary:
			return -1
		}
	}
	if words == 0 {
		return 1
	}
	return float64(same) / float64(words)
}

// generalize turns the places where the message differs into variable parts.
// The records counted so far all had the constant there: its counter starts
// with them, so the counts stay exact. It says whether anything changed.
func (p *pattern) generalize(toks []token) bool {
	changed := false
	for i, t := range toks {
		if p.vals[i] != nil || p.toks[i].punct || p.toks[i].text == t.text {
			continue
		}
		c := newCounter()
		c.add(p.toks[i].text, p.count)
		p.vals[i] = c
		p.nvals++
		changed = true
	}
	if changed {
		p.version++
		p.view = nil
	}
	return changed
}
