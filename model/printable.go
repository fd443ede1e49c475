package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable makes untrusted log text safe to write to a terminal or a text
// output. Control characters (C0, DEL, C1) and so every escape sequence are
// shown visibly as Go-style escapes (`\x1b[2J` stays readable but inert),
// so are characters that draw nothing (bidi controls, zero-width and other
// format characters, variation selectors: `\u202e`, `\U000e0041`),
// invalid UTF-8 is shown as its bytes (`\xff`), and a literal backslash is
// left as it is. Tabs and newlines are escaped too: one record is one line.
//
// It is the one function every writer of log text goes through.
func Printable(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				writeEscape(&b, c)
			} else {
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeEscape(&b, c)
		case r >= 0x80 && r < 0xa0, r == 0x2028, r == 0x2029, invisible(r):
			// C1 controls (e.g. U+009B, an 8-bit CSI), line separators,
			// and characters that draw nothing but change what is around
			// them (bidi controls that show a ref reversed, zero-width
			// characters that make two refs look alike, the BOM, variation
			// selectors): show the code point.
			writeCodePoint(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// invisible reports whether r draws nothing: a format character (Unicode
// category Cf: bidi controls U+202A-U+202E and U+2066-U+2069, zero-width
// U+200B-U+200D, U+2060, the BOM U+FEFF, the soft hyphen, tags, ...), a
// variation selector, or another default-ignorable code point (Hangul
// fillers, the combining grapheme joiner, Mongolian selectors).
func invisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Variation_Selector, r),
		r == 0x034f, r == 0x115f, r == 0x1160, r == 0x17b4, r == 0x17b5,
		r >= 0x180b && r <= 0x180f, r == 0x3164, r == 0xffa0:
		return true
	}
	return false
}

func writeCodePoint(b *strings.Builder, r rune) {
	const hex = "0123456789abcdef"
	digits := 4
	if r > 0xffff {
		b.WriteString(`\U`)
		digits = 8
	} else {
		b.WriteString(`\u`)
	}
	for i := digits - 1; i >= 0; i-- {
		b.WriteByte(hex[r>>(4*i)&0xf])
	}
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func writeEscape(b *strings.Builder, c byte) {
	const hex = "0123456789abcdef"
	switch c {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		b.WriteString(`\x`)
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xf])
	}
}

// Thousands writes n with thousands separators (1,000,000), as every count
// errscope shows is written.
func Thousands(n int64) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
