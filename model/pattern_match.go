package model

import "strings"

// PatternMatcher tells the messages that fit a pattern's text: the message's
// tokens, cut as the miner cuts them, each written in the text as it is or
// standing for a `<*>` (any one value or word, never punctuation), with
// blanks free where punctuation stands and needed between two words.
//
// The text itself is not cut into tokens: a quote or a `<*>` may read one
// way in a pattern and the other way in the messages it stands for (`x
// "a=b"<*>` holds `x "a=b"1`, where the second quote closes nothing). So a
// message fits every pattern it was mined into, and the values Values finds
// are the ones the miner counted.
type PatternMatcher struct {
	text  string
	buf   []token
	cur   []int32 // the places in text the tokens so far can end at
	next  []int32
	edges []edge // by token, in order: each way a token was read
	ends  []int  // by token: where its edges end in edges
}

// edge is one way a token was read: from one place in the text to another,
// as a `<*>` or as its own text.
type edge struct {
	from, to int32
	wild     bool
}

// CompilePattern reads a pattern's text, as Pattern.Text writes it.
func CompilePattern(text string) *PatternMatcher {
	return &PatternMatcher{text: text}
}

// Match says whether msg fits the pattern.
func (p *PatternMatcher) Match(msg string) bool {
	return p.align(msg)
}

// Values gives the values msg has in the pattern's `<*>`s, in order, and
// whether msg fits it. Where a token of msg could be read either way (it is
// `<*>` itself), it is read as a `<*>`.
func (p *PatternMatcher) Values(msg string) ([]string, bool) {
	if !p.align(msg) {
		return nil, false
	}
	var vals []string
	at := int32(len(p.text))
	for i := len(p.buf) - 1; i >= 0; i-- {
		start := 0
		if i > 0 {
			start = p.ends[i-1]
		}
		for _, e := range p.edges[start:p.ends[i]] {
			if e.to == at {
				if e.wild {
					vals = append(vals, p.buf[i].text)
				}
				at = e.from
				break
			}
		}
	}
	for i, j := 0, len(vals)-1; i < j; i, j = i+1, j-1 {
		vals[i], vals[j] = vals[j], vals[i]
	}
	return vals, true
}

// align reads msg's tokens along the text, keeping every place in the text
// each token can end at (mostly one), and the ways it got there.
func (p *PatternMatcher) align(msg string) bool {
	p.buf = tokenize(msg, p.buf[:0])
	p.edges, p.ends = p.edges[:0], p.ends[:0]
	p.cur = append(p.cur[:0], p.skip(0))
	for i := range p.buf {
		t := &p.buf[i]
		// Two words always have a blank between them in a message; in the
		// text too, or it is one word.
		needBlank := i > 0 && !t.punct && !p.buf[i-1].punct
		p.next = p.next[:0]
		for _, at := range p.cur {
			if needBlank && (at == 0 || !isBlank(p.text[at-1])) {
				continue
			}
			rest := p.text[at:]
			if !t.punct && strings.HasPrefix(rest, Wildcard) {
				p.step(at, at+int32(len(Wildcard)), true)
			}
			if strings.HasPrefix(rest, t.text) {
				p.step(at, at+int32(len(t.text)), false)
			}
		}
		p.ends = append(p.ends, len(p.edges))
		if len(p.next) == 0 {
			return false
		}
		p.cur, p.next = p.next, p.cur
	}
	for _, at := range p.cur {
		if int(at) == len(p.text) {
			return true
		}
	}
	return false
}

// step records that a token read from at ends at end (blanks after it
// skipped).
func (p *PatternMatcher) step(at, end int32, wild bool) {
	end = p.skip(end)
	p.edges = append(p.edges, edge{from: at, to: end, wild: wild})
	for _, n := range p.next {
		if n == end {
			return
		}
	}
	p.next = append(p.next, end)
}

func (p *PatternMatcher) skip(at int32) int32 {
	for int(at) < len(p.text) && isBlank(p.text[at]) {
		at++
	}
	return at
}

// WithValue writes the pattern's text with its variable part param (0 for
// the first `<*>`) replaced by value: the text that matches the messages of
// the pattern that have that value in that place.
func (p Pattern) WithValue(param int, value string) string {
	var b strings.Builder
	for _, part := range p.Parts {
		if part.Param == param {
			b.WriteString(value)
		} else {
			b.WriteString(part.Text)
		}
	}
	return b.String()
}
