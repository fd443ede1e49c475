package model

// Refs are most often UUIDs ("3e06c2f4-5b1a-4c7e-9d2f-8a1b2c3d4e5f"): 36
// bytes of text, 16 of value. The store keeps a ref that is a UUID in its
// canonical lower-case form as its 16 bytes, marked by refPacked in its
// end offset, and any other ref as its text.

// refPacked marks a refEnd whose ref is a packed UUID.
const refPacked = 1 << 31

const hexDigits = "0123456789abcdef"

// hexValue maps a lower-case hex digit to its value, anything else to 0xff.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := range 16 {
		t[hexDigits[i]] = byte(i)
	}
	return t
}()

// uuidText gives, for each of the 16 bytes of a UUID, where its two hex
// digits stand in the text.
var uuidText = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// packUUID appends the 16 bytes of ref to dst if ref is a canonical
// lower-case UUID; ok says whether it was.
func packUUID(dst, ref []byte) (out []byte, ok bool) {
	if len(ref) != 36 || ref[8] != '-' || ref[13] != '-' || ref[18] != '-' || ref[23] != '-' {
		return dst, false
	}
	var v [16]byte
	bad := byte(0)
	for k, at := range uuidText {
		hi, lo := hexValue[ref[at]], hexValue[ref[at+1]]
		bad |= hi | lo
		v[k] = hi<<4 | lo&0xf
	}
	if bad&0xf0 != 0 { // some digit was not lower-case hex
		return dst, false
	}
	return append(dst, v[:]...), true
}

// unpackUUID writes the canonical text of 16 packed bytes into buf.
func unpackUUID(buf *[36]byte, v []byte) []byte {
	buf[8], buf[13], buf[18], buf[23] = '-', '-', '-', '-'
	for k, at := range uuidText {
		buf[at], buf[at+1] = hexDigits[v[k]>>4], hexDigits[v[k]&0xf]
	}
	return buf[:]
}

// refHasPrefixFold reports whether record j's ref begins with the
// lower-case prefix p (ASCII letters compared without case), unpacking no
// more of a packed UUID than p needs.
func (c *chunkView) refHasPrefixFold(j int, p []byte) bool {
	start := uint32(0)
	if j > 0 {
		start = c.refEnd[j-1] &^ refPacked
	}
	end := c.refEnd[j]
	if end&refPacked == 0 {
		return hasPrefixFold(c.arena[start:end], p)
	}
	if len(p) > 36 {
		return false
	}
	v := c.arena[start : end&^refPacked]
	k := 0 // nibble
	for i, want := range p {
		var got byte
		if i == 8 || i == 13 || i == 18 || i == 23 {
			got = '-'
		} else {
			b := v[k/2]
			if k%2 == 0 {
				b >>= 4
			}
			got = hexDigits[b&0xf]
			k++
		}
		if got != want {
			return false
		}
	}
	return true
}

// ref gives record j's ref as text; buf holds it when it was packed.
func (c *chunkView) ref(j int, buf *[36]byte) []byte {
	start := uint32(0)
	if j > 0 {
		start = c.refEnd[j-1] &^ refPacked
	}
	end := c.refEnd[j]
	if end&refPacked != 0 {
		return unpackUUID(buf, c.arena[start:end&^refPacked])
	}
	return c.arena[start:end]
}
