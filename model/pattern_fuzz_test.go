package model

import (
	"slices"
	"strings"
	"testing"
)

// FuzzMiner feeds lines to the tokenizer and the miner: tokens stand where
// they say in the message, every message lands in one pattern whose text
// matches it, the values the matcher reads in it are the ones the miner
// counted, the counts of every variable part add up exactly, and a
// pattern's text with a value in place of a `<*>` selects, of the pattern's
// records, as many as the value counts.
func FuzzMiner(f *testing.F) {
	for _, s := range []string{
		"Validation error: attribute 'ext.birthYear' expected boolean but got string\nValidation error: attribute 'ext.vip' expected integer but got string",
		"connection from 1.2.3.4 () at Sun Jul 24 02:38:22 2005\nconnection from 5.6.7.8 (a.b.c) at Mon Jul 25 02:38:22 2005",
		"q1.cnzz.com:80 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS\nwpad:80 error : x",
		"session closed for user a\nsession closed for user b\nsession closed for user c\nsession closed for user d\nsession closed for user e",
		`GET /v2/x?a=b&c=d "q" 'it''s' isn't () [] {} <*> '<*>' x=<*>`,
		"see https://u:p@h/p, then C:\\x\\y and 10.0.0.1,10.0.0.2 at 12:34:56.789Z.",
		"x \"a=b\"1\nx \"a=b\"2\n/p/1\n/p/2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Split(in, "\n")
		for _, l := range lines {
			toks := tokenize(l, nil)
			last := -1
			for _, tk := range toks {
				if tk.off < last || tk.off+len(tk.text) > len(l) || l[tk.off:tk.off+len(tk.text)] != tk.text {
					t.Fatalf("%q: token %q does not stand at %d", l, tk.text, tk.off)
				}
				last = tk.off
			}
		}
		m := NewMiner()
		counts := map[string]int64{}
		for i, l := range lines {
			n := int64(1 + i%3)
			m.Add(l, n)
			counts[l] += n
		}
		checkCounts(t, m, counts)
		wild := strings.Contains(in, Wildcard) // a `<*>` in a message reads either way
		for l := range counts {
			id, _ := m.Lookup(l)
			if int32(id) == m.rest {
				continue
			}
			p := m.Pattern(id, 3)
			pm := CompilePattern(p.Text)
			if !pm.Match(l) {
				t.Fatalf("%q is in pattern %q, which does not match it", l, p.Text)
			}
			if wild {
				continue
			}
			vals, _ := pm.Values(l)
			if want := countedValues(m, id, l); !slices.Equal(vals, want) {
				t.Fatalf("%q in pattern %q: the matcher reads %q, the miner counted %q", l, p.Text, vals, want)
			}
			for k, v := range vals {
				if !CompilePattern(p.WithValue(k, v)).Match(l) {
					t.Fatalf("%q does not match %q, its pattern with its own value %q", l, p.WithValue(k, v), v)
				}
			}
		}
		if wild || m.rest >= 0 {
			return
		}
		// Patterns may overlap (a message placed in a narrower pattern
		// first fits a wider one's text too): counted among the messages
		// of each pattern.
		byPat := map[int]map[string]int64{}
		for l, n := range counts {
			id, _ := m.Lookup(l)
			if byPat[id] == nil {
				byPat[id] = map[string]int64{}
			}
			byPat[id][l] += n
		}
		for _, p := range m.Patterns(3) {
			for k, prm := range p.Params {
				for _, v := range prm.Top {
					if n := selects(byPat[p.ID], p.WithValue(k, v.Value)); n != v.Count {
						t.Fatalf("%q selects %d records, the value %q of %q counts %d (%q)", p.WithValue(k, v.Value), n, v.Value, p.Text, v.Count, lines)
					}
				}
			}
		}
	})
}

// countedValues gives the values the miner counted for msg in pattern id,
// in the order of its `<*>`s.
func countedValues(m *Miner, id int, msg string) []string {
	var vals []string
	for i, tk := range tokenize(msg, nil) {
		if c := m.pats[id].vals[i]; c != nil && c.distinct() != 1 {
			vals = append(vals, tk.text)
		}
	}
	return vals
}

// selects counts the records whose message fits the pattern text.
func selects(counts map[string]int64, text string) int64 {
	pm := CompilePattern(text)
	var n int64
	for l, c := range counts {
		if pm.Match(l) {
			n += c
		}
	}
	return n
}

// FuzzPatternMatch: a message is a pattern of itself; with any one of its
// words or values written as `<*>`, it still fits, and that `<*>` reads the
// word; Match and Values agree.
func FuzzPatternMatch(f *testing.F) {
	for _, s := range []string{
		`x "a=b"1`, `/p/1`, `f() took 5 ms`, `a=1, b = 2`, `Validation error: attribute 'ext.vip' expected integer but got string`,
		`at Sun Jul 24 02:38:22 2005 from 10.0.0.1:80`, `'<*>' <*>`, "  lead\tand trail  ",
	} {
		f.Add(s, "", uint8(1))
	}
	f.Add(`a <*> b`, `a 1 b`, uint8(0))
	f.Fuzz(func(t *testing.T, msg, pat string, k uint8) {
		pm := CompilePattern(pat)
		vals, ok := pm.Values(msg)
		if ok != pm.Match(msg) || (ok && len(vals) > strings.Count(pat, Wildcard)) {
			t.Fatalf("%q in %q: Match %v, Values %q %v", msg, pat, pm.Match(msg), vals, ok)
		}
		if !CompilePattern(msg).Match(msg) {
			t.Fatalf("%q does not fit itself", msg)
		}
		var words []token
		for _, tk := range tokenize(msg, nil) {
			if !tk.punct {
				words = append(words, tk)
			}
		}
		if len(words) == 0 {
			return
		}
		w := words[int(k)%len(words)]
		text := msg[:w.off] + Wildcard + msg[w.off+len(w.text):]
		vals, ok = CompilePattern(text).Values(msg)
		if !ok {
			t.Fatalf("%q does not fit %q", msg, text)
		}
		if !strings.Contains(msg, Wildcard) && !slices.Equal(vals, []string{w.text}) {
			t.Fatalf("%q in %q reads %q, want %q", msg, text, vals, w.text)
		}
	})
}
