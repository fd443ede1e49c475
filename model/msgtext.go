package model

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How a word is looked for in a message's text: as strings.Contains over
// strings.ToLower of the message, without lowering a copy of it.

// Message flags, from one look at each message's bytes.
const (
	flagASCII = 1 << iota
	flagUpper // an ASCII capital letter
	flagNUL   // a NUL byte, where the fuzzy walk stops
)

func msgFlags(s string) uint8 {
	var or, f byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		or |= c
		if c-'A' < 26 {
			f |= flagUpper
		}
		if c == 0 {
			f |= flagNUL
		}
	}
	if or < utf8.RuneSelf {
		return flagASCII | f
	}
	return f
}

// contains says whether message i, lower-cased, contains lw (lower case).
// A message that is not ASCII is lowered into *buf, which is kept for the
// next (one buffer a worker): no allocation either way.
func (m *msgMemo) contains(i int, lw string, buf *[]byte) bool {
	s := m.msgs[i]
	switch f := m.flags[i]; {
	case f&flagASCII == 0:
		*buf = appendLower((*buf)[:0], s)
		return containsBytes(*buf, lw)
	case f&flagUpper == 0:
		return strings.Contains(s, lw)
	}
	return containsFoldASCII(s, lw)
}

// containsBytes is strings.Contains(string(b), w) without the string.
func containsBytes(b []byte, w string) bool {
	if len(w) == 0 {
		return true
	}
	for i := 0; i+len(w) <= len(b); {
		j := bytes.IndexByte(b[i:len(b)-len(w)+1], w[0])
		if j < 0 {
			return false
		}
		i += j
		if string(b[i:i+len(w)]) == w {
			return true
		}
		i++
	}
	return false
}

// appendLower appends strings.ToLower(s) to b: each rune lowered by
// unicode.ToLower, a byte that is not UTF-8 written as U+FFFD, as
// strings.Map writes it.
func appendLower(b []byte, s string) []byte {
	for _, r := range s {
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	return b
}

// containsFoldASCII is strings.Contains(strings.ToLower(s), lw) for an
// ASCII s, without lowering s.
func containsFoldASCII(s, lw string) bool {
	n := len(lw)
	if n == 0 {
		return true
	}
	c0 := lw[0]
	for i := 0; i+n <= len(s); i++ {
		if lowerASCII(s[i]) != c0 {
			continue
		}
		j := 1
		for j < n && lowerASCII(s[i+j]) == lw[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}
