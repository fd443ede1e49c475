package model

// RefSet is a set of refs (UUIDs kept as their 16 bytes) that remembers
// which were found: the selected records' refs, looked for in the batch file.
type RefSet struct {
	packed map[[16]byte]bool
	text   map[string]bool
	found  int
}

// NewRefSet makes an empty set.
func NewRefSet() *RefSet {
	return &RefSet{packed: map[[16]byte]bool{}, text: map[string]bool{}}
}

// Add puts ref in the set (once, however often it is added).
func (s *RefSet) Add(ref []byte) {
	var k [16]byte
	if _, ok := packUUID(k[:0], ref); ok {
		if _, had := s.packed[k]; !had {
			s.packed[k] = false
		}
		return
	}
	if _, had := s.text[string(ref)]; !had {
		s.text[string(ref)] = false
	}
}

// Len is the number of refs in the set.
func (s *RefSet) Len() int { return len(s.packed) + len(s.text) }

// Find says whether ref is in the set, and marks it found.
func (s *RefSet) Find(ref []byte) bool {
	var k [16]byte
	if _, ok := packUUID(k[:0], ref); ok {
		f, had := s.packed[k]
		if had && !f {
			s.packed[k] = true
			s.found++
		}
		return had
	}
	f, had := s.text[string(ref)]
	if had && !f {
		s.text[string(ref)] = true
		s.found++
	}
	return had
}

// Found is how many refs of the set Find has met.
func (s *RefSet) Found() int { return s.found }

// Missing lists up to max refs never found (in no particular order).
func (s *RefSet) Missing(max int) []string {
	var out []string
	var buf [36]byte
	for k, f := range s.packed {
		if len(out) >= max {
			return out
		}
		if !f {
			out = append(out, string(unpackUUID(&buf, k[:])))
		}
	}
	for k, f := range s.text {
		if len(out) >= max {
			break
		}
		if !f {
			out = append(out, k)
		}
	}
	return out
}

// Each calls fn with every ref of the set (a packed one as its text).
func (s *RefSet) Each(fn func(ref []byte)) {
	var buf [36]byte
	for k := range s.packed {
		fn(unpackUUID(&buf, k[:]))
	}
	for k := range s.text {
		fn([]byte(k))
	}
}
