package model

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func tokenTexts(msg string) string {
	var parts []string
	for _, t := range tokenize(msg, nil) {
		s := t.text
		switch {
		case t.punct:
			s = "." + s
		case t.vary:
			s = "$" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestTokenize(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{"Resource conflict", "Resource conflict"},
		{"Validation error: undefined attribute 'ext.preferredChannel'",
			"Validation error .: undefined attribute .' $ext.preferredChannel .'"},
		{"Guest 12345 not found.", "Guest $12345 not found .."},
		{"uid=0 euid=509 tty=NODEVssh", "uid .= $0 euid .= $509 tty .= NODEVssh"},
		{"connection from 1.2.3.4 () at Sun Jul 24 02:38:22 2005",
			"connection from $1.2.3.4 .( $ .) at $Sun Jul 24 02:38:22 2005"},
		{"q1.cnzz.com:80 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS",
			"$q1.cnzz.com:80 open through proxy $proxy.cse.cuhk.edu.hk:5070 HTTPS"},
		{"wpad:80 error", "$wpad:80 error"},
		{"see https://user:pw@example.com/a?b=1, then", "see $https://user:pw@example.com/a?b=1 ., then"},
		{`file C:\temp\x.log gone`, `file $C:\temp\x.log gone`},
		{"ref 3f2504e0-4f89-11d3-9a0c-0305e82c3301 id 0xdeadbeef", "ref $3f2504e0-4f89-11d3-9a0c-0305e82c3301 id $0xdeadbeef"},
		{"mail bob@example.com at /var/log/x.log", "mail $bob@example.com at $/var/log/x.log"},
		{"GET /v2/servers?all=True&since=2017-05-16T05%3A54 done", "GET $/v2/servers?all=True&since=2017-05-16T05%3A54 done"},
		{`"GET /v2/x HTTP/1.1" status: 200`, `." GET $/v2/x HTTP/1.1 ." status .: $200`},
		{"from 10.0.0.2,10.0.0.1 ok", "from $10.0.0.2,10.0.0.1 ok"},
		{"it isn't 'quoted", "it isn't .' quoted"},
		{"a  b", "a b"},
		{"", ""},
		{"Validation error: attribute '<*>' expected <*>", "Validation error .: attribute .' $<*> .' expected .< * .>"},
	} {
		if got := tokenTexts(tc.msg); got != tc.want {
			t.Errorf("tokenize(%q)\n got %s\nwant %s", tc.msg, got, tc.want)
		}
	}
}

func TestMinerGroups(t *testing.T) {
	for _, tc := range []struct {
		name string
		msgs []string
		want []string // pattern texts, largest first
	}{
		{"a constant message is its own pattern",
			[]string{"Resource conflict", "Resource conflict", "Server error"},
			[]string{"Resource conflict", "Server error"}},
		{"numbers vary",
			[]string{"Guest 1 not found", "Guest 22 not found", "Guest 333 not found"},
			[]string{"Guest <*> not found"}},
		{"one value is shown as it is",
			[]string{"Guest 7 not found", "Guest 7 not found"},
			[]string{"Guest 7 not found"}},
		{"quoted values vary",
			[]string{"undefined attribute 'a'", "undefined attribute 'b'", "Unsupported mode 'x'"},
			[]string{"undefined attribute '<*>'", "Unsupported mode 'x'"}},
		{"two words in one place stay apart",
			[]string{"VM Started (Lifecycle Event)", "VM Stopped (Lifecycle Event)", "VM Started (Lifecycle Event)"},
			[]string{"VM Started (Lifecycle Event)", "VM Stopped (Lifecycle Event)"}},
		{"five words in one place are a value",
			[]string{"session closed for user root", "session closed for user news", "session closed for user test",
				"session closed for user cyrus", "session closed for user guest", "session opened"},
			[]string{"session closed for user <*>", "session opened"}},
		{"ten word pairs in two places are values",
			func() []string {
				var out []string
				types := []string{"integer", "string", "boolean", "number", "date"}
				for i, a := range types {
					for j, b := range types {
						if i != j && len(out) < 12 {
							out = append(out, fmt.Sprintf("attribute 'ext.f%d' expected %s but got %s", i, a, b))
						}
					}
				}
				return out
			}(),
			[]string{"attribute '<*>' expected <*> but got <*>"}},
		{"another structure is another pattern",
			[]string{"took 5 ms", "took 5 ms (slow)", "took 6 ms"},
			[]string{"took <*> ms", "took 5 ms (slow)"}},
		{"a value next to a value is one value",
			[]string{"at Sun Jul 24 02:38:22 2005 ok", "at Mon Jul 25 12:00:00 2005 ok"},
			[]string{"at <*> ok"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMiner()
			for _, msg := range tc.msgs {
				m.Add(msg, 1)
			}
			var got []string
			for _, p := range m.Patterns(3) {
				got = append(got, p.Text)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// checkCounts recounts every variable part of every pattern from the
// messages and their counts, and compares.
func checkCounts(t *testing.T, m *Miner, counts map[string]int64) {
	t.Helper()
	type key struct {
		pat, pos int
		val      string
	}
	want := map[key]int64{}
	total := map[int]int64{}
	msgs := map[int]int64{}
	for msg, n := range counts {
		id, ok := m.Lookup(msg)
		if !ok {
			t.Fatalf("message %q has no pattern", msg)
		}
		total[id] += n
		msgs[id]++
		p := m.pats[id]
		if int32(id) == m.rest {
			want[key{id, 0, msg}] += n
			continue
		}
		toks := tokenize(msg, nil)
		if len(toks) != len(p.toks) {
			t.Fatalf("message %q has %d tokens, its pattern %d", msg, len(toks), len(p.toks))
		}
		for i, c := range p.vals {
			if c == nil {
				if toks[i].text != p.toks[i].text {
					t.Fatalf("message %q has %q where its pattern has %q", msg, toks[i].text, p.toks[i].text)
				}
				continue
			}
			want[key{id, i, toks[i].text}] += n
		}
	}
	live := 0
	for id, p := range m.pats {
		if m.fwd[id] != int32(id) {
			continue
		}
		live++
		if p.count != total[id] || p.msgs != msgs[id] {
			t.Errorf("pattern %d: %d records of %d messages, want %d of %d", id, p.count, p.msgs, total[id], msgs[id])
		}
		for i, c := range p.vals {
			if c == nil {
				continue
			}
			if c.ss != nil {
				continue // checked by TestSketch
			}
			c.each(func(v string, n int64) {
				if want[key{id, i, v}] != n {
					t.Errorf("pattern %d place %d value %q: %d, want %d", id, i, v, n, want[key{id, i, v}])
				}
				delete(want, key{id, i, v})
			})
		}
	}
	for k, n := range want {
		if m.pats[k.pat].vals[k.pos] != nil && m.pats[k.pat].vals[k.pos].ss == nil {
			t.Errorf("pattern %d place %d value %q: not counted, want %d", k.pat, k.pos, k.val, n)
		}
	}
	if live != m.Len() {
		t.Errorf("Len %d, %d live patterns", m.Len(), live)
	}
}

var shapes = []string{
	"Validation error: attribute '%s' expected %s but got %s",
	"Validation error: undefined attribute '%s'",
	"Guest %d not found",
	"session closed for user %s",
	"took %d ms",
	"Resource conflict",
	"VM %s (Lifecycle Event)",
}

var words = []string{"root", "news", "test", "cyrus", "guest", "ext.birthYear", "ext.vip", "integer", "string", "Started", "Stopped"}

func randomMessage(r *rand.Rand) string {
	s := shapes[r.IntN(len(shapes))]
	var args []any
	for i := 0; i < strings.Count(s, "%"); i++ {
		if strings.Contains(s[strings.Index(s, "%"):], "%d") && i == 0 && strings.Contains(s, "%d") {
			args = append(args, r.IntN(50))
		} else {
			args = append(args, words[r.IntN(len(words))])
		}
	}
	return fmt.Sprintf(s, args...)
}

func TestMinerCountsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := NewMiner()
	counts := map[string]int64{}
	for i := 0; i < 5000; i++ {
		msg := randomMessage(r)
		n := int64(1 + r.IntN(3))
		m.Add(msg, n)
		counts[msg] += n
	}
	checkCounts(t, m, counts)
	var sum int64
	for _, p := range m.Patterns(10) {
		sum += p.Count
		for _, prm := range p.Params {
			got := prm.Other
			for _, v := range prm.Top {
				got += v.Count
			}
			if got != p.Count {
				t.Errorf("%q: a variable part's counts add up to %d, want %d", p.Text, got, p.Count)
			}
		}
	}
	var want int64
	for _, n := range counts {
		want += n
	}
	if sum != want {
		t.Errorf("patterns hold %d records, want %d", sum, want)
	}
}

// A place that turns variable late is credited with the records before.
func TestMinerCreditsConstant(t *testing.T) {
	m := NewMiner()
	m.Add("expected integer but got x1", 7)
	m.Add("expected integer but got x2", 1)
	m.Add("expected integer but got 3", 2)
	ps := m.Patterns(10)
	if len(ps) != 1 || ps[0].Text != "expected integer but got <*>" {
		t.Fatalf("patterns %+v", ps)
	}
	want := []ValueCount{{"x1", 7}, {"3", 2}, {"x2", 1}}
	if fmt.Sprint(ps[0].Params[0].Top) != fmt.Sprint(want) {
		t.Errorf("values %v, want %v", ps[0].Params[0].Top, want)
	}
}

func TestMinerDeterministic(t *testing.T) {
	run := func() string {
		r := rand.New(rand.NewPCG(3, 4))
		m := NewMiner()
		for i := 0; i < 3000; i++ {
			m.Add(randomMessage(r), 1)
		}
		return fmt.Sprint(m.Patterns(5))
	}
	if a, b := run(), run(); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

func TestMinerMaxPatterns(t *testing.T) {
	m := NewMiner()
	counts := map[string]int64{}
	for i := 0; i < MaxPatterns+50; i++ {
		msg := strings.Repeat("w ", i%7) + fmt.Sprintf("word%c%c%c", 'a'+i%26, 'a'+i/26%26, 'a'+i/676%26)
		msg = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return 'q'
			}
			return r
		}, msg)
		m.Add(msg, 1)
		counts[msg]++
	}
	if m.Len() > MaxPatterns+1 {
		t.Errorf("%d patterns, at most %d", m.Len(), MaxPatterns+1)
	}
	checkCounts(t, m, counts)
}

func TestMinerLookupBytes(t *testing.T) {
	m := NewMiner()
	a := m.Add("Guest 1 not found", 1)
	m.Add("Guest 2 not found", 1)
	if id, ok := m.LookupBytes([]byte("Guest 1 not found")); !ok || id != m.Resolve(a) {
		t.Errorf("LookupBytes: %d %v, want %d", id, ok, m.Resolve(a))
	}
	if _, ok := m.LookupBytes([]byte("Guest 3 not found")); ok {
		t.Error("LookupBytes finds a message never added")
	}
}

// Place and AddAgain, which keep no table of messages, mine what Add does.
func TestMinerPlaceIsAdd(t *testing.T) {
	a, b := NewMiner(), NewMiner()
	ids := map[string]int{}
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 20_000 {
		msg := fmt.Sprintf("Guest %d not found", r.IntN(5000))
		switch r.IntN(4) {
		case 0:
			msg = fmt.Sprintf("Validation error: attribute 'ext.f%d' expected %s", r.IntN(50), []string{"string", "integer"}[r.IntN(2)])
		case 1:
			msg = fmt.Sprintf("Server error %d at %d", r.IntN(3), i)
		}
		n := int64(1 + r.IntN(3))
		a.Add(msg, n)
		if id, ok := ids[msg]; ok {
			b.AddAgain(id, msg, n)
		} else {
			ids[msg] = b.Place(msg, n)
		}
	}
	if pa, pb := fmt.Sprint(a.Patterns(TopValues)), fmt.Sprint(b.Patterns(TopValues)); pa != pb {
		t.Errorf("Add mined\n%s\nPlace and AddAgain\n%s", pa, pb)
	}
}

// A miner that makes and merges more patterns than the seen table has ids
// for (merged patterns keep theirs) still finds every message in its
// pattern, and counts a message added again once.
func TestMinerPatternIDsFitSeenTable(t *testing.T) {
	m := NewMiner()
	word := func(r *rand.Rand) string {
		b := make([]byte, 6)
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
		}
		return string(b)
	}
	r := rand.New(rand.NewPCG(1, 1))
	var msgs []string
	ids := map[string]int{}
	for range 1500 {
		b := word(r)
		for range 6 {
			msg := b + " " + word(r)
			msgs = append(msgs, msg)
			ids[msg] = m.Add(msg, 1)
		}
	}
	if len(m.pats) > maxPatternIDs+1 { // and the rest's
		t.Errorf("%d pattern ids, at most %d", len(m.pats), maxPatternIDs+1)
	}
	bad, again := 0, 0
	for _, msg := range msgs {
		id, ok := m.Lookup(msg)
		if !ok || id != m.Resolve(ids[msg]) {
			bad++
		}
	}
	var msgsCounted int64
	for _, p := range m.Patterns(1) {
		msgsCounted += p.Messages
	}
	for _, msg := range msgs {
		m.Add(msg, 1)
	}
	var after int64
	for _, p := range m.Patterns(1) {
		after += p.Messages
	}
	again = int(after - msgsCounted)
	if bad > 0 || again > 0 {
		t.Errorf("%d of %d messages not found in their pattern by Lookup; adding each again counted %d more distinct messages", bad, len(msgs), again)
	}
}
