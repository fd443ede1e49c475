package model

import (
	"strings"
	"testing"
)

// FuzzMiner feeds lines to the tokenizer and the miner: tokens stand where
// they say in the message, every message lands in one pattern whose text
// matches it, and the counts of every variable part add up exactly.
func FuzzMiner(f *testing.F) {
	for _, s := range []string{
		"Validation error: attribute 'ext.birthYear' expected boolean but got string\nValidation error: attribute 'ext.vip' expected integer but got string",
		"connection from 1.2.3.4 () at Sun Jul 24 02:38:22 2005\nconnection from 5.6.7.8 (a.b.c) at Mon Jul 25 02:38:22 2005",
		"q1.cnzz.com:80 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS\nwpad:80 error : x",
		"session closed for user a\nsession closed for user b\nsession closed for user c\nsession closed for user d\nsession closed for user e",
		`GET /v2/x?a=b&c=d "q" 'it''s' isn't () [] {} <*> '<*>' x=<*>`,
		"see https://u:p@h/p, then C:\\x\\y and 10.0.0.1,10.0.0.2 at 12:34:56.789Z.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Split(in, "\n")
		for _, l := range lines {
			toks := tokenize(l, nil, false)
			last := -1
			for _, tk := range toks {
				if tk.off < last || tk.off+len(tk.text) > len(l) || l[tk.off:tk.off+len(tk.text)] != tk.text {
					t.Fatalf("%q: token %q does not stand at %d", l, tk.text, tk.off)
				}
				last = tk.off
			}
			tokenize(l, nil, true)
		}
		m := NewMiner()
		counts := map[string]int64{}
		for i, l := range lines {
			n := int64(1 + i%3)
			m.Add(l, n)
			counts[l] += n
		}
		checkCounts(t, m, counts)
		for l := range counts {
			id, _ := m.Lookup(l)
			p := m.Pattern(id, 3)
			if int32(id) != m.rest && !strings.Contains(l, Wildcard) && !CompilePattern(p.Text).Match(l) {
				t.Fatalf("%q is in pattern %q, which does not match it", l, p.Text)
			}
		}
	})
}
