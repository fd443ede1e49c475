package model

import (
	"testing"
	"unicode"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"clear\x1b[2Jscreen", `clear\x1b[2Jscreen`},
		{"\x1b]52;c;ZXZpbA==\x07", `\x1b]52;c;ZXZpbA==\x07`},
		{"\x1b]0;title\x1b\\", `\x1b]0;title\x1b\`},
		{"tab\tnl\ncr\r", `tab\tnl\ncr\r`},
		{"del\x7f", `del\x7f`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi-safe é ü 日本", "bidi-safe é ü 日本"},
		{"bom \ufeff", `bom \ufeff`},
		{"nul\x00", `nul\x00`},
		{`back\slash`, `back\slash`},
		{"", ""},
		// Characters that draw nothing but change what is around them.
		{"ref \u202eabc", `ref \u202eabc`},                                 // right-to-left override
		{"\u2066x\u2067y\u2068z\u2069", `\u2066x\u2067y\u2068z\u2069`},     // bidi isolates
		{"a\u200bb\u200cc\u200dd\u2060e", `a\u200bb\u200cc\u200dd\u2060e`}, // zero-width
		{"soft\u00adhyphen", `soft\u00adhyphen`},
		{"heart❤\ufe0f", `heart❤\ufe0f`}, // a variation selector
		{"tag\U000e0041", `tag\U000e0041`},
		{"fillerㅤ", `filler\u3164`},
		{"combining é stays", "combining é stays"},
		{"emoji 😀 stays", "emoji 😀 stays"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"a\x1b[2Jb", "\xff", "\u009b", "ok", "\u202e\u200d\ufe0f\U000e0041"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < 0x20 || c == 0x7f {
				t.Fatalf("Printable(%q) = %q holds control byte %#x", s, out, c)
			}
		}
		for _, r := range out {
			if r >= 0x80 && r < 0xa0 {
				t.Fatalf("Printable(%q) = %q holds C1 control %U", s, out, r)
			}
			if invisible(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Printable(%q) = %q holds invisible %U", s, out, r)
			}
			if r == 0xfffd && !containsRune(s, 0xfffd) {
				t.Fatalf("Printable(%q) = %q is not valid UTF-8", s, out)
			}
		}
	})
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1000: "-1,000", 1_000_000: "1,000,000"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
