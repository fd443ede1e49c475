package model

import "strings"

// PatternMatcher tells the messages that fit a pattern's text: the same
// tokens, each `<*>` standing for any one value or word.
type PatternMatcher struct {
	toks []token
	buf  []token
}

// CompilePattern reads a pattern's text, as Pattern.Text writes it.
func CompilePattern(text string) *PatternMatcher {
	return &PatternMatcher{toks: tokenize(text, nil, true)}
}

// Match says whether msg fits the pattern.
func (p *PatternMatcher) Match(msg string) bool {
	p.buf = tokenize(msg, p.buf[:0], false)
	if len(p.buf) != len(p.toks) {
		return false
	}
	for i, t := range p.toks {
		m := &p.buf[i]
		if t.wild {
			if m.punct {
				return false
			}
			continue
		}
		if t.text != m.text {
			return false
		}
	}
	return true
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
