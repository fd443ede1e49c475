package source

import "testing"

func TestPlain8Exhaustive(t *testing.T) {
	// Every byte value in every position, with plain filler elsewhere.
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			x := uint64(0)
			for k := 7; k >= 0; k-- {
				x = x<<8 | uint64(b[k])
			}
			want := !(c == '"' || c == '\\' || c < 0x20)
			if got := plain8(x); got != want {
				t.Fatalf("byte %#x at %d: plain8 = %v", c, pos, got)
			}
		}
	}
}

func TestPlain8Random(t *testing.T) {
	// Random words against the byte-by-byte definition.
	x := uint64(0x9E3779B97F4A7C15)
	for range 2_000_000 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		want := true
		for k := 0; k < 64; k += 8 {
			if c := byte(x >> k); c == '"' || c == '\\' || c < 0x20 {
				want = false
			}
		}
		if got := plain8(x); got != want {
			t.Fatalf("%#016x: plain8 = %v", x, got)
		}
	}
}
