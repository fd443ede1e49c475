package model

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// sameAsSahilm fails t when fuzzyScore disagrees with sahilm/fuzzy's Find
// on w and s: whether s matches, and its score.
func sameAsSahilm(t *testing.T, w, s string) {
	t.Helper()
	fw := newFuzzyWord(w)
	ascii := true
	for i := 0; i < len(s); i++ {
		ascii = ascii && s[i] < utf8.RuneSelf
	}
	score, ok := fuzzyScore(&fw, s, ascii)
	ms := fuzzy.Find(w, []string{s})
	if ok != (len(ms) == 1) {
		t.Fatalf("fuzzyScore(%q, %q) matched %v, fuzzy.Find %d matches", w, s, ok, len(ms))
	}
	if ok && score != ms[0].Score {
		t.Fatalf("fuzzyScore(%q, %q) = %d, fuzzy.Find scores %d", w, s, score, ms[0].Score)
	}
	// What narrowing a query relies on: a word without a NUL matches
	// exactly when its letters come in the message in order, any case.
	if !strings.ContainsRune(w, 0) {
		cut, _, _ := strings.Cut(s, "\x00")
		if sub := foldSubsequence([]rune(w), []rune(cut)); sub != ok {
			t.Fatalf("fuzzyScore(%q, %q) matched %v, but letters in order: %v", w, s, ok, sub)
		}
	}
	if ascii {
		// The rune walk gives the same as the byte walk.
		if s2, ok2 := fuzzyScore(&fuzzyWord{runes: fw.runes}, s, false); ok2 != ok || (ok && s2 != score) {
			t.Fatalf("fuzzyScore(%q, %q): rune walk %d %v, byte walk %d %v", w, s, s2, ok2, score, ok)
		}
	}
}

func TestFuzzyScoreAsSahilm(t *testing.T) {
	for _, c := range []struct{ w, s string }{
		{"d", "distinct message 4242 x"}, {"dist", "distinct message 4242 x"}, {"4242", "distinct message 4242 x"},
		{"undefloy", "Validation error: undefined attribute 'loyaltyTier'"}, {"tk", "The Black Knight"},
		{"ab", "aab"}, {"aa", "aa"}, {"ab", "ba"}, {"abb", "abb"}, {"vE", "validationError"},
		{"k", "\u212a"}, {"\u212a", "Kelvin"}, {"é", "CAFÉ au lait"}, {"a\x00b", "a b"}, {"a", "x\x00a"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
		{"x", ""}, {"\xff", "a\xffb"}, {"_a", "b_a_a"}, {"/", "a//b"},
	} {
		sameAsSahilm(t, c.w, c.s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []byte("aAbB dD-_./\\x1\x00")
	gen := func(n int) string {
		b := make([]byte, r.IntN(n))
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	for range 200000 {
		w, s := gen(5), gen(14)
		if w == "" {
			continue
		}
		sameAsSahilm(t, w, s)
	}
}

// FuzzFuzzyScore checks the allocation-free scorer against sahilm/fuzzy on
// any word and message.
func FuzzFuzzyScore(f *testing.F) {
	f.Add("undefloy", "Validation error: undefined attribute 'loyaltyTier'")
	f.Add("dist", "distinct message 4242 x")
	f.Add("\u212a", "Kelvin K")
	f.Fuzz(func(t *testing.T, w, s string) {
		if w == "" {
			return
		}
		sameAsSahilm(t, w, s)
	})
}
