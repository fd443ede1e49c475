package model

import (
	"slices"
	"strings"
	"testing"
)

// A pattern's text is matched against the tokens of the message, as the
// miner cut them, not cut into tokens itself: a quote right before a `<*>`
// reads one way in the messages ("a=b" then a value: the quote is not a
// closing one) and the other way in a pattern (a quoted "a=b").
func TestPatternMatchesItsMessages(t *testing.T) {
	for _, msgs := range [][]string{
		{`x "a=b"1`, `x "a=b"2`},
		{`/p/1`, `/p/2`},
		{`id '1' at /p/1`, `id '2' at /p/2`},
		{`f() took 5 ms`, `f(a) took 6 ms`},
		{`Validation error: attribute 'ext.vip' expected integer but got string`, `Validation error: attribute 'ext.birthYear' expected boolean but got string`},
		{`a=1, b = 2`, `a = 3,b=4`},
		{`x '<*>' 1`, `x '<*>' 2`},
	} {
		m := NewMiner()
		for _, s := range msgs {
			m.Add(s, 1)
		}
		for _, s := range msgs {
			id, _ := m.Lookup(s)
			p := m.Pattern(id, 5)
			pm := CompilePattern(p.Text)
			if !pm.Match(s) {
				t.Errorf("%q is in pattern %q, which does not match it", s, p.Text)
				continue
			}
			var want []string
			for i, tk := range tokenize(s, nil) {
				if c := m.pats[id].vals[i]; c != nil && c.distinct() != 1 {
					want = append(want, tk.text)
				}
			}
			if strings.Contains(s, Wildcard) {
				continue // `<*>` in a message reads either way: Match only
			}
			if got, _ := pm.Values(s); !slices.Equal(got, want) {
				t.Errorf("%q in %q: values %q, the miner counted %q", s, p.Text, got, want)
			}
			for k, v := range want {
				if !CompilePattern(p.WithValue(k, v)).Match(s) {
					t.Errorf("%q does not match %q, its pattern with its value %q", s, p.WithValue(k, v), v)
				}
			}
		}
	}
}

// Blanks between tokens are free where punctuation stands (the miner puts
// a=1 and a = 1 in one pattern), not between two words.
func TestPatternMatchBlanks(t *testing.T) {
	for _, c := range []struct {
		pat, msg string
		ok       bool
	}{
		{"a=<*>", "a = 1", true},
		{"a = <*>", "a=1", true},
		{"  took <*> ms ", "took 5   ms", true},
		{"ab", "a b", false},
		{"a b", "ab", false},
		{"took <*> ms", "took 5 6 ms", true}, // values one after another are one value
		{"took <*> ms", "took five ms", true},
		{"took <*> ms", "took five six ms", false},
		{"took <*>", "took", false},
		{"f(<*>)", "f()", true},
		{"<*>", "a b", false},
		{"x <*>", "x =", false}, // punctuation is structure, never a value
	} {
		if got := CompilePattern(c.pat).Match(c.msg); got != c.ok {
			t.Errorf("%q matches %q: %v, want %v", c.pat, c.msg, got, c.ok)
		}
	}
}
