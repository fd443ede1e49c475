package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// fuzzyWord is a query word compiled for fuzzyScore: its runes, and whether
// they are all ASCII (then an ASCII message is scored byte by byte).
type fuzzyWord struct {
	runes []rune
	ascii bool
}

func newFuzzyWord(w string) fuzzyWord {
	fw := fuzzyWord{runes: []rune(w), ascii: true}
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			fw.ascii = false
		}
	}
	return fw
}

// The bonuses and penalties of github.com/sahilm/fuzzy v0.1.3.
const (
	fzFirstCharBonus    = 10
	fzSeparatorBonus    = 20
	fzCamelCaseBonus    = 20
	fzAdjacentBonus     = 5
	fzLeadingPenalty    = -5
	fzMaxLeadingPenalty = -15
	fzSeparators        = "/-_ .\\"
)

// fuzzyScore scores s against w exactly as github.com/sahilm/fuzzy's Find
// does (the same greedy walk, bonuses and penalties, s cut at its first
// NUL), and says whether every letter of w was matched. It allocates
// nothing, so it can run over millions of messages; asciiMsg says s is all
// ASCII, which lets it read bytes instead of runes (the same result).
func fuzzyScore(w *fuzzyWord, s string, asciiMsg bool) (score int, ok bool) {
	if len(w.runes) == 0 {
		return 0, false
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	if w.ascii && asciiMsg {
		return fuzzyScoreASCII(w.runes, s)
	}
	runes := w.runes
	matched, lastMatch := 0, -1
	patternIndex := 0
	bestScore := -1
	matchedIndex := -1
	currAdjacent := 0
	var last rune
	var lastIndex int
	nextc, nextSize := utf8.DecodeRuneInString(s)
	var candidate rune
	var candidateSize int
	for j := 0; j < len(s); j += candidateSize {
		candidate, candidateSize = nextc, nextSize
		if fzEqualFold(candidate, runes[patternIndex]) {
			sc := 0
			if j == 0 {
				sc += fzFirstCharBonus
			}
			if unicode.IsLower(last) && unicode.IsUpper(candidate) {
				sc += fzCamelCaseBonus
			}
			if j != 0 && strings.ContainsRune(fzSeparators, last) {
				sc += fzSeparatorBonus
			}
			if matched > 0 {
				bonus := 0
				if lastIndex == lastMatch {
					bonus = currAdjacent*2 + fzAdjacentBonus
				}
				sc += bonus
				currAdjacent += bonus
			}
			if sc > bestScore {
				bestScore = sc
				matchedIndex = j
			}
		}
		var nextp rune
		if patternIndex < len(runes)-1 {
			nextp = runes[patternIndex+1]
		}
		if j+candidateSize < len(s) {
			if s[j+candidateSize] < utf8.RuneSelf {
				nextc, nextSize = rune(s[j+candidateSize]), 1
			} else {
				nextc, nextSize = utf8.DecodeRuneInString(s[j+candidateSize:])
			}
		} else {
			nextc, nextSize = 0, 0
		}
		if fzEqualFold(nextp, nextc) || nextc == 0 {
			if matchedIndex > -1 {
				if matched == 0 {
					bestScore += max(matchedIndex*fzLeadingPenalty, fzMaxLeadingPenalty)
				}
				score += bestScore
				matched++
				lastMatch = matchedIndex
				bestScore = -1
				patternIndex++
			}
		}
		lastIndex = j
		last = candidate
	}
	score += matched - len(s)
	return score, matched == len(runes)
}

// fuzzyScoreASCII is fuzzyScore's walk for an ASCII word over an ASCII
// message: a byte is a rune, and case, letters and separators are ASCII's
// (two bytes fold together when their lowered bytes are equal).
//
// The walk at position j looks at s[j] (a candidate for the word's current
// letter p) and at s[j+1] (when it is the next letter, nextp, the best
// candidate so far is taken and the walk moves on to the next letter); its
// "previous position" is always j-1. So a byte that is neither p nor nextp
// changes nothing: the walk skips from one byte that is to the next, in a
// tight loop, and does at each what the rune walk does at j-1 and then j.
func fuzzyScoreASCII(runes []rune, s string) (score int, ok bool) {
	n := len(runes)
	p := lowered[byte(runes[0])]
	var nextp byte
	if n > 1 {
		nextp = lowered[byte(runes[1])]
	}
	matched, lastMatch := 0, -1
	patternIndex := 0
	bestScore := -1
	matchedIndex := -1
	currAdjacent := 0
	for t := 0; t <= len(s); t++ {
		// t == len(s) is the end, which the last position sees coming.
		var c byte
		if t < len(s) {
			if t&7 == 0 && t+8 <= len(s) && !mayHold8(s[t:t+8], p, nextp) {
				t += 7
				continue
			}
			if c = lowered[s[t]]; c != p && c != nextp {
				continue
			}
		}
		// Position t-1 sees s[t] (or the end) coming up: the best
		// candidate for the current letter is taken.
		if t > 0 && (c == nextp || t == len(s)) && matchedIndex > -1 {
			if matched == 0 {
				bestScore += max(matchedIndex*fzLeadingPenalty, fzMaxLeadingPenalty)
			}
			score += bestScore
			matched++
			lastMatch = matchedIndex
			bestScore = -1
			patternIndex++
			// Past the last letter the walk compares with what follows
			// it: 0, which no byte of a message cut at its first NUL is.
			p, nextp = 0, 0
			if patternIndex < n {
				p = lowered[byte(runes[patternIndex])]
			}
			if patternIndex < n-1 {
				nextp = lowered[byte(runes[patternIndex+1])]
			}
		}
		// Position t is a candidate for the current letter.
		if t == len(s) || c != p {
			continue
		}
		sc := 0
		var last byte // the byte before, 0 at the start
		if t == 0 {
			sc += fzFirstCharBonus
		} else {
			last = s[t-1]
		}
		if 'a' <= last && last <= 'z' && 'A' <= s[t] && s[t] <= 'Z' {
			sc += fzCamelCaseBonus
		}
		if t != 0 && isFzSeparator(last) {
			sc += fzSeparatorBonus
		}
		if matched > 0 {
			bonus := 0
			if t-1 == lastMatch {
				bonus = currAdjacent*2 + fzAdjacentBonus
			}
			sc += bonus
			currAdjacent += bonus
		}
		if sc > bestScore {
			bestScore = sc
			matchedIndex = t
		}
	}
	score += matched - len(s)
	return score, matched == n
}

// mayHold8 says whether the 8 bytes of b may hold a byte that lowers to
// p or to q (p, q lowered, 0 for none): false means surely not. Eight
// bytes are looked at in a few word operations; a letter is looked for in
// both cases by setting the 0x20 bit of every byte, which may turn other
// bytes into it ('@' into '`'): a false yes, that the byte walk then
// rejects.
func mayHold8(b string, p, q byte) bool {
	w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	return hasByte(w, p) || hasByte(w, q)
}

// hasByte says whether a byte of w equals c (any case, for a small
// letter c); never for c == 0, which stands for no letter.
func hasByte(w uint64, c byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	if c == 0 {
		return false
	}
	if 'a' <= c && c <= 'z' {
		w |= 0x20 * ones
	}
	x := w ^ (uint64(c) * ones)
	return (x-ones)&^x&highs != 0
}

// lowered maps each byte to itself, ASCII capitals to small letters.
var lowered = func() (t [256]byte) {
	for i := range t {
		t[i] = lowerASCII(byte(i))
	}
	return t
}()

func isFzSeparator(c byte) bool {
	switch c {
	case '/', '-', '_', ' ', '.', '\\':
		return true
	}
	return false
}

// fzEqualFold is sahilm/fuzzy's equalFold (strings.EqualFold for a rune).
func fzEqualFold(tr, sr rune) bool {
	if tr == sr {
		return true
	}
	if tr < sr {
		tr, sr = sr, tr
	}
	if tr < utf8.RuneSelf {
		return 'A' <= sr && sr <= 'Z' && tr == sr+'a'-'A'
	}
	r := unicode.SimpleFold(sr)
	for r != sr && r < tr {
		r = unicode.SimpleFold(r)
	}
	return r == tr
}
